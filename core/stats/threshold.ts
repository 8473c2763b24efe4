/**
 * Threshold tuning for evaluators that emit a 0..1 score (1 = pass): pick the cut-off that
 * maximizes MCC on TRAINING data only (reference §4.7). The in-sample MCC returned here is
 * optimistic and must never be the gating number; report out-of-fold MCC from `crossValidate`.
 */
import type { Verdict } from './confusion.js';
import { mcc } from './confusion.js';

/** The threshold used when the data cannot inform one. */
export const DEFAULT_THRESHOLD = 0.5;

const EPSILON = 1e-12;

export interface TunedThreshold {
  /** Decision rule: score ≥ threshold → pass. */
  threshold: number;
  /** In-sample MCC at the threshold; null when one human class is missing or all scores are equal. */
  mcc: number | null;
}

/**
 * Chooses t maximizing the MCC of `score ≥ t → pass`. Candidates: midpoints between adjacent
 * distinct scores, plus one below the minimum (everything passes) and one above the maximum
 * (everything fails), each half the smallest gap between distinct scores beyond the extreme.
 * Ties (within 1e-12) go to the threshold nearest 0.5, then to the smaller one.
 *
 * Returns `{ threshold: 0.5, mcc: null }` when a human class is missing (a single-class training
 * fold) or all scores are equal: no threshold is informed by the data then.
 */
export const tuneThreshold = (scores: readonly number[], labels: readonly Verdict[]): TunedThreshold => {
  if (scores.length !== labels.length) {
    throw new RangeError(`scores (${scores.length}) and labels (${labels.length}) differ in length`);
  }
  for (const s of scores) if (!Number.isFinite(s)) throw new RangeError(`non-finite score ${s}`);
  const nFail = labels.filter((l) => l === 'fail').length;
  const nPass = labels.length - nFail;
  const distinct = [...new Set(scores)].sort((a, b) => a - b);
  if (nFail === 0 || nPass === 0 || distinct.length < 2) return { threshold: DEFAULT_THRESHOLD, mcc: null };

  const position = new Map(distinct.map((s, j) => [s, j]));
  const failAt = new Array<number>(distinct.length).fill(0);
  const passAt = new Array<number>(distinct.length).fill(0);
  scores.forEach((s, i) => {
    const j = position.get(s)!;
    if (labels[i] === 'fail') failAt[j]!++;
    else passAt[j]!++;
  });
  let smallestGap = Number.POSITIVE_INFINITY;
  for (let j = 1; j < distinct.length; j++) smallestGap = Math.min(smallestGap, distinct[j]! - distinct[j - 1]!);
  const margin = smallestGap / 2;

  let best: TunedThreshold | null = null;
  let tp = 0;
  let fp = 0;
  // Candidate j predicts 'fail' for the j lowest distinct scores.
  for (let j = 0; j <= distinct.length; j++) {
    if (j > 0) {
      tp += failAt[j - 1]!;
      fp += passAt[j - 1]!;
    }
    const threshold =
      j === 0
        ? distinct[0]! - margin
        : j === distinct.length
          ? distinct[j - 1]! + margin
          : (distinct[j - 1]! + distinct[j]!) / 2;
    const value = mcc({ tp, fp, fn: nFail - tp, tn: nPass - fp })!;
    if (best === null || isBetter(value, threshold, best)) best = { threshold, mcc: value };
  }
  return best!;
};

const isBetter = (value: number, threshold: number, best: TunedThreshold): boolean => {
  const bestMcc = best.mcc!;
  if (value > bestMcc + EPSILON) return true;
  if (value < bestMcc - EPSILON) return false;
  const distance = Math.abs(threshold - DEFAULT_THRESHOLD);
  const bestDistance = Math.abs(best.threshold - DEFAULT_THRESHOLD);
  if (distance < bestDistance - EPSILON) return true;
  if (distance > bestDistance + EPSILON) return false;
  return threshold < best.threshold;
};
