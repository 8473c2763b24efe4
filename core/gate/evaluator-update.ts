/**
 * Gating an evaluator update: may a proposed version replace the current one? Both versions
 * judge the SAME human-labeled calibration items, so the comparison is paired.
 */
import { pairedBootstrapDiff } from '../stats/bootstrap.js';
import { mccOfPairs, pairVerdicts, type Verdict } from '../stats/confusion.js';

export interface EvaluatorUpdateInput {
  /** Human labels of the calibration items. */
  humans: readonly Verdict[];
  /** The current version's verdicts on the same items, in the same order. */
  current: readonly Verdict[];
  /** The proposed version's verdicts on the same items, in the same order. */
  proposed: readonly Verdict[];
  /** Bootstrap seed: the same seed and data give the same interval. */
  seed: string | number;
  /** One-sided α; the interval is (1 − 2α) two-sided (default 0.05 → 90%, as in the release gate). */
  alpha?: number;
  /** Bootstrap resamples (default 2000, at least 1000). */
  resamples?: number;
}

export interface EvaluatorUpdateNumbers {
  n: number;
  nFail: number;
  nPass: number;
  currentMcc: number | null;
  proposedMcc: number | null;
  /** proposedMcc − currentMcc. */
  diff: number | null;
  /** Paired percentile bootstrap interval of diff; null when MCC is undefined. */
  ciLower: number | null;
  ciUpper: number | null;
  /** Two-sided level of the interval, 1 − 2α. */
  level: number;
}

export interface EvaluatorUpdateResult {
  /** 'insufficient': MCC is undefined (a human class is missing), so the versions cannot be compared. */
  decision: 'accept' | 'refuse' | 'insufficient';
  reason: string;
  numbers: EvaluatorUpdateNumbers;
}

const fmt = (v: number) => (v < 0 ? `\u2212${Math.abs(v).toFixed(3)}` : v.toFixed(3));

/**
 * Compares the versions' MCC against humans with a paired, human-class-stratified bootstrap of
 * the difference (proposed − current). Rule: refuse when the upper bound of the (1 − 2α)
 * interval is below 0 — the proposed version agrees with humans clearly worse; otherwise accept
 * (equal, better, or not distinguishable on these items). A refusal is what keeps a worse version
 * from replacing a 'gate' evaluator; for a 'signal' evaluator the caller may treat it as advice.
 */
export const compareEvaluatorVersions = (input: EvaluatorUpdateInput): EvaluatorUpdateResult => {
  const alpha = input.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`alpha must be in (0, 0.5), got ${alpha}`);
  const level = 1 - 2 * alpha;
  const current = pairVerdicts(input.humans, input.current);
  const proposed = pairVerdicts(input.humans, input.proposed);
  const nFail = input.humans.filter((h) => h === 'fail').length;
  const nPass = input.humans.length - nFail;
  const currentMcc = mccOfPairs(current);
  const proposedMcc = mccOfPairs(proposed);
  const base = { n: input.humans.length, nFail, nPass, currentMcc, proposedMcc, level };
  if (currentMcc === null || proposedMcc === null) {
    return {
      decision: 'insufficient',
      reason: `MCC is undefined without both human classes (${nFail} fail / ${nPass} pass labels); cannot compare versions`,
      numbers: { ...base, diff: null, ciLower: null, ciUpper: null },
    };
  }
  const ci = pairedBootstrapDiff(proposed, current, mccOfPairs, {
    seed: input.seed,
    level,
    ...(input.resamples === undefined ? {} : { resamples: input.resamples }),
  });
  const diff = proposedMcc - currentMcc;
  // Stratified resamples keep both human classes, so MCC (and the interval) is always defined here.
  const refuse = ci.upper !== null && ci.upper < 0;
  const pct = `${Math.round(level * 1000) / 10}%`;
  const interval = ci.lower === null || ci.upper === null ? 'no interval' : `${fmt(ci.lower)} to ${fmt(ci.upper)}`;
  const head =
    `MCC ${fmt(currentMcc)} → ${fmt(proposedMcc)} on ${base.n} calibration items (${nFail} fail / ${nPass} pass), ` +
    `difference ${fmt(diff)} (${pct} paired bootstrap interval ${interval})`;
  return {
    decision: refuse ? 'refuse' : 'accept',
    reason: refuse
      ? `${head}; the proposed version agrees with humans clearly worse`
      : `${head}; the proposed version is not clearly worse`,
    numbers: { ...base, diff, ciLower: ci.lower, ciUpper: ci.upper },
  };
};
