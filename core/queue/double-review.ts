import { createRng, shuffled } from '../stats/random.js';

/**
 * Which of a fill's planned traces go blind to two reviewers: round(share × n) of them, drawn
 * uniformly (seeded by the cycle, so a repeated fill picks the same ones). Uniform — not the most
 * anomalous — so the reviewers' agreement describes the whole queue, anomaly picks and random slice alike.
 */
export const pickDoubleReview = (traceIds: readonly string[], share: number, seed: string): Set<string> => {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`doubleReviewShare must be within 0..1 (got ${share})`);
  const k = Math.round(share * traceIds.length);
  return new Set(shuffled([...traceIds].sort(), createRng(`double-review:${seed}`)).slice(0, k));
};
