/**
 * The corrected pass rate of one evaluator on one release (or prompt / model version), with an
 * interval that carries both sources of error: the evaluator's calibration (TPR and TNR measured
 * on a labeled set) and the release's own sampling error (n verdicts, not the whole population).
 * `correctedFailRateCI` holds the observed rate fixed, which is right for production volume and
 * wrong for a release with 30 traces; here each bootstrap resample redraws all three counts.
 */
import { quantileSorted } from '../stats/bootstrap.js';
import { createRng, type Rng } from '../stats/random.js';
import { correctedPassRate } from '../stats/rogan-gladen.js';

/** The calibration an evaluator version carries: out-of-fold counts per human class. */
export interface CalibrationCounts {
  /** Human 'fail' items the evaluator called 'fail' / all human 'fail' items. */
  truePositives: number;
  humanFail: number;
  /** Human 'pass' items the evaluator called 'pass' / all human 'pass' items. */
  trueNegatives: number;
  humanPass: number;
}

export interface ReleaseRateInput {
  /** The release's verdicts by this evaluator version. */
  pass: number;
  fail: number;
  /** TPR / TNR as the evaluator version records them (what a gate uses); null when missing. */
  tpr: number | null;
  tnr: number | null;
  /** The out-of-fold counts behind them; null when the version has no calibration report. */
  calibration: CalibrationCounts | null;
  seed: string;
  /** Default 1000. */
  resamples?: number;
  /** Default 0.95. */
  level?: number;
}

export type NotMeasurableReason = 'no_results' | 'no_calibration' | 'youden_too_low';

export interface ReleaseRate {
  n: number;
  observedPassRate: number | null;
  /** The Rogan–Gladen corrected pass rate; null when not measurable. */
  correctedPassRate: number | null;
  lower: number | null;
  upper: number | null;
  /** Youden's J = TPR + TNR − 1 of the version (null without calibration). */
  youden: number | null;
  notMeasurable: NotMeasurableReason | null;
  /** Share of resamples where J fell to ≤ 0.05 (left out of the interval): a large share means a wide, shaky interval. */
  undefinedShare: number | null;
}

/** Above this many trials with n·p·(1 − p) ≥ 25, a binomial draw uses the normal approximation. */
const EXACT_TRIALS = 2_000;

/**
 * Binomial(n, p): exact by counting uniforms up to `EXACT_TRIALS` trials; beyond, rounded
 * N(np, np(1 − p)) clipped to [0, n] (Box–Muller), or Poisson(np) when np(1 − p) < 25.
 */
export const binomialDraw = (rng: Rng, n: number, p: number): number => {
  const variance = n * p * (1 - p);
  if (n > EXACT_TRIALS && variance < 25) {
    // Rare events in many trials: Poisson(np) (Knuth's method, O(np)), mirrored when p is near 1.
    if (p > 0.5) return n - binomialDraw(rng, n, 1 - p);
    const limit = Math.exp(-n * p);
    let k = 0;
    for (let prod = rng(); prod > limit; prod *= rng()) k++;
    return Math.min(n, k);
  }
  if (n <= EXACT_TRIALS) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng() < p) k++;
    return k;
  }
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return Math.max(0, Math.min(n, Math.round(n * p + z * Math.sqrt(variance))));
};

/** The calibration counts of out-of-fold predictions (human label and evaluator verdict per item). */
export const calibrationCountsOf = (
  predictions: readonly { human: string; verdict: string }[],
): CalibrationCounts | null => {
  const c = { truePositives: 0, humanFail: 0, trueNegatives: 0, humanPass: 0 };
  for (const p of predictions) {
    if (p.human === 'fail') {
      c.humanFail++;
      if (p.verdict === 'fail') c.truePositives++;
    } else if (p.human === 'pass') {
      c.humanPass++;
      if (p.verdict === 'pass') c.trueNegatives++;
    }
  }
  return c.humanFail > 0 && c.humanPass > 0 ? c : null;
};

/**
 * Corrected pass rate θ̂ = (p_pass + TPR − 1)/(TPR + TNR − 1) with a percentile bootstrap interval:
 * each resample draws the release's pass count ~ Binomial(n, p̂), the calibration's true positives
 * ~ Binomial(n_fail, TPR̂) and true negatives ~ Binomial(n_pass, TNR̂) (a stratified bootstrap of
 * the items, written as counts), and re-corrects. Resamples with J ≤ 0.05 are left out and counted.
 * Not measurable (all figures null, never a made-up number): no verdicts, no TPR/TNR, or J ≤ 0.05.
 * Without out-of-fold counts the interval carries the release's sampling error only.
 */
export const releasePassRate = (input: ReleaseRateInput): ReleaseRate => {
  const n = input.pass + input.fail;
  const observed = n > 0 ? input.pass / n : null;
  const youden = input.tpr !== null && input.tnr !== null ? input.tpr + input.tnr - 1 : null;
  const none = (notMeasurable: NotMeasurableReason): ReleaseRate => ({
    n,
    observedPassRate: observed,
    correctedPassRate: null,
    lower: null,
    upper: null,
    youden,
    notMeasurable,
    undefinedShare: null,
  });
  if (observed === null) return none('no_results');
  if (input.tpr === null || input.tnr === null) return none('no_calibration');
  const estimate = correctedPassRate(observed, input.tpr, input.tnr);
  if (estimate === null) return none('youden_too_low');
  const resamples = input.resamples ?? 1000;
  const level = input.level ?? 0.95;
  const rng = createRng(input.seed);
  const cal = input.calibration;
  const values: number[] = [];
  let undefinedCount = 0;
  for (let r = 0; r < resamples; r++) {
    const p = binomialDraw(rng, n, observed) / n;
    const t = cal ? binomialDraw(rng, cal.humanFail, cal.truePositives / cal.humanFail) / cal.humanFail : input.tpr;
    const s = cal ? binomialDraw(rng, cal.humanPass, cal.trueNegatives / cal.humanPass) / cal.humanPass : input.tnr;
    const v = correctedPassRate(p, t, s);
    if (v === null) undefinedCount++;
    else values.push(v);
  }
  values.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return {
    n,
    observedPassRate: observed,
    correctedPassRate: estimate,
    lower: values.length ? quantileSorted(values, alpha) : null,
    upper: values.length ? quantileSorted(values, 1 - alpha) : null,
    youden,
    notMeasurable: null,
    undefinedShare: undefinedCount / resamples,
  };
};
