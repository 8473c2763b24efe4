/**
 * Agreement between human reviewers who labeled the same items: Cohen's κ when exactly two
 * reviewers rated every item, Krippendorff's α (nominal) otherwise (more than two reviewers, or
 * different pairs on different items), each with a percentile bootstrap interval over items.
 *
 * Why a bootstrap over items and not an analytic interval: the large-sample variance of κ
 * (Fleiss, Cohen & Everitt 1969) assumes fixed raters and many items and is badly off at the 20–50
 * double-reviewed traces a project has (and is degenerate when a class is rare); α has no simple
 * closed-form variance at all — Krippendorff's own software bootstraps it. Resampling items keeps
 * each item's ratings together, so the interval reflects item-to-item variation, which is what a
 * new set of double-reviewed traces would vary by. Coverage is measured on simulated raters with
 * known agreement in inter-rater.test.ts.
 */

import type { Interval } from './agreement.js';
import { DEFAULT_RESAMPLES, quantileSorted } from './bootstrap.js';
import { createRng, randomIndex } from './random.js';

/** One item (trace) and the category each reviewer gave it. */
export interface RatedUnit {
  ratings: readonly { rater: string; value: string }[];
}

export type InterRaterMethod = 'cohen_kappa' | 'krippendorff_alpha';

export interface InterRaterAgreement {
  method: InterRaterMethod;
  /** Null when not measurable: see `undefinedReason` (never 0 for "undefined"). */
  value: number | null;
  /** 95% (or `level`) percentile bootstrap interval over items; null when not measurable. */
  interval: Interval | null;
  /** Items rated by at least two reviewers (the others say nothing about agreement). */
  units: number;
  /** Distinct reviewers among those items. */
  raters: number;
  /** Share of items (κ) or of pairable rating pairs (α) on which the reviewers agree. */
  observedAgreement: number | null;
  /** 'no item has two reviewers', 'every rating is "pass"', …; else null. */
  undefinedReason: string | null;
  /** Bootstrap resamples the interval rests on (resamples where the statistic is undefined are dropped). */
  resamples: number;
}

export interface InterRaterOptions {
  seed: string | number;
  /** Default 2000. */
  resamples?: number;
  /** Default 0.95. */
  level?: number;
}

/**
 * Cohen's κ of two raters: `pairs[i]` = [rater A's category, rater B's category] on item i.
 * κ = (pₒ − pₑ) / (1 − pₑ), pₑ from each rater's own marginals. Null when undefined: no items, or
 * both raters used one and the same category throughout (pₑ = 1).
 */
export const cohenKappa = (pairs: readonly (readonly [string, string])[]): number | null => {
  const n = pairs.length;
  if (n === 0) return null;
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let agree = 0;
  for (const [x, y] of pairs) {
    if (x === y) agree++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  let pe = 0;
  for (const [k, na] of a) pe += (na / n) * ((b.get(k) ?? 0) / n);
  if (pe >= 1 - 1e-12) return null;
  return (agree / n - pe) / (1 - pe);
};

/** The coincidence counts of Krippendorff's α: per pairable unit, each ordered pair weighted 1/(m−1). */
const coincidences = (units: readonly (readonly string[])[]) => {
  const o = new Map<string, Map<string, number>>();
  for (const values of units) {
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const row = o.get(values[i]!) ?? new Map<string, number>();
        row.set(values[j]!, (row.get(values[j]!) ?? 0) + 1 / (m - 1));
        o.set(values[i]!, row);
      }
    }
  }
  return o;
};

/**
 * Krippendorff's α for nominal data: `units[u]` = the categories the reviewers gave item u
 * (missing ratings simply absent; items with fewer than two are not pairable and ignored).
 * α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k. Null when undefined: fewer than two pairable
 * values, or every pairable value is the same category (no expected disagreement).
 */
export const krippendorffAlphaNominal = (units: readonly (readonly string[])[]): number | null => {
  const o = coincidences(units);
  const nc = new Map<string, number>();
  let observed = 0;
  for (const [c, row] of o) {
    for (const [k, v] of row) {
      nc.set(c, (nc.get(c) ?? 0) + v);
      if (c !== k) observed += v;
    }
  }
  const n = [...nc.values()].reduce((s, x) => s + x, 0);
  if (n < 2) return null;
  let expected = 0;
  for (const [c, a] of nc) for (const [k, b] of nc) if (c !== k) expected += a * b;
  if (expected <= 1e-12) return null;
  return 1 - ((n - 1) * observed) / expected;
};

const valuesOf = (u: RatedUnit) => u.ratings.map((r) => r.value);

