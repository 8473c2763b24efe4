import { analysePattern } from '../redact/safe-pattern.js';
import { EvaluatorConfigError } from './errors.js';

/** Evaluator patterns may be longer than redaction patterns (mined alternations), but not unboundedly. */
export const MAX_EVALUATOR_PATTERN_LENGTH = 2000;

/**
 * Texts up to this many characters run the pattern exactly as written; longer texts run its capped
 * form (every unbounded repeat limited to MAX_REPEAT, as in redaction), so a pattern such as `\w+@`
 * costs O(n) rather than O(n²) on a megabyte of output. Below the limit the worst case of a
 * polynomial pattern is ~10⁸ steps; above it, `.*` spans at most 100 characters.
 */
export const EXACT_MATCH_LIMIT = 10_000;

const ALLOWED_FLAGS = /^[imsu]*$/;

/** A project-supplied regex, checked once, with an exact and a capped form. */
export interface EvaluatorPattern {
  /** As configured, for explanations: `/source/flags`. */
  readonly display: string;
  /** The regex to run on `text` (exact for ordinary texts, capped for huge ones). */
  readonly regexFor: (text: string) => RegExp;
  /** Capture groups in the pattern. */
  readonly groups: number;
}

/**
 * Compiles a pattern from an evaluator config. Patterns that can backtrack exponentially (nested or
 * alternated repeats, backreferences) are refused with the same analysis and messages as redaction
 * patterns (core/redact/safe-pattern.ts), as are invalid patterns and flags other than `imsu`
 * (`g` is ignored: evaluators decide how to iterate). Unlike redaction patterns, a pattern may match
 * the empty string (`^\s*$` is a meaningful must_not_match). `global` compiles with the `g` flag for
 * callers that iterate with `exec`; they must reset `lastIndex` before each text.
 */
export const compileEvaluatorPattern = (
  pattern: unknown,
  field: string,
  options: { flags?: unknown; flagsField?: string; global?: boolean } = {},
): EvaluatorPattern => {
  if (typeof pattern !== 'string') throw new EvaluatorConfigError(field, 'must be a regular expression string');
  const flags = options.flags ?? '';
  const flagsField = options.flagsField ?? field;
  if (typeof flags !== 'string') throw new EvaluatorConfigError(flagsField, 'must be a string of regex flags');
  const own = flags.replace(/g/g, '');
  if (!ALLOWED_FLAGS.test(own) || new Set(own).size !== own.length) {
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
  const allFlags = options.global ? `${own}g` : own;
  let exact: RegExp;
  try {
    exact = new RegExp(pattern, allFlags);
  } catch (err) {
    throw fail(`is not a valid regular expression (${(err as Error).message})`, err);
  }
  const { hazard, bounded } = analysePattern(pattern);
  if (hazard !== null) throw fail(hazard);
  let capped = exact;
  try {
    if (bounded !== pattern) capped = new RegExp(bounded, allFlags);
  } catch (err) {
    throw fail(`cannot be bounded for long texts (${(err as Error).message})`, err);
  }
  const groups = (new RegExp(`${pattern}|`, own).exec('')?.length ?? 1) - 1;
  return {
    display: `/${pattern}/${own}`,
    regexFor: (text) => (text.length > EXACT_MATCH_LIMIT ? capped : exact),
    groups,
  };
};
