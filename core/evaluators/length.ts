import { EvaluatorConfigError, fieldPath } from './errors.js';
import { compileEvaluatorPattern, type EvaluatorPattern } from './pattern.js';
import type { CompiledRule, ConfigOf } from './rule-types.js';
import { codePointLength, snippet } from './text.js';
import type { EvalItem, Evaluation } from './types.js';

/**
 * `length`: the output's length in characters (Unicode code points: an emoji counts once) or
 * tokens (the trace's recorded output tokens; without one, an estimate of ⌈characters / 4⌉, which
 * the explanation says) must lie within [min, max].
 *
 * Scores, chosen so that threshold 0.5 gives "within budget, or over it but summarized":
 * - within budget: 1;
 * - over `max` with a line matching `summaryPattern` (compiled case-insensitive and multiline, so
 *   `^(tl;?dr|summary|in short)\b` finds a summary line anywhere): 0.5 + 0.5 · max/length, in [0.5, 1);
 * - over `max` otherwise: 0.5 · max/length, in (0, 0.5) — smaller the further over;
 * - under `min`: 0.5 · length/min, in [0, 0.5).
 */
export const compileLengthRule = (config: ConfigOf<'length'>, prefix = ''): CompiledRule => {
  const unit = config.unit;
  if (unit !== 'chars' && unit !== 'tokens')
    throw new EvaluatorConfigError(fieldPath(prefix, 'unit'), 'must be chars or tokens');
  const max = config.max;
  if (typeof max !== 'number' || !Number.isFinite(max) || max <= 0) {
    throw new EvaluatorConfigError(fieldPath(prefix, 'max'), `must be a positive number (got ${JSON.stringify(max)})`);
  }
  const min = config.min ?? 0;
  if (typeof min !== 'number' || !Number.isFinite(min) || min < 0 || min > max) {
    throw new EvaluatorConfigError(fieldPath(prefix, 'min'), `must be a number from 0 to max (${max})`);
  }
  const summary =
    config.summaryPattern === undefined
      ? null
      : compileEvaluatorPattern(config.summaryPattern, fieldPath(prefix, 'summaryPattern'), { flags: 'im' });
  const budget = min > 0 ? `the budget of ${min}–${max}` : `the budget of ${max}`;
  const noSummary = summary === null ? '' : ` and no line matches ${summary.display}`;

  return (item: EvalItem): Evaluation => {
    const { length, measure } = measureOutput(item, unit);
    if (length < min) return { score: (0.5 * length) / min, explanation: `${measure}, under the minimum of ${min}` };
    if (length <= max) return { score: 1, explanation: `${measure}, within ${budget}` };
    const ratio = max / length;
    const over = `${measure}, over ${budget} (${Math.round((1 / ratio - 1) * 100)}% over)`;
    const found = summary === null ? null : findSummary(summary, item.output);
    if (found !== null) return { score: 0.5 + 0.5 * ratio, explanation: `${over} but summarized: ${snippet(found)}` };
    return { score: 0.5 * ratio, explanation: `${over}${noSummary}` };
  };
};

const measureOutput = (item: EvalItem, unit: 'chars' | 'tokens') => {
  if (unit === 'tokens' && typeof item.outputTokens === 'number' && item.outputTokens >= 0) {
    return { length: item.outputTokens, measure: `${item.outputTokens} output tokens` };
  }
  const chars = codePointLength(item.output);
  if (unit === 'chars') return { length: chars, measure: `${chars} characters` };
  const tokens = Math.ceil(chars / 4);
  return {
    length: tokens,
    measure: `~${tokens} output tokens (estimated as ⌈${chars} characters / 4⌉: the trace recorded no token count)`,
  };
};

const findSummary = (summary: EvaluatorPattern, text: string) => {
  const match = summary.regex.exec(text);
  return match === null ? null : match[0] || '(empty match)';
};
