import { describe, expect, it } from 'vitest';
import { pairedBootstrapDiff, quantileSorted, stratifiedBootstrapCI } from './bootstrap.js';
import { type LabeledPrediction, mccOfPairs, type Verdict } from './confusion.js';
import { createRng } from './random.js';

const items = (nFail: number, nPass: number, predict: (human: Verdict, i: number) => Verdict): LabeledPrediction[] => {
  const humans: Verdict[] = [...Array<Verdict>(nFail).fill('fail'), ...Array<Verdict>(nPass).fill('pass')];
  return humans.map((human, i) => ({ human, predicted: predict(human, i) }));
};

const randomVerdicts = (seed: string) => {
  const rng = createRng(seed);
  return items(50, 50, () => (rng() < 0.5 ? 'fail' : 'pass'));
};

describe('createRng', () => {
  it('is deterministic per seed and uniform in [0, 1)', () => {
    const a = createRng('seed');
    const b = createRng('seed');
    const draws = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(draws);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.reduce((s, v) => s + v, 0) / draws.length).toBeCloseTo(0.5, 1);
    expect(createRng('other')()).not.toBe(createRng('seed')());
  });
});

describe('quantileSorted', () => {
  it('interpolates linearly (R type 7)', () => {
    // positions (n−1)q: q=0.5 → 1.5 → 2 + 0.5·(3 − 2); q=0.25 → 0.75 → 1 + 0.75·(2 − 1)
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([7], 0.975)).toBe(7);
  });
});

describe('stratifiedBootstrapCI', () => {
  it('is narrow at the top for a perfect evaluator (20 + 20)', () => {
    const ci = stratifiedBootstrapCI(
      items(20, 20, (h) => h),
      mccOfPairs,
      { seed: 1 },
    );
    expect(ci.estimate).toBe(1);
    expect(ci.lower).toBeGreaterThanOrEqual(0.8);
    expect(ci.upper).toBe(1);
    expect(ci).toMatchObject({ resamples: 2000, undefinedCount: 0 });
  });

  it('brackets the estimate for a near-perfect evaluator', () => {
    // one miss per class out of 20: MCC = (19·19 − 1·1)/(20·20) = 0.9
    const ci = stratifiedBootstrapCI(
      items(20, 20, (h, i) => (i % 20 === 0 ? (h === 'fail' ? 'pass' : 'fail') : h)),
      mccOfPairs,
      {
        seed: 1,
      },
    );
    expect(ci.estimate).toBeCloseTo(0.9, 12);
    expect(ci.lower!).toBeLessThan(0.9);
    expect(ci.lower!).toBeGreaterThan(0.6);
    expect(ci.upper).toBe(1);
  });

  it('straddles 0 for a random evaluator (50 + 50)', () => {
    const pairs = randomVerdicts('coin');
    const ci = stratifiedBootstrapCI(pairs, mccOfPairs, { seed: 'ci' });
    expect(Math.abs(ci.estimate!)).toBeLessThan(0.2);
    expect(ci.lower!).toBeLessThan(0);
    expect(ci.upper!).toBeGreaterThan(0);
  });

  it('is deterministic for a seed and varies with it', () => {
    const pairs = randomVerdicts('coin');
    const a = stratifiedBootstrapCI(pairs, mccOfPairs, { seed: 7 });
    expect(stratifiedBootstrapCI(pairs, mccOfPairs, { seed: 7 })).toEqual(a);
    expect(stratifiedBootstrapCI(pairs, mccOfPairs, { seed: 8 }).lower).not.toBe(a.lower);
  });

  it('keeps the class sizes in every resample', () => {
    const sizes = new Set<string>();
    stratifiedBootstrapCI(
      items(3, 17, (h) => h),
      (sample) => {
        sizes.add(`${sample.filter((p) => p.human === 'fail').length}/${sample.length}`);
        return 0;
      },
      { seed: 's', resamples: 1000 },
    );
    expect([...sizes]).toEqual(['3/20']);
  });

  it('counts and excludes resamples where the statistic is undefined', () => {
    // null when item 0 (one of 5 fails) is not drawn: P = (4/5)^5 = 0.32768 → ≈ 655 of 2000
    const pairs = items(5, 5, (h) => h).map((p, id) => ({ ...p, id }));
    const ci = stratifiedBootstrapCI(pairs, (s) => (s.some((p) => p.id === 0) ? 1 : null), { seed: 3 });
    expect(ci.undefinedCount).toBeGreaterThan(550);
    expect(ci.undefinedCount).toBeLessThan(760);
    expect(ci).toMatchObject({ lower: 1, upper: 1, estimate: 1 });
  });

  it('rejects too few resamples and bad levels', () => {
    const pairs = items(2, 2, (h) => h);
    expect(() => stratifiedBootstrapCI(pairs, mccOfPairs, { seed: 1, resamples: 999 })).toThrow(RangeError);
    expect(() => stratifiedBootstrapCI(pairs, mccOfPairs, { seed: 1, level: 1 })).toThrow(RangeError);
  });
});

describe('pairedBootstrapDiff', () => {
  it('gives an interval of A − B above 0 when A is perfect and B random', () => {
    const b = randomVerdicts('coin');
    const a = b.map((p) => ({ ...p, predicted: p.human }));
    const ci = pairedBootstrapDiff(a, b, mccOfPairs, { seed: 'paired' });
    expect(ci.estimate).toBeCloseTo(1 - mccOfPairs(b)!, 12);
    expect(ci.lower!).toBeGreaterThan(0.5);
  });

  it('is exactly 0 for identical evaluators', () => {
    const a = randomVerdicts('coin');
    expect(pairedBootstrapDiff(a, a, mccOfPairs, { seed: 1 })).toMatchObject({ estimate: 0, lower: 0, upper: 0 });
  });

  it('rejects samples that are not the same items', () => {
    const a = items(2, 2, (h) => h);
    expect(() => pairedBootstrapDiff(a, a.slice(1), mccOfPairs, { seed: 1 })).toThrow(RangeError);
    expect(() => pairedBootstrapDiff(a, [...a].reverse(), mccOfPairs, { seed: 1 })).toThrow(RangeError);
  });
});
