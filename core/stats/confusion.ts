/**
 * Confusion matrices for binary evaluators. Human label 'fail' is the positive class (the failure
 * mode is present); an evaluator verdict 'fail' predicts it.
 */

/** A binary verdict: 'fail' = the failure mode is present. */
export type Verdict = 'pass' | 'fail';

/** One labeled item: the human label and the evaluator's verdict on it. */
export interface LabeledPrediction {
  human: Verdict;
  predicted: Verdict;
}

/** Counts with 'fail' as the positive class: tp = human fail and evaluator fail, fn = human fail, evaluator pass. */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Zips human labels with predictions (same order, same length). */
export const pairVerdicts = (humans: readonly Verdict[], predictions: readonly Verdict[]): LabeledPrediction[] => {
  if (humans.length !== predictions.length) {
    throw new RangeError(`humans (${humans.length}) and predictions (${predictions.length}) differ in length`);
  }
  return humans.map((human, i) => ({ human, predicted: predictions[i]! }));
};

/** Counts the four cells. */
export const confusionMatrix = (pairs: readonly LabeledPrediction[]): Confusion => {
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const { human, predicted } of pairs) {
    if (human === 'fail') {
      if (predicted === 'fail') c.tp++;
      else c.fn++;
    } else if (predicted === 'fail') c.fp++;
    else c.tn++;
  }
  return c;
};

/** Items per human class. */
export const classCounts = (c: Confusion): { n: number; nFail: number; nPass: number } => ({
  n: c.tp + c.fp + c.tn + c.fn,
  nFail: c.tp + c.fn,
  nPass: c.tn + c.fp,
});

/**
 * Matthews correlation coefficient, −1..1 (0 = no better than chance).
 *
 * - `null` when either HUMAN class is missing: agreement cannot be measured without both classes
 *   (scikit-learn returns 0 there, even for a perfect all-one-class match; we refuse instead).
 * - 0 when both human classes are present but the evaluator predicts only one class: the
 *   denominator is 0 and the limiting value is 0 (the mlr3measures / scikit-learn convention).
 *   An always-pass evaluator is exactly as good as chance.
 */
export const mcc = (c: Confusion): number | null => {
  const { nFail, nPass } = classCounts(c);
  if (nFail === 0 || nPass === 0) return null;
  const predictedFail = c.tp + c.fp;
  const predictedPass = c.tn + c.fn;
  if (predictedFail === 0 || predictedPass === 0) return 0;
  const value = (c.tp * c.tn - c.fp * c.fn) / (Math.sqrt(predictedFail * predictedPass) * Math.sqrt(nFail * nPass));
  return Math.max(-1, Math.min(1, value));
};

/** MCC straight from pairs: the statistic handed to the bootstrap. */
export const mccOfPairs = (pairs: readonly LabeledPrediction[]): number | null => mcc(confusionMatrix(pairs));

/** True positive rate P(evaluator fail | human fail), the failure coverage; null without human fails. */
export const tpr = (c: Confusion): number | null => (c.tp + c.fn === 0 ? null : c.tp / (c.tp + c.fn));

/** True negative rate P(evaluator pass | human pass); null without human passes. */
export const tnr = (c: Confusion): number | null => (c.tn + c.fp === 0 ? null : c.tn / (c.tn + c.fp));

/** Share of items where evaluator and human agree; null for no items. Inflated under imbalance: report MCC. */
export const accuracy = (c: Confusion): number | null => {
  const { n } = classCounts(c);
  return n === 0 ? null : (c.tp + c.tn) / n;
};
