/**
 * Exact binomial tail and Clopper–Pearson upper bound, for the pass-rate floor. A minimal local
 * version: core/stats has the Binomial(n, 1/2) tail (McNemar) but not a general p. Candidates to
 * move into core/stats.
 */

/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space (no underflow at large n). */
export const binomialCdf = (k: number, n: number, p: number): number => {
  if (!(Number.isInteger(k) && Number.isInteger(n) && n >= 0))
    throw new RangeError(`need integers, got k=${k}, n=${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let logChoose = 0;
  let cdf = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
    cdf += Math.exp(logChoose + i * logP + (n - i) * logQ);
  }
  return Math.min(1, cdf);
};

/**
 * One-sided Clopper–Pearson upper bound at level 1 − α: the p at which P(X ≤ k) = α (1 when
 * k = n). The true rate is below it with probability ≥ 1 − α for every n and p, unlike the Wilson
 * bound, whose one-sided error at high rates and small n reaches 2–3× α. Found by bisection.
 */
export const clopperPearsonUpper = (k: number, n: number, alpha: number): number => {
  if (k >= n) return 1;
  let lo = k / n;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (binomialCdf(k, n, mid) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
};
