import { intentTerms, intentWords } from './intent-terms.js';
import { followUpMarker, type RetryMarker, retryMarker } from './retry-markers.js';
import { textSimilarity } from './similarity.js';

/** How a turn relates to the previous one of its session, as the re-submission signal sees it. */
export interface IntentMatch {
  /** 0..1: how likely the turn asks the previous request again (rephrased or retried). */
  score: number;
  /** Weighted content-term overlap alone (0..1). */
  overlap: number;
  /** The retry / complaint phrase found in the turn, if any; strong = a complaint about the answer. */
  retry: RetryMarker | null;
  /** The follow-up phrase found at the start of the turn ("thanks", "one more thing"), if any. */
  followUp: string | null;
  /** Content terms both turns share, as the current turn words them, heaviest first, at most 5. */
  shared: string[];
}

const RETRY_BOOST = 0.3;
/** Surface similarity (word Jaccard / trigram Dice) this high is a near-copy, typos included ("subscripton"). */
const NEAR_COPY = 0.6;
const FOLLOW_UP_PENALTY = 0.45;
/** A complaint about the previous answer ("that's not what I asked") is a retry whatever its words. */
const COMPLAINT_SCORE = 0.6;
/** A short complaint ("Same error again.") adds at most this much new subject matter (term weight). */
const SHORT_COMPLAINT_WEIGHT = 3.5;
const SHORT_COMPLAINT_SCORE = 0.6;

const sum = (values: Iterable<number>) => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};

/**
 * Scores whether `current` repeats the intent of `previous`: the mean of the weighted overlap
 * coefficient (shared weight over the smaller side: a rephrasing may add complaint words) and the
 * weighted Dice coefficient, raised by a retry or complaint phrase, lowered by a follow-up phrase
 * without one; a short complaint with little new subject counts as a retry on its own; a near-copy
 * (surface similarity ≥ 0.6, typos included) scores at least its surface similarity. A gap (since
 * the previous answer when known, else since the previous request) under a minute adds 0.05, over five minutes takes 0.05 off. Work is bounded by MAX_TERMS per side.
 */
export function matchIntent(previous: string, current: string, gapSeconds: number): IntentMatch {
  const a = intentTerms(previous);
  const words = intentWords(current);
  const b = new Map([...words].map(([term, w]) => [term, w.weight]));
  const sharedTerms = [...b.keys()].filter((t) => a.has(t));
  const sharedWeight = sum(sharedTerms.map((t) => Math.min(a.get(t)!, b.get(t)!)));
  const wa = sum(a.values());
  const wb = sum(b.values());
  const overlap =
    wa === 0 || wb === 0 ? 0 : 0.5 * (sharedWeight / Math.min(wa, wb)) + 0.5 * ((2 * sharedWeight) / (wa + wb));
  const retry = retryMarker(current);
  const followUp = followUpMarker(current);
  let score = overlap;
  if (retry) score += RETRY_BOOST;
  else if (followUp) score -= FOLLOW_UP_PENALTY;
  const short = wb - sharedWeight <= SHORT_COMPLAINT_WEIGHT;
  if (retry && !followUp) {
    if (retry.strong && (retry.meta || retry.backReference || short)) score = Math.max(score, COMPLAINT_SCORE);
    else if (short) score = Math.max(score, SHORT_COMPLAINT_SCORE);
  }
  if (!followUp) {
    const surface = textSimilarity(previous, current);
    if (surface >= NEAR_COPY) score = Math.max(score, surface);
  }
  if (gapSeconds <= 60) score += 0.05;
  else if (gapSeconds > 300) score -= 0.05;
  const shared = sharedTerms
    .sort((x, y) => b.get(y)! - b.get(x)!)
    .slice(0, 5)
    .map((t) => words.get(t)!.word);
  return { score: Math.max(0, Math.min(1, score)), overlap, retry, followUp, shared };
}