/** Whether exactly two reviewers rated every item: then Cohen's κ (their own marginals) applies. */
const twoFixedRaters = (units: readonly RatedUnit[]): [string, string] | null => {
  const raters = [...new Set(units.flatMap((u) => u.ratings.map((r) => r.rater)))].sort();
  if (raters.length !== 2) return null;
  const ok = units.every(
    (u) =>
      u.ratings.length === 2 &&
      u.ratings.some((r) => r.rater === raters[0]) &&
      u.ratings.some((r) => r.rater === raters[1]),
  );
  return ok ? [raters[0]!, raters[1]!] : null;
};

const whyUndefined = (units: readonly RatedUnit[], fixed: [string, string] | null) => {
  if (units.length === 0) return 'no trace was labeled by two reviewers';
  const values = new Set(units.flatMap(valuesOf));
  if (values.size === 1) return `every rating is "${[...values][0]}": agreement beyond chance is not measurable`;
  for (const rater of fixed ?? []) {
    const own = new Set(units.flatMap((u) => u.ratings.filter((r) => r.rater === rater).map((r) => r.value)));
    // Like MCC for a constant predictor: κ is 0 by construction and says nothing about agreement.
    if (own.size === 1) return `${rater} gave "${[...own][0]}" on every trace (κ would be 0 by construction)`;
  }
  return 'not measurable on these ratings';
};

/** κ of a reviewer who gave one class throughout is 0 whatever the other did: reported as not measurable. */
const constantRater = (units: readonly RatedUnit[], fixed: [string, string] | null) =>
  fixed?.some(
    (rater) => new Set(units.flatMap((u) => u.ratings.filter((r) => r.rater === rater).map((r) => r.value))).size === 1,
  ) ?? false;

/**
 * Inter-reviewer agreement on items rated by two or more reviewers (items with one rating are
 * dropped): Cohen's κ when the same two reviewers rated every item, else Krippendorff's α (nominal),
 * each with a percentile bootstrap interval over items (seeded: the same data give the same interval).
 * Not measurable (value null): no such item, one class throughout, or (κ) a reviewer who gave one
 * class on every item. Resamples keep the plain statistic (a resample with a constant reviewer
 * counts as κ 0) so the interval is not pushed away from 0 by dropping them.
 */
export const interRaterAgreement = (input: readonly RatedUnit[], opts: InterRaterOptions): InterRaterAgreement => {
  const units = input.filter((u) => u.ratings.length >= 2);
  const fixed = twoFixedRaters(units);
  const method: InterRaterMethod = fixed ? 'cohen_kappa' : 'krippendorff_alpha';
  const statistic = (sample: readonly RatedUnit[]): number | null => {
    if (!fixed) return krippendorffAlphaNominal(sample.map(valuesOf));
    return cohenKappa(
      sample.map((u) => [
        u.ratings.find((r) => r.rater === fixed[0])!.value,
        u.ratings.find((r) => r.rater === fixed[1])!.value,
      ]),
    );
  };
  const raters = new Set(units.flatMap((u) => u.ratings.map((r) => r.rater))).size;
  const value = constantRater(units, fixed) ? null : statistic(units);
  const observedAgreement = units.length === 0 ? null : observedShare(units, fixed !== null);
  if (value === null) {
    return {
      method,
      value: null,
      interval: null,
      units: units.length,
      raters,
      observedAgreement,
      undefinedReason: whyUndefined(units, fixed),
      resamples: 0,
    };
  }
  const rng = createRng(opts.seed);
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const draws: number[] = [];
  const sample: RatedUnit[] = new Array(units.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < units.length; i++) sample[i] = units[randomIndex(rng, units.length)]!;
    const v = statistic(sample);
    if (v !== null) draws.push(v);
  }
  draws.sort((x, y) => x - y);
  const alpha = (1 - (opts.level ?? 0.95)) / 2;
  const interval = draws.length
    ? { lower: quantileSorted(draws, alpha), upper: quantileSorted(draws, 1 - alpha) }
    : null;
  return {
    method,
    value,
    interval,
    units: units.length,
    raters,
    observedAgreement,
    undefinedReason: null,
    resamples: draws.length,
  };
};

/** κ: items whose two ratings match; α: matching pairs among all pairable pairs. */
const observedShare = (units: readonly RatedUnit[], perItem: boolean) => {
  if (perItem) return units.filter((u) => u.ratings[0]!.value === u.ratings[1]!.value).length / units.length;
  let same = 0;
  let all = 0;
  for (const u of units) {
    const v = valuesOf(u);
    for (let i = 0; i < v.length; i++)
      for (let j = i + 1; j < v.length; j++) {
        all++;
        if (v[i] === v[j]) same++;
      }
  }
  return all ? same / all : null;
};
