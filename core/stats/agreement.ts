/**
 * Agreement between an evaluator and human labels: binary (MCC with a stratified bootstrap CI,
 * TPR/TNR) and graded (rank correlations), the band that decides how an evaluator may be used,
 * and the flip rate of repeated runs.
 */

import { betaSample } from './beta.js';
import { type BootstrapOptions, DEFAULT_RESAMPLES, quantileSorted } from './bootstrap.js';
import { accuracy, type Confusion, mcc, tnr, tpr, type Verdict } from './confusion.js';
import { createRng } from './random.js';
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
  /**
   * Counts with 'fail' as the positive class, averaged over the repeats of cross-validation
   * (so they may be fractional); the class mix nFail : nPass is what the MCC refers to.
   */
  confusion: Confusion;
  /** Null when not measurable (see `undefinedReason`). */
  mcc: number | null;
  /** Stratified percentile bootstrap CI of MCC (items resampled within each human class); null when MCC is undefined. */
  mccCI: Interval | null;
  tpr: number | null;
  tnr: number | null;
  accuracy: number | null;
  /** Independent predictions per item pooled into these figures (repeats of cross-validation). */
  repeats: number;
  /**
   * Why MCC is not measurable, in words a user can act on: 'no labels', 'no human fail labels',
   * 'no human pass labels', 'predicts pass for every labeled trace', 'predicts fail for every
   * labeled trace'; else null. A constant evaluator is not "MCC 0": it says nothing.
   */
  undefinedReason: string | null;
}

const shareOfFails = (runs: readonly (readonly Verdict[])[], n: number): number[] => {
  const share = new Array<number>(n).fill(0);
  for (const run of runs) {
    if (run.length !== n) throw new RangeError(`every run must cover the ${n} items (got ${run.length})`);
    run.forEach((v, i) => {
      if (v === 'fail') share[i]! += 1 / runs.length;
    });
  }
  return share;
};

/** Confusion over items `indices` where item i is predicted 'fail' with weight failShare[i]. */
const weightedConfusion = (
  humans: readonly Verdict[],
  failShare: readonly number[],
  indices: Iterable<number>,
): Confusion => {
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const i of indices) {
    const f = failShare[i]!;
    if (humans[i] === 'fail') {
      c.tp += f;
      c.fn += 1 - f;
    } else {
      c.fp += f;
      c.tn += 1 - f;
    }
  }
  return c;
};

/**
 * Interval of MCC at the calibration set's class mix, from the rates it is made of. Each draw
 * takes ONE repeat's verdicts (repeat b mod R), then TPR ~ Beta(tp + ½, fn + ½) and
 * TNR ~ Beta(tn + ½, fp + ½) (Jeffreys posteriors of the two binomial rates: fail and pass labels
 * are drawn separately), and restates MCC from them.
 * - Why not a plain bootstrap of items: a perfect sample (10 of 10 caught, no false alarm) has a
 *   zero-width bootstrap interval at 1.00, while the rule's held-out MCC was 0.89 (measured by
 *   `bench:honesty` on the dev populations: 4 of 10 intervals covered it at 20 labels).
 * - Why one repeat per draw: averaging the repeats' verdicts first narrows the interval without
 *   making the estimate much less variable (the repeats share the labels). On label permutations
 *   of pure noise at 20 labels, averaged-verdict intervals covered 0 in 24 of 30 cases.
 */
const repeatAwareInterval = (
  humans: readonly Verdict[],
  runs: readonly (readonly Verdict[])[],
  opts: BootstrapOptions,
): Interval | null => {
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const level = opts.level ?? 0.95;
  const rng = createRng(opts.seed);
  const nFail = humans.filter((h) => h === 'fail').length;
  const prevalence = nFail / humans.length;
  const counts = runs.map((run) => {
    const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
    run.forEach((v, i) => {
      if (humans[i] === 'fail') v === 'fail' ? c.tp++ : c.fn++;
      else v === 'fail' ? c.fp++ : c.tn++;
    });
    return c;
  });
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const c = counts[b % counts.length]!;
    const value = mccAtPrevalence(
      betaSample(rng, c.tp + 0.5, c.fn + 0.5),
      betaSample(rng, c.tn + 0.5, c.fp + 0.5),
      prevalence,
    );
    values.push(value ?? 0);
  }
  values.sort((x, y) => x - y);
  const alpha = (1 - level) / 2;
  return { lower: quantileSorted(values, alpha), upper: quantileSorted(values, 1 - alpha) };
};

