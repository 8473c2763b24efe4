import { formatDecimal, formatSeconds, quote } from './format.js';
import { matchIntent } from './intent-match.js';
import type { SignalDetector } from './make-signal.js';
import { makeSignal } from './make-signal.js';
import { normalizeText } from './similarity.js';
import { rampFromThreshold } from './strength.js';

/**
 * resubmission: the previous request of the same session (or user) came shortly before and this
 * one asks for the same thing again — rephrased (shared intent: weighted content-term overlap
 * with stemming and synonyms) or retried ("still", "that didn't work", "not what I asked") —
 * which usually means the answer did not help. Ordinary follow-ups ("thanks, and how do I…") and
 * topic changes do not count. Only the immediately previous turn is compared: bounded work.
 * Strength rises from 0.3 at the threshold to 1 for the same question.
 *
 * When `previous.embeddingSimilarity` is given (computed by an activity from an embeddings
 * endpoint; core does no I/O), the score is the larger of it and the lexical score.
 */
export const detectResubmission: SignalDetector = (input) => {
  const { previous, rollup, settings } = input;
  if (previous === null || rollup.input === null) return null;
  if (!(previous.gapSeconds >= 0) || previous.gapSeconds > settings.resubmissionGapSeconds) return null;
  const before = normalizeText(previous.input);
  const now = normalizeText(rollup.input);
  if (before === '' || now === '') return null;
  const identical = before === now;
  const match = matchIntent(previous.input, rollup.input, previous.answerGapSeconds ?? previous.gapSeconds);
  const embedding = previous.embeddingSimilarity;
  const score = identical
    ? 1
    : Math.max(match.score, typeof embedding === 'number' && embedding >= 0 && embedding <= 1 ? embedding : 0);
  if (score < settings.resubmissionSimilarity) return null;
  const who = rollup.sessionId ? 'the same session' : 'the same user';
  const how = identical
    ? 'asked the same question again'
    : match.retry && (match.retry.strong || match.overlap < 0.3)
      ? `came back with '${match.retry.phrase}'`
      : 'asked for the same thing again';
  const about = !identical && match.shared.length > 0 ? ` (shared: ${match.shared.join(', ')})` : '';
  const sinceAnswer =
    previous.answerGapSeconds === undefined ? '' : `, ${formatSeconds(previous.answerGapSeconds)} after its answer`;
  return makeSignal(
    'resubmission',
    rampFromThreshold(score, settings.resubmissionSimilarity, 1),
    `${who} ${how}${about} ${formatSeconds(previous.gapSeconds)} after trace ${previous.traceId}${sinceAnswer} (match ${formatDecimal(score, 2)}), which asked ${quote(previous.input)}`,
    {
      previousTraceId: previous.traceId,
      gapSeconds: previous.gapSeconds,
      answerGapSeconds: previous.answerGapSeconds ?? null,
      similarity: Math.round(score * 1000) / 1000,
      overlap: Math.round(match.overlap * 1000) / 1000,
      retryPhrase: match.retry?.phrase ?? null,
    },
  );
};
