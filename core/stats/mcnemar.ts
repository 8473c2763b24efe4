/**
 * Comparing pass rates: McNemar's exact test for the same items judged twice (baseline vs
 * candidate), and Newcombe's score interval for a difference of two independent proportions.
 */
import { normalQuantile } from './normal.js';

/** P(X ≤ k) and P(X = k) for X ~ Binomial(n, 1/2), summed in log space (no underflow at large n). */
const binomialHalfTail = (n: number, k: number): { cdf: number; pmf: number } => {
  let logChoose = 0;
  const logHalfN = -n * Math.LN2;
  let cdf = 0;
  let pmf = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
    pmf = Math.exp(logChoose + logHalfN);
    cdf += pmf;
  }
  return { cdf, pmf };
};

/**
 * Exact two-sided McNemar p-value from the discordant pairs: b = items that went pass → fail,
 * c = fail → pass. Under H0 the b + c discordant items split Binomial(b + c, 1/2);
 * p = min(1, 2·P(X ≤ min(b, c))). With `midP`, half the probability of the observed split is
 * removed (2·P(X < k) + P(X = k)): less conservative, closer to nominal size at small counts.
 * p = 1 when there are no discordant pairs.
 */
export const mcnemar = (b: number, c: number, opts: { midP?: boolean } = {}): number => {
  for (const v of [b, c]) if (!Number.isInteger(v) || v < 0) throw new RangeError(`counts must be integers ≥ 0: ${v}`);
  const n = b + c;
  if (n === 0) return 1;
  const { cdf, pmf } = binomialHalfTail(n, Math.min(b, c));
  const p = opts.midP ? 2 * (cdf - pmf / 2) : 2 * cdf;
  return Math.min(1, p);
};

export interface PairedPassRateTest {
  n: number;
  baselineRate: number | null;
  candidateRate: number | null;
  /** candidateRate − baselineRate. */
  diff: number | null;
  /** Items that passed in the baseline and fail in the candidate. */
  b: number;
  /** Items that failed in the baseline and pass in the candidate. */
  c: number;
  pValue: number;
}

/**
 * McNemar test of two pass rates on the same items (`true` = pass), e.g. a release candidate
 * against its baseline on a fixed dataset.
 */
export const pairedPassRateTest = (
  baseline: readonly boolean[],
  candidate: readonly boolean[],
  opts: { midP?: boolean } = {},
): PairedPassRateTest => {
  if (baseline.length !== candidate.length) {
    throw new RangeError(`baseline (${baseline.length}) and candidate (${candidate.length}) differ in length`);
  }
  const n = baseline.length;
  let b = 0;
  let c = 0;
  let basePass = 0;
  let candPass = 0;
  baseline.forEach((before, i) => {
    const after = candidate[i]!;
    if (before) basePass++;
    if (after) candPass++;
    if (before && !after) b++;
    if (!before && after) c++;
  });
  const baselineRate = n === 0 ? null : basePass / n;
  const candidateRate = n === 0 ? null : candPass / n;
  const diff = baselineRate === null || candidateRate === null ? null : candidateRate - baselineRate;
  return { n, baselineRate, candidateRate, diff, b, c, pValue: mcnemar(b, c, opts) };
};

/** Wilson score interval for k successes in n trials ([0, 1] when n = 0). */
export const wilsonInterval = (k: number, n: number, level = 0.95): { lower: number; upper: number } => {
  if (n === 0) return { lower: 0, upper: 1 };
  if (!(k >= 0 && k <= n)) throw new RangeError(`need 0 ≤ k ≤ n, got k=${k}, n=${n}`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = k / n;
  const z2n = (z * z) / n;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + z2n);
  return { lower: Math.max(0, center - half), upper: Math.min(1, center + half) };
};

/**
 * Newcombe's hybrid score interval (1998, method 10) for p1 − p2 with p1 = k1/n1, p2 = k2/n2 from
 * independent samples (e.g. pass rates of two releases on different traffic), built from the two
 * Wilson intervals. Null when either sample is empty.
 */
export const unpairedRateDiffCI = (
  k1: number,
  n1: number,
  k2: number,
  n2: number,
  level = 0.95,
): { diff: number; lower: number; upper: number } | null => {
  if (n1 === 0 || n2 === 0) return null;
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const w1 = wilsonInterval(k1, n1, level);
  const w2 = wilsonInterval(k2, n2, level);
  const diff = p1 - p2;
  return {
    diff,
    lower: diff - Math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2),
    upper: diff + Math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2),
  };
};
