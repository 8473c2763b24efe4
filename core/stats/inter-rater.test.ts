import { describe, expect, it } from 'vitest';
import { cohenKappa, interRaterAgreement, krippendorffAlphaNominal, type RatedUnit } from './inter-rater.js';
import { createRng, type Rng } from './random.js';

/** A 2×2 table as item pairs: yy = both "fail", yn = A fail / B pass, … */
const table = (yy: number, yn: number, ny: number, nn: number) => [
  ...Array.from({ length: yy }, () => ['fail', 'fail'] as const),
  ...Array.from({ length: yn }, () => ['fail', 'pass'] as const),
  ...Array.from({ length: ny }, () => ['pass', 'fail'] as const),
  ...Array.from({ length: nn }, () => ['pass', 'pass'] as const),
];

describe('cohenKappa', () => {
  it.each([
    // Wikipedia "Cohen's kappa", example 1: pₒ = 0.7, pₑ = 0.5 → 0.4.
    { name: 'textbook 20/5/10/15', t: table(20, 5, 10, 15), kappa: 0.4 },
    // Example 2: pₒ = 0.6, pₑ = 0.6·0.7 + 0.4·0.3 = 0.54 → 0.06 / 0.46.
    { name: 'textbook 45/15/25/15', t: table(45, 15, 25, 15), kappa: 0.06 / 0.46 },
    { name: 'perfect agreement', t: table(5, 0, 0, 5), kappa: 1 },
    // Always disagree with balanced marginals: pₒ = 0, pₑ = 0.5 → −1.
    { name: 'perfect disagreement', t: table(0, 5, 5, 0), kappa: -1 },
    // Independent raters at chance: pₒ = pₑ = 0.5.
    { name: 'chance', t: table(5, 5, 5, 5), kappa: 0 },
  ])('$name', ({ t, kappa }) => {
    expect(cohenKappa(t)).toBeCloseTo(kappa, 10);
  });

  it.each([
    { name: 'no items', t: [] as (readonly [string, string])[] },
    { name: 'both raters say pass on every item', t: table(0, 0, 0, 12) },
  ])('is undefined (null, not 0) with $name', ({ t }) => {
    expect(cohenKappa(t)).toBeNull();
  });

  it('is defined when one rater used one class and the other both (pₑ < 1)', () => {
    // A: all pass; B: 2 fail, 8 pass. pₒ = 0.8, pₑ = 0.8 → κ = 0.
    expect(cohenKappa(table(0, 0, 2, 8))).toBeCloseTo(0, 12);
  });
});

describe('krippendorffAlphaNominal', () => {
  it("reproduces Krippendorff (2011), 'Computing Krippendorff's alpha-reliability', 4 coders × 12 units, nominal α = 0.743", () => {
    const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null];
    const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3];
    const C = [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null];
    const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null];
    const units = A.map((_, u) =>
      [A[u], B[u], C[u], D[u]].filter((v): v is number => v !== null).map((v) => String(v)),
    );
    // 0.743421… also from the `krippendorff` PyPI package (0.8.1) on the same matrix.
    expect(krippendorffAlphaNominal(units)).toBeCloseTo(0.743421052631579, 10);
  });

  it('two coders on the 20/5/10/15 table: α = 0.4 (hand: n = 100, o_fy,pn = 15, n_f = 55, n_p = 45)', () => {
    // α = 1 − (n−1)·2·15 / (2·55·45) = 1 − 99·30/4950 = 0.4
    expect(krippendorffAlphaNominal(table(20, 5, 10, 15))).toBeCloseTo(0.4, 12);
  });

  it.each([
    { name: 'no pairable unit', units: [['fail'], ['pass']] },
    {
      name: 'every value the same',
      units: [
        ['pass', 'pass'],
        ['pass', 'pass', 'pass'],
      ],
    },
    { name: 'nothing', units: [] },
  ])('is undefined (null) with $name', ({ units }) => {
    expect(krippendorffAlphaNominal(units)).toBeNull();
  });
});

/** Raters who each copy a latent truth (fail with probability `prevalence`) with accuracy `acc`. */
const simulate = (rng: Rng, n: number, raters: string[], perItem: number, prevalence: number, acc: number) =>
  Array.from({ length: n }, (): RatedUnit => {
    const truth = rng() < prevalence ? 'fail' : 'pass';
    const chosen = [...raters].sort(() => rng() - 0.5).slice(0, perItem);
    return {
      ratings: chosen.map((rater) => ({
        rater,
        value: rng() < acc ? truth : truth === 'fail' ? 'pass' : 'fail',
      })),
    };
  });

/**
 * The population value for the simulation above (exchangeable raters, so κ = π = α as n → ∞):
 * pₒ = acc² + (1 − acc)², each rater says fail with m = p·acc + (1 − p)(1 − acc), pₑ = m² + (1 − m)².
 */
