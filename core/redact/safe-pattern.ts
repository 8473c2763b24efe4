/**
 * Compiles regexes that projects supply (extra patterns, allowlist entries). They run on every
 * string of every trace shown to a reviewer, on a backtracking engine, so patterns that can take
 * exponential time are refused up front with a message that says how to fix them:
 * - a repeated group that itself contains an unbounded repeat (`(a+)+`, `(\w+\s?)*`, `(.*a){3}`),
 *   or an unboundedly repeated group with a bounded repeat inside (`(a{1,3})+`);
 * - a repeated group with alternatives (`(a|ab)*`): use a character class or split the pattern;
 * - backreferences (`\1`, `\k<name>`).
 * Every unbounded repeat (`*`, `+`, `{2,}`) is then capped at MAX_REPEAT, so a match attempt is
 * bounded and `\w+@` costs O(n) rather than O(n²) on a megabyte of letters. Adjacent overlapping
 * repeats (`\d+\d+`) remain polynomial in MAX_REPEAT; such patterns are allowed but slow.
 */
import { AppError } from '../errors.js';

export const MAX_PATTERN_LENGTH = 500;
/** Unbounded repeats in project patterns match at most this many times. */
export const MAX_REPEAT = 100;

/** `/source/flags` is a regex literal; anything else is returned as null. */
export function parseRegexLiteral(entry: string): { source: string; flags: string } | null {
  const m = /^\/(.+)\/([imsu]*)$/s.exec(entry);
  return m ? { source: m[1]!, flags: m[2]! } : null;
}

/**
 * A global regex from a project's pattern (plain source, or `/source/flags`), or an AppError
 * `bad_request` naming the field and the pattern.
 */
export function compileSafePattern(pattern: string, field: string): RegExp {
  const literal = parseRegexLiteral(pattern);
  const source = literal?.source ?? pattern;
  const flags = `${literal?.flags ?? ''}g`;
  const fail = (why: string, cause?: unknown) =>
    new AppError('bad_request', `${field}: pattern ${JSON.stringify(pattern)} ${why}`, { field, cause });
  if (source.length === 0) throw fail('is empty');
  if (source.length > MAX_PATTERN_LENGTH) throw fail(`is longer than ${MAX_PATTERN_LENGTH} characters`);
  try {
    new RegExp(source, flags);
  } catch (err) {
    throw fail(`is not a valid regular expression (${(err as Error).message})`, err);
  }
  const { hazard, bounded } = analysePattern(source);
  if (hazard !== null) throw fail(hazard);
  const regex = new RegExp(bounded, flags);
  if (regex.test('')) throw fail('matches the empty string; require at least one character');
  regex.lastIndex = 0;
  return regex;
}

type Repeat = 0 | 1 | 2; // none, bounded ({2,5}), unbounded (*, +, {2,})

interface Frame {
  repeat: Repeat;
  alternation: boolean;
}

/** How the quantifier at the start of `rest` repeats its atom. */
function repeatOf(rest: string): Repeat {
  const m = /^(?:([*+])|\{(\d+)(,(\d*))?\})/.exec(rest);
  if (!m) return 0;
  if (m[1] !== undefined || m[4] === '') return 2;
  const max = Number(m[4] ?? m[2]);
  return max > 1 ? 1 : 0;
}

/**
 * Why the pattern could backtrack exponentially (or null), and the source with every unbounded
 * repeat capped at MAX_REPEAT characters, which keeps each match attempt bounded. Assumes the
 * source already compiles.
 */
export function analysePattern(source: string): { hazard: string | null; bounded: string } {
  const stack: Frame[] = [{ repeat: 0, alternation: false }];
  const top = () => stack.at(-1)!;
  let out = '';
  let i = 0;
  const afterAtom = (from: number, frame: Frame) => {
    out += source.slice(i, from);
    frame.repeat = Math.max(frame.repeat, repeatOf(source.slice(from, from + 24))) as Repeat;
    i = from;
    copyQuantifier();
  };
  const copyQuantifier = () => {
    const m = /^(?:([*+?])|\{(\d+)(,(\d*))?\})(\??)/.exec(source.slice(i, i + 24));
    if (!m) return;
    if (m[1] === '*') out += `{0,${MAX_REPEAT}}${m[5]}`;
    else if (m[1] === '+') out += `{1,${MAX_REPEAT}}${m[5]}`;
    else if (m[4] === '' && Number(m[2]) <= MAX_REPEAT) out += `{${m[2]},${MAX_REPEAT}}${m[5]}`;
    else out += m[0];
    i += m[0].length;
  };
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')) {
        return {
          hazard: 'uses a backreference, which can take exponential time; match the text explicitly instead',
          bounded: source,
        };
      }
      afterAtom(i + 2, top());
    } else if (c === '[') {
      afterAtom(skipClass(source, i), top());
    } else if (c === '(') {
      stack.push({ repeat: 0, alternation: false });
      let j = i + 1;
      if (source[j] === '?') {
        const named = source[j + 1] === '<' && source[j + 2] !== '=' && source[j + 2] !== '!';
        j = named ? source.indexOf('>', j) + 1 : source[j + 1] === '<' ? j + 3 : j + 2;
      }
      out += source.slice(i, j);
      i = j;
    } else if (c === ')') {
      const group = stack.pop()!;
      const outer = repeatOf(source.slice(i + 1, i + 24));
      if (outer > 0 && (group.repeat === 2 || (group.repeat === 1 && outer === 2))) {
        return {
          hazard:
            'repeats a group that itself contains a repeat (like `(a+)+`), which can take exponential time; make the inner or the outer repeat bounded or remove it',
          bounded: source,
        };
      }
      if (outer === 2 && group.alternation) {
        return {
          hazard:
            'repeats a group with alternatives (like `(a|ab)*`), which can take exponential time; use a character class or separate patterns',
          bounded: source,
        };
      }
      top().repeat = Math.max(top().repeat, group.repeat, outer) as Repeat;
      out += ')';
      i++;
      copyQuantifier();
    } else {
      if (c === '|') top().alternation = true;
      afterAtom(i + 1, top());
    }
  }
  return { hazard: null, bounded: out };
}

function skipClass(source: string, i: number): number {
  let j = i + 1;
  if (source[j] === '^') j++;
  if (source[j] === ']') j++;
  while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
  return j + 1;
}
