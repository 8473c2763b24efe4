/**
 * The calibration protocol (reference §4.8): stratified k-fold (leave-one-out at n ≤ 20). For each
 * fold, `fit` sees only the training indices and chooses everything tunable (threshold, few-shot
 * examples) from them; the held-out items are then predicted. The pooled out-of-fold predictions
 * are what agreement statistics are computed on.
 */
import type { Verdict } from './confusion.js';
import { foldCount, stratifiedFolds } from './kfold.js';

/** One evaluator output: a 0..1 score (1 = pass) and the verdict under the fold's decision rule. */
export interface Prediction {
  score: number;
  verdict: Verdict;
}

/** What `fit` returns: a predictor for held-out item indices. */
export interface FoldModel {
  predict(index: number): Prediction | Promise<Prediction>;
}

/**
 * Fits on the training indices of one fold. It must read labels of `trainIdx` only; the held-out
 * indices are given so a fit can, e.g., precompute scores for them, never to look at their labels.
 */
export type FitFold = (
  trainIdx: readonly number[],
  fold: { index: number; testIdx: readonly number[] },
) => FoldModel | Promise<FoldModel>;

export interface CrossValidateOptions {
  /** Folds above 20 items (default 5); leave-one-out at n ≤ 20. */
  k?: number;
  /** Seed of the stratified fold assignment. */
  seed: string | number;
}

/** Out-of-fold predictions, in item order. */
export interface CrossValidation {
  /** Number of folds used. */
  k: number;
  /** The fold each item was held out in. */
  folds: number[];
  scores: number[];
  verdicts: Verdict[];
}

/**
 * Runs stratified k-fold cross-validation. Folds run one after another; the predictions within a
 * fold run concurrently (`Promise.all`), so a `predict` that calls an LLM should bring its own
 * concurrency limit.
 */
export const crossValidate = async <T>(
  items: readonly T[],
  labels: readonly Verdict[],
  fitFold: FitFold,
  opts: CrossValidateOptions,
): Promise<CrossValidation> => {
  if (items.length !== labels.length) {
    throw new RangeError(`items (${items.length}) and labels (${labels.length}) differ in length`);
  }
  const k = foldCount(items.length, opts.k ?? 5);
  const folds = stratifiedFolds(labels, k, opts.seed);
  const scores = new Array<number>(items.length);
  const verdicts = new Array<Verdict>(items.length);
  for (let fold = 0; fold < k; fold++) {
    const trainIdx = folds.flatMap((f, i) => (f === fold ? [] : [i]));
    const testIdx = folds.flatMap((f, i) => (f === fold ? [i] : []));
    if (testIdx.length === 0) continue;
    const model = await fitFold(trainIdx, { index: fold, testIdx });
    const predictions = await Promise.all(testIdx.map((i) => model.predict(i)));
    predictions.forEach((p, j) => {
      const i = testIdx[j]!;
      if (!Number.isFinite(p.score)) throw new RangeError(`item ${i}: non-finite score ${p.score}`);
      if (p.verdict !== 'pass' && p.verdict !== 'fail') throw new RangeError(`item ${i}: bad verdict ${p.verdict}`);
      scores[i] = p.score;
      verdicts[i] = p.verdict;
    });
  }
  return { k, folds, scores, verdicts };
};
