import { mccAtPrevalence } from '../stats/agreement.js';
import { quantileSorted } from '../stats/bootstrap.js';
import { createRng, randomIndex } from '../stats/random.js';
import type { CalibrationResult } from './calibrate.js';

/** An estimate with its 95% interval. */
export interface Estimate {
  value: number;
  lower: number;
  upper: number;
}

/** The class mix an MCC refers to, and the MCC restated at the production fail rate. */
export interface PrevalenceReport {
  /** Share of failing labels in the calibration set: the mix the reported MCC refers to. */
  calibrationFailRate: number;
  /** Fail rate of this mode on the random slice of the review queues (unbiased by anomaly ranking), with its n. */
  production: (Estimate & { fails: number; n: number }) | null;
  /** The MCC expected at the production fail rate (from TPR and TNR), with a joint bootstrap interval. */
  mccAtProduction: Estimate | null;
  /** One sentence for the report. */
  note: string;
  /** Calibration labels on synthetic traces (generated, not observed), when any. */
  synthetic?: { labels: number; of: number };
}

/**
 * Says, in the report's sentence, how much of the calibration set is synthetic: agreement measured
 * partly on generated inputs is not agreement on production traffic, and the reader must know.
 */
export const withSyntheticShare = (
  report: PrevalenceReport,
  syntheticLabels: number,
  labels: number,
): PrevalenceReport =>
  syntheticLabels === 0 || labels === 0
    ? report
    : {
        ...report,
        synthetic: { labels: syntheticLabels, of: labels },
        note: `${report.note}; ${syntheticLabels} of ${labels} calibration labels (${pct(syntheticLabels / labels)}) are on synthetic traces (generated, not observed), and the MCC includes them`,
      };

const RESAMPLES = 2000;
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/**
 * Restates a calibration at the production fail rate. MCC depends on the class mix: a figure
 * measured on a balanced calibration set overstates agreement where failures are rare. The
 * interval resamples the out-of-fold predictions within each human class (TPR, TNR) and the
 * random-slice labels (the fail rate) together.
 */
export const prevalenceReport = (
  result: Pick<CalibrationResult, 'predictions' | 'agreement'>,
  randomSlice: { fails: number; n: number } | null,
  seed: string,
): PrevalenceReport => {
  const { nFail, n } = result.agreement;
  const calibrationFailRate = n ? nFail / n : 0;
  const mix = `MCC refers to a calibration set with ${pct(calibrationFailRate)} failing`;
  if (!randomSlice || randomSlice.n === 0) {
    return {
      calibrationFailRate,
      production: null,
      mccAtProduction: null,
      note: `${mix}; no random-slice labels to estimate the production fail rate`,
    };
  }
  const rng = createRng(seed);
  const failShares = result.predictions.filter((p) => p.human === 'fail').map((p) => p.failShare);
  const passShares = result.predictions.filter((p) => p.human === 'pass').map((p) => p.failShare);
  const rate = randomSlice.fails / randomSlice.n;
  const rates: number[] = [];
  const mccs: number[] = [];
  for (let r = 0; r < RESAMPLES; r++) {
    let fails = 0;
    for (let i = 0; i < randomSlice.n; i++) if (rng() < rate) fails++;
    const p = fails / randomSlice.n;
    rates.push(p);
    if (!failShares.length || !passShares.length) continue;
    let tp = 0;
    for (let i = 0; i < failShares.length; i++) tp += failShares[randomIndex(rng, failShares.length)]!;
    let fp = 0;
    for (let i = 0; i < passShares.length; i++) fp += passShares[randomIndex(rng, passShares.length)]!;
    const value = mccAtPrevalence(tp / failShares.length, 1 - fp / passShares.length, p);
    if (value !== null) mccs.push(value);
  }
  rates.sort((a, b) => a - b);
  mccs.sort((a, b) => a - b);
  const production = {
    value: rate,
    lower: quantileSorted(rates, 0.025),
    upper: quantileSorted(rates, 0.975),
    fails: randomSlice.fails,
    n: randomSlice.n,
  };
  const point =
    result.agreement.tpr === null || result.agreement.tnr === null
      ? null
      : mccAtPrevalence(result.agreement.tpr, result.agreement.tnr, rate);
  const mccAtProduction =
    point === null || mccs.length < RESAMPLES / 2
      ? null
      : { value: point, lower: quantileSorted(mccs, 0.025), upper: quantileSorted(mccs, 0.975) };
  const prod = `the random slice puts production at ${pct(rate)} failing [${pct(production.lower)}, ${pct(production.upper)}] (${randomSlice.fails} of ${randomSlice.n})`;
  return {
    calibrationFailRate,
    production,
    mccAtProduction,
    note: mccAtProduction
      ? `${mix}; ${prod}, where the expected MCC is ${mccAtProduction.value.toFixed(2)} [${mccAtProduction.lower.toFixed(2)}, ${mccAtProduction.upper.toFixed(2)}]`
      : `${mix}; ${prod}, where the MCC is undefined (no failures or no passes expected)`,
  };
};
