/**
 * Percentile bootstrap intervals (reference §3.4): resample labeled items with replacement,
 * within each human class so both classes stay present, recompute the statistic, take percentiles.
 */
import type { Verdict } from './confusion.js';
import { createRng, randomIndex } from './random.js';

/** Default number of resamples (the reference uses 2,000). */
export const DEFAULT_RESAMPLES = 2000;
/** Fewer resamples make the 2.5th/97.5th percentiles themselves noisy. */
export const MIN_RESAMPLES = 1000;

export interface BootstrapOptions {
  /** PRNG seed; the same seed and data give the same interval. */
  seed: string | number;
  /** Number of resamples, an integer ≥ 1000 (default 2000). */
  resamples?: number;
  /** Two-sided confidence level in (0, 1) (default 0.95). */
  level?: number;
}

export interface BootstrapInterval {
  /** The statistic on the original data (null when undefined there). */
  estimate: number | null;
  /** Percentile bounds over the resamples where the statistic was defined; null when none was. */
  lower: number | null;
  upper: number | null;
  /** Resamples drawn, including undefined ones. */
  resamples: number;
  /** Resamples where the statistic was null (or NaN); excluded from the percentiles. */
  undefinedCount: number;
}

/** Linear-interpolation quantile (R type 7) of ascending values; q in [0, 1]. */
export const quantileSorted = (sorted: readonly number[], q: number): number => {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const a = sorted[lo]!;
  const b = sorted[Math.ceil(pos)]!;
  return a + (b - a) * (pos - lo);
};

const resolveOptions = (opts: BootstrapOptions) => {
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const level = opts.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < MIN_RESAMPLES) {
    throw new RangeError(`resamples must be an integer ≥ ${MIN_RESAMPLES}, got ${resamples}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  return { resamples, level, rng: createRng(opts.seed) };
};

/**
 * The general engine: `strata` partitions item indices; each resample draws, with replacement,
 * as many indices from each stratum as it holds, and hands the drawn indices to `statistic`.
 * Pass one stratum for a plain (unstratified) bootstrap.
 */
export const bootstrapCI = (
  strata: readonly (readonly number[])[],
  statistic: (indices: number[]) => number | null,
  opts: BootstrapOptions,
): BootstrapInterval => {
  const { resamples, level, rng } = resolveOptions(opts);
  const all = strata.flat().sort((a, b) => a - b);
  const estimate = statistic(all);
  const values: number[] = [];
  let undefinedCount = 0;
  for (let r = 0; r < resamples; r++) {
    const sample: number[] = [];
    for (const stratum of strata) {
      for (let i = 0; i < stratum.length; i++) sample.push(stratum[randomIndex(rng, stratum.length)]!);
    }
    const value = statistic(sample);
    if (value === null || Number.isNaN(value)) undefinedCount++;
    else values.push(value);
  }
  values.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  const defined = values.length > 0;
  return {
    estimate: estimate === null || Number.isNaN(estimate) ? null : estimate,
    lower: defined ? quantileSorted(values, alpha) : null,
    upper: defined ? quantileSorted(values, 1 - alpha) : null,
    resamples,
    undefinedCount,
  };
};

/** Indices of human 'fail' items and of human 'pass' items. */
export const strataByHuman = (items: readonly { human: Verdict }[]): number[][] => {
  const fail: number[] = [];
  const pass: number[] = [];
  items.forEach((item, i) => {
    (item.human === 'fail' ? fail : pass).push(i);
  });
  return [fail, pass];
};

/**
 * Bootstrap CI of `statistic` (e.g. `mccOfPairs`) resampling within each human class, so every
 * resample keeps the original class sizes.
 */
export const stratifiedBootstrapCI = <T extends { human: Verdict }>(
  items: readonly T[],
  statistic: (sample: T[]) => number | null,
  opts: BootstrapOptions,
): BootstrapInterval => bootstrapCI(strataByHuman(items), (indices) => statistic(indices.map((i) => items[i]!)), opts);

/**
 * Paired bootstrap of statistic(A) − statistic(B) for two evaluators judged on the SAME items
 * (`a[i]` and `b[i]` are the same item, so they share the human label). Each resample draws one
 * set of items and scores both evaluators on it, which keeps the correlation between them; a
 * lower bound above 0 says A beats B. Resamples where either side is undefined are excluded.
 */
export const pairedBootstrapDiff = <T extends { human: Verdict }>(
  a: readonly T[],
  b: readonly T[],
  statistic: (sample: T[]) => number | null,
  opts: BootstrapOptions,
): BootstrapInterval => {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length (${a.length} vs ${b.length})`);
  a.forEach((item, i) => {
    if (item.human !== b[i]!.human) throw new RangeError(`item ${i} has different human labels in the two samples`);
  });
  return bootstrapCI(
    strataByHuman(a),
    (indices) => {
      const sa = statistic(indices.map((i) => a[i]!));
      const sb = statistic(indices.map((i) => b[i]!));
      return sa === null || sb === null ? null : sa - sb;
    },
    opts,
  );
};
