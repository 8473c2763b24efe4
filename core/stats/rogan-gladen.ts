/**
 * Rogan–Gladen correction of rates measured by an imperfect evaluator on unlabeled traffic
 * (reference §4.9). Positive class = 'fail': TPR = P(evaluator fail | human fail),
 * TNR = P(evaluator pass | human pass), exactly as `binaryAgreement` reports them.
 */
import { type BootstrapInterval, type BootstrapOptions, stratifiedBootstrapCI } from './bootstrap.js';
import { confusionMatrix, type LabeledPrediction, tnr, tpr } from './confusion.js';

/**
 * Below this Youden's J = TPR + TNR − 1, no corrected rate is reported. The estimate divides by J,
 * so errors in the observed rate and in TPR/TNR are amplified by 1/J (≥ 20× at 0.05); at J ≤ 0
 * the evaluator is at or below chance and the observed rate carries no information.
 */
export const MIN_YOUDEN_J = 0.05;

const checkRate = (name: string, v: number) => {
  if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${v}`);
};

/**
 * True failure rate θ from the evaluator's observed fail rate:
 * E[p_obs] = θ·TPR + (1 − θ)(1 − TNR), so θ̂ = (p_obs + TNR − 1)/(TPR + TNR − 1), clipped to [0, 1].
 * Null when TPR + TNR − 1 ≤ 0.05.
 */
export const correctedFailRate = (observedFailRate: number, tprValue: number, tnrValue: number): number | null => {
  checkRate('observedFailRate', observedFailRate);
  checkRate('tpr', tprValue);
  checkRate('tnr', tnrValue);
  const youden = tprValue + tnrValue - 1;
  // The tolerance keeps J computed as 0.05000000000000004 (0.5 + 0.55 − 1) on the refused side.
  if (youden <= MIN_YOUDEN_J + 1e-12) return null;
  return Math.max(0, Math.min(1, (observedFailRate + tnrValue - 1) / youden));
};

/**
 * True pass rate from the observed pass rate, with TPR/TNR still defined for the 'fail' class:
 * 1 − correctedFailRate(1 − p_pass) = (p_pass + TPR − 1)/(TPR + TNR − 1), clipped; null as above.
 */
export const correctedPassRate = (observedPassRate: number, tprValue: number, tnrValue: number): number | null => {
  checkRate('observedPassRate', observedPassRate);
  const fail = correctedFailRate(1 - observedPassRate, tprValue, tnrValue);
  return fail === null ? null : 1 - fail;
};

/**
 * Bootstrap CI of the corrected fail rate: resamples the labeled calibration set within each human
 * class, re-estimates TPR and TNR, re-corrects. The observed rate is held fixed (its sampling error
 * on production volume is usually small next to the calibration set's); resamples with
 * J ≤ 0.05 count as undefined.
 */
export const correctedFailRateCI = (
  observedFailRate: number,
  calibrationPairs: readonly LabeledPrediction[],
  opts: BootstrapOptions,
): BootstrapInterval => {
  checkRate('observedFailRate', observedFailRate);
  return stratifiedBootstrapCI(
    calibrationPairs,
    (sample) => {
      const c = confusionMatrix(sample);
      const t = tpr(c);
      const s = tnr(c);
      return t === null || s === null ? null : correctedFailRate(observedFailRate, t, s);
    },
    opts,
  );
};