/**
 * Binary agreement of evaluator verdicts with human labels ('fail' = positive class), pooling
 * several out-of-fold predictions per item (`runs[r][i]`: repeat r's verdict on item i): the
 * point estimate averages the repeats; the interval is `repeatAwareInterval`'s.
 */
export const pooledAgreement = (
  humans: readonly Verdict[],
  runs: readonly (readonly Verdict[])[],
  opts: BootstrapOptions,
): BinaryAgreement => {
  if (runs.length === 0) throw new RangeError('pooledAgreement needs at least one run of predictions');
  const failShare = shareOfFails(runs, humans.length);
  const all = humans.map((_, i) => i);
  const pooled = weightedConfusion(humans, failShare, all);
  // Averages of 0/1 counts: round away the float dust (19.999999999999996 fail labels).
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  const confusion = { tp: round(pooled.tp), fp: round(pooled.fp), tn: round(pooled.tn), fn: round(pooled.fn) };
  const nFail = humans.filter((h) => h === 'fail').length;
  const nPass = humans.length - nFail;
  const n = humans.length;
  const predictedFail = confusion.tp + confusion.fp;
  const undefinedReason =
    n === 0
      ? 'no labels'
      : nFail === 0
        ? 'no human fail labels'
        : nPass === 0
          ? 'no human pass labels'
          : predictedFail === 0
            ? 'predicts pass for every labeled trace'
            : predictedFail === n
              ? 'predicts fail for every labeled trace'
              : null;
  let value: number | null = null;
  let mccCI: Interval | null = null;
  if (undefinedReason === null) {
    value = mcc(confusion);
    mccCI = repeatAwareInterval(humans, runs, opts);
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
    repeats: runs.length,
    undefinedReason,
  };
};

/** Binary agreement of one verdict per item with human labels ('fail' = positive class). */
export const binaryAgreement = (
  humans: readonly Verdict[],
  predictions: readonly Verdict[],
  opts: BootstrapOptions,
): BinaryAgreement => {
  if (humans.length !== predictions.length) {
    throw new RangeError(`humans (${humans.length}) and predictions (${predictions.length}) differ in length`);
  }
  return pooledAgreement(humans, [predictions], opts);
};

/**
 * The MCC an evaluator with these TPR and TNR would have where a share `prevalence` of traces
 * fails: MCC depends on the class mix, so a figure calibrated on a balanced set must be restated
 * at the production fail rate. Null when it is undefined there (prevalence 0 or 1, or the
 * evaluator would predict one class only).
 */
