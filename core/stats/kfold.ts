/**
 * Stratified k-fold assignment for calibrating evaluators on 10–100 labels (reference §4.8):
 * tune inside each fold, pool the out-of-fold predictions. Leave-one-out is not offered: with a
 * threshold tuned per fold it is biased strongly negative at n = 20–40 (each held-out item shifts
 * its training fold's class balance against itself), so small sets use repeated 5-fold instead.
 */
import type { Verdict } from './confusion.js';
import { createRng, shuffled } from './random.js';

/** Default number of folds. */
export const DEFAULT_FOLDS = 5;

/** How many folds to use for n labeled items: k (default 5), never more than n. */
export const foldCount = (n: number, k = DEFAULT_FOLDS): number => {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be an integer ≥ 2, got ${k}`);
  return Math.min(k, n);
};

/**
 * The fold (0..k−1) of each item, in item order. Each class is shuffled with the seed and dealt
 * round-robin, the second class continuing where the first stopped, so fold sizes differ by at
 * most one and every fold holds both classes whenever each class has at least k items.
 * `k` is used as given (capped at n).
 */
export const stratifiedFolds = (labels: readonly Verdict[], k: number, seed: string | number): number[] => {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const folds = new Array<number>(labels.length).fill(0);
  if (labels.length === 0) return folds;
  const used = Math.min(k, labels.length);
  const rng = createRng(seed);
  let next = 0;
  for (const cls of ['fail', 'pass'] as const) {
    const members = labels.flatMap((label, i) => (label === cls ? [i] : []));
    for (const i of shuffled(members, rng)) {
      folds[i] = next;
      next = (next + 1) % used;
    }
  }
  return folds;
};
