import { formatDecimal, formatSeconds, quote } from './format.js';
import type { SignalDetector } from './make-signal.js';
import { makeSignal } from './make-signal.js';
import { normalizeText, textSimilarity } from './similarity.js';
import { rampFromThreshold } from './strength.js';

/**
 * resubmission: the previous request of the same session (or user) came shortly before and asked
 * nearly the same thing, which usually means the first answer did not help. Strength rises from
 * 0.3 at the similarity threshold to 1 for the same question.
 */
export const detectResubmission: SignalDetector = (input) => {
  const { previous, rollup, settings } = input;
  if (previous === null || rollup.input === null) return null;
  if (!(previous.gapSeconds >= 0) || previous.gapSeconds > settings.resubmissionGapSeconds) return null;
  if (normalizeText(previous.input) === '' || normalizeText(rollup.input) === '') return null;
  const similarity = textSimilarity(previous.input, rollup.input);
  if (similarity < settings.resubmissionSimilarity) return null;
  const who = rollup.sessionId ? 'the same session' : 'the same user';
  const what = similarity >= 0.999 ? 'the same question' : 'a similar question';
  const rounded = formatDecimal(similarity, 2);
  return makeSignal(
    'resubmission',
    rampFromThreshold(similarity, settings.resubmissionSimilarity, 1),
    `${who} asked ${what} ${formatSeconds(previous.gapSeconds)} earlier (similarity ${rounded}): ${quote(previous.input)}`,
    {
      previousTraceId: previous.traceId,
      gapSeconds: previous.gapSeconds,
      similarity: Math.round(similarity * 1000) / 1000,
    },
  );
};