export const mccAtPrevalence = (tprValue: number, tnrValue: number, prevalence: number): number | null => {
  const p = prevalence;
  const c: Confusion = {
    tp: p * tprValue,
    fn: p * (1 - tprValue),
    tn: (1 - p) * tnrValue,
    fp: (1 - p) * (1 - tnrValue),
  };
  if (p <= 0 || p >= 1) return null;
  if (c.tp + c.fp <= 0 || c.tn + c.fn <= 0) return null;
  return mcc(c);
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

/** The status rule (configurable per project). */
export interface BandOptions {
  /** Minimum MCC to gate releases (default 0.6). */
  gate?: number;
  /** Minimum 95% lower bound of MCC to gate (default 0.4). */
  gateLowerBound?: number;
  /** Minimum MCC to report as a signal (default 0.4). */
  signal?: number;
  /** The 95% lower bound of MCC must be above this to be a signal (default 0). */
  signalLowerBound?: number;
  /** Human labels needed in EACH class before an evaluator may gate (default 10). */
  minPerClass?: number;
}

export interface BandDecision {
  band: AgreementBand;
  /** One sentence: the figures, the rule they met or missed, and what would settle it. */
  reason: string;
  /** Roughly how many more labels per class would likely move it up a band; null when more labels would not help. */
  moreLabelsPerClass: number | null;
}

const fmt = (v: number) => v.toFixed(2);

/**
 * Labels per class needed for the interval's lower side (now `halfWidth` wide at n per class) to
 * shrink to `target`, if the estimate stays where it is: widths scale with 1/√n.
 */
const labelsToReach = (perClass: number, halfWidth: number, target: number): number | null => {
  if (target <= 0.01 || halfWidth <= 0) return null;
  const needed = Math.ceil(perClass * (halfWidth / target) ** 2);
  return Math.max(1, needed - perClass);
};

const moreLabels = (n: number | null) =>
  n === null
    ? ''
    : n > 300
      ? '; hundreds more labels per class would be needed, a better evaluator is likelier to help'
      : `; about ${n} more label${n === 1 ? '' : 's'} per class would likely settle it`;

/**
 * Bands an evaluator by its MCC **and its interval**: the point estimate alone is not evidence
 * at 10–40 labels (a phrase rule can score 0.70 [0.40, 1.00] on 10 + 10 labels and 0.10 on new data).
 * - gate: MCC ≥ gate, 95% lower bound ≥ gateLowerBound, and ≥ minPerClass labels in each class;
 * - signal: MCC ≥ signal and lower bound > signalLowerBound;
 * - revise: anything else, including not measurable.
 */
export const agreementBand = (agreement: BinaryAgreement, opts: BandOptions = {}): BandDecision => {
  const { gate = 0.6, gateLowerBound = 0.4, signal = 0.4, signalLowerBound = 0, minPerClass = 10 } = opts;
  const { mcc: m, mccCI, nFail, nPass } = agreement;
  if (m === null || mccCI === null) {
    return {
      band: 'revise',
      reason: `not measurable: ${agreement.undefinedReason ?? 'no interval could be computed'}`,
      moreLabelsPerClass: null,
    };
  }
  const lower = mccCI.lower;
  const perClass = Math.min(nFail, nPass);
  const halfWidth = Math.max(m - lower, 0);
  const figures = `MCC ${fmt(m)} [${fmt(lower)}, ${fmt(mccCI.upper)}] on ${nFail} fail / ${nPass} pass labels`;
  const enoughPerClass = nFail >= minPerClass && nPass >= minPerClass;
  if (m >= gate && lower >= gateLowerBound && enoughPerClass) {
    return {
      band: 'gate',
      reason: `${figures}: may gate (MCC ≥ ${gate}, lower bound ≥ ${gateLowerBound})`,
      moreLabelsPerClass: null,
    };
  }
  if (m >= gate) {
    const toGate = !enoughPerClass
      ? Math.max(minPerClass - perClass, labelsToReach(perClass, halfWidth, m - gateLowerBound) ?? 0)
      : labelsToReach(perClass, halfWidth, m - gateLowerBound);
    const why = !enoughPerClass
      ? `gating needs ≥ ${minPerClass} labels per class`
      : `its lower bound ${fmt(lower)} < ${gateLowerBound} is too uncertain to gate`;
    if (lower > signalLowerBound) {
      return {
        band: 'signal',
        reason: `${figures}: a signal; ${why}${moreLabels(toGate)}`,
        moreLabelsPerClass: toGate,
      };
    }
    const toSignal = labelsToReach(perClass, halfWidth, m - signalLowerBound);
    return {
      band: 'revise',
      reason: `${figures}: the interval reaches ${fmt(lower)}, so even a signal is not established${moreLabels(toSignal)}`,
      moreLabelsPerClass: toSignal,
    };
  }
  if (m >= signal) {
    if (lower > signalLowerBound) {
      return {
        band: 'signal',
        reason: `${figures}: a signal; gating needs MCC ≥ ${gate}, which takes a better evaluator rather than more labels`,
        moreLabelsPerClass: null,
      };
    }
    const toSignal = labelsToReach(perClass, halfWidth, m - signalLowerBound);
    return {
      band: 'revise',
      reason: `${figures}: the interval reaches ${fmt(lower)}, so a signal is not established${moreLabels(toSignal)}`,
      moreLabelsPerClass: toSignal,
    };
  }
  return {
    band: 'revise',
    reason: `${figures}: below ${signal}, revise the evaluator; more labels would not make it useful`,
    moreLabelsPerClass: null,
  };
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

/** MCC of pooled predictions without an interval (for choosing among candidates inside a fold); null when not measurable. */
export const pooledMcc = (humans: readonly Verdict[], runs: readonly (readonly Verdict[])[]): number | null => {
  const failShare = shareOfFails(runs, humans.length);
  const c = weightedConfusion(
    humans,
    failShare,
    humans.map((_, i) => i),
  );
  const predictedFail = c.tp + c.fp;
  if (predictedFail <= 0 || predictedFail >= humans.length) return null;
  return mcc(c);
};