const trueAgreement = (prevalence: number, acc: number) => {
  const po = acc ** 2 + (1 - acc) ** 2;
  const m = prevalence * acc + (1 - prevalence) * (1 - acc);
  const pe = m ** 2 + (1 - m) ** 2;
  return (po - pe) / (1 - pe);
};

describe('interRaterAgreement', () => {
  it("uses Cohen's κ for the same two reviewers on every item, Krippendorff's α otherwise", () => {
    const two = table(20, 5, 10, 15).map(([a, b]) => ({
      ratings: [
        { rater: 'ana', value: a },
        { rater: 'bo', value: b },
      ],
    }));
    const k = interRaterAgreement(two, { seed: 1, resamples: 300 });
    expect(k).toMatchObject({ method: 'cohen_kappa', units: 50, raters: 2, observedAgreement: 0.7 });
    expect(k.value).toBeCloseTo(0.4, 12);
    expect(k.interval!.lower).toBeLessThan(0.4);
    expect(k.interval!.upper).toBeGreaterThan(0.4);
    const rotated = two.map((u, i) => ({
      ratings: u.ratings.map((r, j) => ({ ...r, rater: i % 2 && j ? 'cy' : r.rater })),
    }));
    const a = interRaterAgreement(rotated, { seed: 1, resamples: 300 });
    expect(a).toMatchObject({ method: 'krippendorff_alpha', raters: 3 });
    expect(a.value).toBeCloseTo(0.4, 12);
  });

  it('drops items with one rating and is seeded (same data, same interval)', () => {
    const units = [
      ...table(6, 2, 1, 6).map(([a, b]) => ({
        ratings: [
          { rater: 'ana', value: a },
          { rater: 'bo', value: b },
        ],
      })),
      { ratings: [{ rater: 'ana', value: 'fail' }] },
    ];
    const x = interRaterAgreement(units, { seed: 'cycle-1', resamples: 400 });
    expect(x.units).toBe(15);
    expect(x).toEqual(interRaterAgreement(units, { seed: 'cycle-1', resamples: 400 }));
  });

  it.each([
    { name: 'no double-reviewed item', units: [{ ratings: [{ rater: 'ana', value: 'fail' }] }], why: /no trace/ },
    {
      name: 'one class only',
      units: Array.from({ length: 8 }, () => ({
        ratings: [
          { rater: 'ana', value: 'pass' },
          { rater: 'bo', value: 'pass' },
        ],
      })),
      why: /every rating is "pass"/,
    },
    {
      name: 'one reviewer giving one class throughout (κ would be 0 by construction)',
      units: table(0, 0, 3, 9).map(([a, b]) => ({
        ratings: [
          { rater: 'ana', value: a },
          { rater: 'bo', value: b },
        ],
      })),
      why: /ana gave "pass" on every trace \(κ would be 0 by construction\)/,
    },
  ])('says not measurable (value null, never 0) with $name', ({ units, why }) => {
    const r = interRaterAgreement(units, { seed: 1, resamples: 100 });
    expect(r.value).toBeNull();
    expect(r.interval).toBeNull();
    expect(r.undefinedReason).toMatch(why);
  });

  // Coverage of the bootstrap interval on raters with known agreement. 200 replicates give a
  // binomial SE of about 1.5 points around 95%; the band is wide enough not to flake and narrow
  // enough to fail for an interval that is too narrow (a fixed ±0.05 covers well under 60% here).
  it.each([
    {
      name: 'κ, two reviewers, 60 traces, 30% fail, 90% accurate',
      raters: ['ana', 'bo'],
      perItem: 2,
      n: 60,
      p: 0.3,
      acc: 0.9,
    },
    {
      name: 'α, five reviewers, three per trace, 50 traces, 50% fail, 85% accurate',
      raters: ['a', 'b', 'c', 'd', 'e'],
      perItem: 3,
      n: 50,
      p: 0.5,
      acc: 0.85,
    },
  ])('covers the true agreement about 95% of the time ($name)', ({ raters, perItem, n, p, acc }) => {
    const truth = trueAgreement(p, acc);
    const rng = createRng(`coverage-${perItem}`);
    const replicates = 200;
    let covered = 0;
    let width = 0;
    for (let r = 0; r < replicates; r++) {
      const result = interRaterAgreement(simulate(rng, n, raters, perItem, p, acc), { seed: r, resamples: 400 });
      if (!result.interval) continue;
      width += result.interval.upper - result.interval.lower;
      if (result.interval.lower <= truth && truth <= result.interval.upper) covered++;
    }
    expect(covered / replicates).toBeGreaterThanOrEqual(0.88);
    expect(covered / replicates).toBeLessThanOrEqual(0.99);
    expect(width / replicates).toBeLessThan(0.6);
  });
});
