/**
 * The calibration protocol (reference §4.8): repeated stratified k-fold. For each fold, `fit` sees
 * only the training indices and chooses everything tunable (threshold, few-shot examples,
 * candidate selection) from them; the held-out items are then predicted. The pooled out-of-fold
 * predictions of every repeat are what agreement statistics are computed on.
 */
import type { Verdict } from './confusion.js';
import { DEFAULT_FOLDS, foldCount, stratifiedFolds } from './kfold.js';

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
  fold: { index: number; repeat: number; testIdx: readonly number[] },
) => FoldModel | Promise<FoldModel>;

export interface CrossValidateOptions {
  /** Folds (default 5, capped at n). */
  k?: number;
  /** Independent fold assignments (default 1); each item gets one prediction per repeat. */
  repeats?: number;
  /** Seed of the stratified fold assignments. */
  seed: string | number;
}

/** One repeat's out-of-fold predictions, in item order. */
export interface CrossValidationRun {
  /** The fold each item was held out in. */
  folds: number[];
  scores: number[];
  verdicts: Verdict[];
}

export interface CrossValidation {
  /** Number of folds used. */
  k: number;
  runs: CrossValidationRun[];
}

/**
 * Runs repeated stratified k-fold cross-validation. Folds run one after another; the predictions
 * within a fold run concurrently (`Promise.all`), so a `predict` that calls an LLM should bring
 * its own concurrency limit.
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
  const repeats = opts.repeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be an integer ≥ 1, got ${repeats}`);
  const k = foldCount(items.length, opts.k ?? DEFAULT_FOLDS);
  const runs: CrossValidationRun[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const folds = stratifiedFolds(labels, k, repeat === 0 ? opts.seed : `${opts.seed}#${repeat}`);
    const scores = new Array<number>(items.length);
    const verdicts = new Array<Verdict>(items.length);
    for (let fold = 0; fold < k; fold++) {
      const trainIdx = folds.flatMap((f, i) => (f === fold ? [] : [i]));
      const testIdx = folds.flatMap((f, i) => (f === fold ? [i] : []));
      if (testIdx.length === 0) continue;
      const model = await fitFold(trainIdx, { index: fold, repeat, testIdx });
      const predictions = await Promise.all(testIdx.map((i) => model.predict(i)));
      predictions.forEach((p, j) => {
        const i = testIdx[j]!;
        if (!Number.isFinite(p.score)) throw new RangeError(`item ${i}: non-finite score ${p.score}`);
        if (p.verdict !== 'pass' && p.verdict !== 'fail') throw new RangeError(`item ${i}: bad verdict ${p.verdict}`);
        scores[i] = p.score;
        verdicts[i] = p.verdict;
      });
    }
    runs.push({ folds, scores, verdicts });
  }
  return { k, runs };
};
