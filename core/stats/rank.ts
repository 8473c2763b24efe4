/**
 * Rank correlations for graded (ordinal) scores: Spearman's rho and Kendall's tau-b, both
 * tie-aware, both null when undefined (fewer than 2 items or a constant input).
 */
import { type BootstrapInterval, type BootstrapOptions, bootstrapCI } from './bootstrap.js';

const checkPaired = (x: readonly number[], y: readonly number[]): void => {
  if (x.length !== y.length) throw new RangeError(`x (${x.length}) and y (${y.length}) differ in length`);
  for (const v of [...x, ...y]) if (!Number.isFinite(v)) throw new RangeError(`non-finite score ${v}`);
};

const isConstant = (values: readonly number[]): boolean => values.every((v) => v === values[0]);

/** 1-based ranks; tied values share the average of the ranks they span. */
export const averageRanks = (values: readonly number[]): number[] => {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const rank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) ranks[order[j]!] = rank;
    start = end + 1;
  }
  return ranks;
};

/** Pearson's r; null for n < 2 or a constant input. */
export const pearson = (x: readonly number[], y: readonly number[]): number | null => {
  checkPaired(x, y);
  if (x.length < 2 || isConstant(x) || isConstant(y)) return null;
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
};

/** Spearman's rho: Pearson's r on average ranks (correct with ties, unlike the 1 − 6Σd²/… shortcut). */
export const spearman = (x: readonly number[], y: readonly number[]): number | null => {
  checkPaired(x, y);
  return pearson(averageRanks(x), averageRanks(y));
};

/**
 * Kendall's tau-b = (concordant − discordant) / √((n0 − n1)(n0 − n2)), where n0 = n(n−1)/2 and
 * n1, n2 count the pairs tied in x and in y. O(n²): fine for a few thousand items.
 */
export const kendallTauB = (x: readonly number[], y: readonly number[]): number | null => {
  checkPaired(x, y);
  const n = x.length;
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(x[i]! - x[j]!);
      const dy = Math.sign(y[i]! - y[j]!);
      if (dx === 0) tiedX++;
      if (dy === 0) tiedY++;
      if (dx !== 0 && dy !== 0) {
        if (dx === dy) concordant++;
        else discordant++;
      }
    }
  }
  const n0 = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((n0 - tiedX) * (n0 - tiedY));
  if (denominator === 0) return null;
  return Math.max(-1, Math.min(1, (concordant - discordant) / denominator));
};

/**
 * Bootstrap CI for a rank correlation (`spearman` or `kendallTauB`), resampling (x, y) pairs
 * jointly. Resamples that come out constant are counted in `undefinedCount`.
 * Kendall costs O(n²) per resample: keep n to a few hundred when resampling it.
 */
export const rankCorrelationCI = (
  x: readonly number[],
  y: readonly number[],
  fn: (x: readonly number[], y: readonly number[]) => number | null,
  opts: BootstrapOptions,
): BootstrapInterval => {
  checkPaired(x, y);
  const indices = x.map((_, i) => i);
  return bootstrapCI(
    [indices],
    (sample) =>
      fn(
        sample.map((i) => x[i]!),
        sample.map((i) => y[i]!),
      ),
    opts,
  );
};
