/**
 * Compiles regexes that projects supply (extra patterns, allowlist entries). They run on every
 * string of every trace shown to a reviewer, so they run on the linear-time engine
 * (core/patterns/linear-regex.ts): no pattern can make a page or an export slow. Patterns the
 * engine cannot express (backreferences, lookaround) are refused with a message that says so.
 */
import { AppError } from '../errors.js';
import { compileLinearRegex, type LinearRegex, PatternError } from '../patterns/linear-regex.js';

export const MAX_PATTERN_LENGTH = 500;

/** `/source/flags` is a regex literal; anything else is returned as null. */
export function parseRegexLiteral(entry: string): { source: string; flags: string } | null {
  const m = /^\/(.+)\/([imsu]*)$/s.exec(entry);
  return m ? { source: m[1]!, flags: m[2]! } : null;
}

/**
 * A project's pattern (plain source, or `/source/flags`) compiled on the linear-time engine, or an
 * AppError `bad_request` naming the field, the pattern and what is wrong with it.
 */
export function compileSafePattern(pattern: string, field: string): LinearRegex {
  const literal = parseRegexLiteral(pattern);
  const source = literal?.source ?? pattern;
  const fail = (why: string, cause?: unknown) =>
    new AppError('bad_request', `${field}: pattern ${JSON.stringify(pattern)} ${why}`, { field, cause });
  if (source.length === 0) throw fail('is empty');
  if (source.length > MAX_PATTERN_LENGTH) throw fail(`is longer than ${MAX_PATTERN_LENGTH} characters`);
  let regex: LinearRegex;
  try {
    regex = compileLinearRegex(source, literal?.flags ?? '');
  } catch (err) {
    if (err instanceof PatternError) throw fail(err.message, err);
    throw err;
  }
  if (regex.test('')) throw fail('matches the empty string; require at least one character');
  return regex;
}
