import { formatDecimal, quote } from './format.js';
import type { SignalDetector } from './make-signal.js';
import { makeSignal } from './make-signal.js';
import { matchPredicate } from './predicates.js';
import { spanLabel, spansByStart } from './trace-spans.js';

/** Feedback scores (0..1) at or below this are negative. */
export const NEGATIVE_FEEDBACK = 0.5;
/** Strength of a feedback attribute that matched without a usable score (thumbs down). */
const PREDICATE_MATCH = 0.9;

/** A 0..1 score read from a matched attribute, when it is one. */
const scoreOf = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : null;
};

/**
 * user_feedback: explicit feedback with score ≤ 0.5 (strength 1 − score, the comment quoted), and
 * the project's feedback predicates on span attributes (a thumbs-down: 0.9; a low score: 1 − score).
 * The strongest piece of feedback is told.
 */
export const detectUserFeedback: SignalDetector = (input) => {
  const found: { strength: number; text: string }[] = [];
  for (const { score, comment } of input.feedback) {
    const s = Math.max(0, Math.min(1, score));
    if (!(s <= NEGATIVE_FEEDBACK)) continue;
    const said = comment?.trim() ? `: ${quote(comment)}` : '';
    found.push({ strength: 1 - s, text: `a user scored this trace ${formatDecimal(s, 2)} of 1${said}` });
  }
  const seen = new Set<string>();
  for (const span of spansByStart(input.spans)) {
    for (const predicate of input.settings.feedbackPredicates) {
      const match = matchPredicate(span.attributes, predicate);
      const key = `${span.spanId}\u0000${predicate.attribute}`;
      if (match === null || seen.has(key)) continue;
      seen.add(key);
      const score = predicate.op === 'lt' ? scoreOf(match.value) : null;
      const value = typeof match.value === 'string' ? quote(match.value, 40) : String(match.value);
      const where = `${predicate.attribute} = ${value} on ${spanLabel(span)}`;
      found.push({
        strength: score === null ? PREDICATE_MATCH : 1 - score,
        text: predicate.label ? `${predicate.label} (${where})` : `user feedback: ${where}`,
      });
    }
  }
  const best = found.sort((a, b) => b.strength - a.strength)[0];
  if (best === undefined) return null;
  const more = found.length > 1 ? ` (${found.length} negative feedback entries)` : '';
  return makeSignal('user_feedback', best.strength, best.text + more, { entries: found.length });
};
