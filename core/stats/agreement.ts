/**
 * Agreement between an evaluator and human labels: binary (MCC with a stratified bootstrap CI,
 * TPR/TNR) and graded (rank correlations), the band that decides how an evaluator may be used,
 * and the flip rate of repeated runs.
 */
import { type BootstrapOptions, stratifiedBootstrapCI } from './bootstrap.js';
import {
  accuracy,
  type Confusion,
  classCounts,
  confusionMatrix,
  mcc,
  mccOfPairs,
  pairVerdicts,
  tnr,
  tpr,
  type Verdict,
} from './confusion.js';
import { kendallTauB, rankCorrelationCI, spearman } from './rank.js';

/** A confidence interval's bounds. */
export interface Interval {
  lower: number;
  upper: number;
}

export interface BinaryAgreement {
  n: number;
  nFail: number;
  nPass: number;
  confusion: Confusion;
  /** Null when a human class is missing (see `undefinedReason`). */
  mcc: number | null;
  /** Stratified percentile bootstrap CI of MCC; null when MCC is undefined. */
  mccCI: Interval | null;
  tpr: number | null;
  tnr: number | null;
  accuracy: number | null;
  /** Why MCC is undefined: 'no labels', 'no human fail labels' or 'no human pass labels'; else null. */
  undefinedReason: string | null;
}

/** Binary agreement of evaluator verdicts with human labels ('fail' = positive class). */
export const binaryAgreement = (
  humans: readonly Verdict[],
  predictions: readonly Verdict[],
  opts: BootstrapOptions,
): BinaryAgreement => {
  const pairs = pairVerdicts(humans, predictions);
  const confusion = confusionMatrix(pairs);
  const { n, nFail, nPass } = classCounts(confusion);
  const value = mcc(confusion);
  const undefinedReason =
    n === 0 ? 'no labels' : nFail === 0 ? 'no human fail labels' : nPass === 0 ? 'no human pass labels' : null;
  let mccCI: Interval | null = null;
  if (value !== null) {
    const ci = stratifiedBootstrapCI(pairs, mccOfPairs, opts);
    if (ci.lower !== null && ci.upper !== null) mccCI = { lower: ci.lower, upper: ci.upper };
  }
  return {
    n,
    nFail,
    nPass,
    confusion,
    mcc: value,
    mccCI,
    tpr: tpr(confusion),
    tnr: tnr(confusion),
    accuracy: accuracy(confusion),
    undefinedReason,
  };
};

export interface GradedAgreement {
  n: number;
  spearman: number | null;
  spearmanCI: Interval | null;
  kendall: number | null;
  kendallCI: Interval | null;
}

const toInterval = (ci: { lower: number | null; upper: number | null }): Interval | null =>
  ci.lower === null || ci.upper === null ? null : { lower: ci.lower, upper: ci.upper };

/** Rank agreement of graded evaluator scores with graded human scores (Kendall's CI costs O(n²) per resample). */
export const gradedAgreement = (
  humanScores: readonly number[],
  evaluatorScores: readonly number[],
  opts: BootstrapOptions,
): GradedAgreement => {
  const rho = spearman(humanScores, evaluatorScores);
  const tau = kendallTauB(humanScores, evaluatorScores);
  return {
    n: humanScores.length,
    spearman: rho,
    spearmanCI: rho === null ? null : toInterval(rankCorrelationCI(humanScores, evaluatorScores, spearman, opts)),
    kendall: tau,
    kendallCI: tau === null ? null : toInterval(rankCorrelationCI(humanScores, evaluatorScores, kendallTauB, opts)),
  };
};

/** How an evaluator may be used: block releases, report as a signal, or go back for revision. */
export type AgreementBand = 'gate' | 'signal' | 'revise';

export interface BandOptions {
  /** Minimum MCC to gate releases (default 0.6). */
  gate?: number;
  /** Minimum MCC to report as a signal (default 0.4). */
  signal?: number;
  /** Human labels needed in EACH class before an evaluator may gate (default 10). */
  minPerClass?: number;
}

const fmt = (v: number) => v.toFixed(2);

/**
 * Bands an evaluator by its out-of-fold MCC.
 * - gate: MCC defined, MCC ≥ gate, and at least `minPerClass` human labels in each class. The CI
 *   lower bound is quoted in the reason but not required: with 10–20 labels per class its
 *   half-width is ~0.25–0.3 (reference §3.5), so the minimum-n rule is the guard here.
 * - signal: MCC in [signal, gate), or MCC ≥ gate with too few labels to gate.
 * - revise: MCC below signal, or undefined.
 */
export const agreementBand = (
  mccValue: number | null,
  ciLower: number | null,
  nPerClass: { nFail: number; nPass: number },
  opts: BandOptions = {},
): { band: AgreementBand; reason: string } => {
  const { gate = 0.6, signal = 0.4, minPerClass = 10 } = opts;
  if (mccValue === null) return { band: 'revise', reason: 'MCC is undefined: both human classes are needed' };
  const ci = ciLower === null ? '' : `, 95% CI lower bound ${fmt(ciLower)}`;
  const counts = `${nPerClass.nFail} fail / ${nPerClass.nPass} pass labels`;
  if (mccValue >= gate) {
    if (nPerClass.nFail >= minPerClass && nPerClass.nPass >= minPerClass) {
      return {
        band: 'gate',
        reason: `MCC ${fmt(mccValue)} ≥ ${gate} with ≥ ${minPerClass} labels per class (${counts})${ci}`,
      };
    }
    return {
      band: 'signal',
      reason: `MCC ${fmt(mccValue)} ≥ ${gate} but gating needs ≥ ${minPerClass} labels per class (${counts})${ci}`,
    };
  }
  if (mccValue >= signal) {
    return {
      band: 'signal',
      reason: `MCC ${fmt(mccValue)} in [${signal}, ${gate}): report, do not gate (${counts})${ci}`,
    };
  }
  return { band: 'revise', reason: `MCC ${fmt(mccValue)} < ${signal}: revise the evaluator (${counts})${ci}` };
};

/**
 * Share of items whose verdicts differ across repeated runs. `runs[r][i]` is run r's verdict on
 * item i; all runs cover the same items. Null with fewer than 2 runs or no items.
 */
export const flipRate = (runs: readonly (readonly Verdict[])[]): number | null => {
  const first = runs[0];
  if (runs.length < 2 || first === undefined || first.length === 0) return null;
  for (const run of runs) {
    if (run.length !== first.length) throw new RangeError('every run must cover the same items');
  }
  let flipped = 0;
  for (let i = 0; i < first.length; i++) {
    if (runs.some((run) => run[i] !== first[i])) flipped++;
  }
  return flipped / first.length;
};
