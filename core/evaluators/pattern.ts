import { compileLinearRegex, type LinearRegex, PatternError } from '../patterns/linear-regex.js';
import { EvaluatorConfigError } from './errors.js';

/** Evaluator patterns may be longer than redaction patterns (mined alternations), but not unboundedly. */
export const MAX_EVALUATOR_PATTERN_LENGTH = 2000;

/** A project- or LLM-supplied regex, checked once and compiled on the linear-time engine. */
export interface EvaluatorPattern {
  /** As configured, for explanations: `/source/flags`. */
  readonly display: string;
  /** The compiled pattern: matching is linear in the text whatever the pattern. */
  readonly regex: LinearRegex;
  /** Capture groups in the pattern. */
  readonly groups: number;
}

/**
 * Compiles a pattern from an evaluator config on the linear-time engine (core/patterns/linear-regex.ts).
 * Invalid patterns, patterns the engine cannot run (backreferences, lookaround) and flags other
 * than `imsu` are refused with a message naming the field (`g` is ignored: evaluators decide how to
 * iterate). Unlike redaction patterns, a pattern may match the empty string (`^\s*$` is a meaningful
 * must_not_match).
 */
export const compileEvaluatorPattern = (
  pattern: unknown,
  field: string,
  options: { flags?: unknown; flagsField?: string } = {},
): EvaluatorPattern => {
  if (typeof pattern !== 'string') throw new EvaluatorConfigError(field, 'must be a regular expression string');
  const flags = options.flags ?? '';
  const flagsField = options.flagsField ?? field;
  if (typeof flags !== 'string') throw new EvaluatorConfigError(flagsField, 'must be a string of regex flags');
  const own = flags.replace(/g/g, '');
  if (!/^[imsu]*$/.test(own) || new Set(own).size !== own.length) {
    throw new EvaluatorConfigError(
      flagsField,
      `flags ${JSON.stringify(flags)} are not supported; use any of i, m, s, u`,
    );
  }
  const fail = (why: string, cause?: unknown) =>
    new EvaluatorConfigError(field, `pattern ${JSON.stringify(pattern)} ${why}`, cause);
  if (pattern.length === 0) throw fail('is empty');
  if (pattern.length > MAX_EVALUATOR_PATTERN_LENGTH) {
    throw fail(`is longer than ${MAX_EVALUATOR_PATTERN_LENGTH} characters`);
  }
  let regex: LinearRegex;
  try {
    regex = compileLinearRegex(pattern, own);
  } catch (err) {
    if (err instanceof PatternError) throw fail(err.message, err);
    throw err;
  }
  return { display: `/${pattern}/${own}`, regex, groups: regex.groups };
};
