import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../stats/random.js';
import { correctedFailRateCI } from '../stats/rogan-gladen.js';
import { binomialDraw, calibrationCountsOf, releasePassRate } from './release-rate.js';

const cal = { truePositives: 40, humanFail: 50, trueNegatives: 45, humanPass: 50 };

describe('releasePassRate', () => {
  it('corrects the observed pass rate with Rogan–Gladen', () => {
    // TPR 0.8, TNR 0.9, J 0.7; observed pass 0.74 → (0.74 + 0.8 − 1)/0.7 = 0.7714…
    const r = releasePassRate({ pass: 74, fail: 26, tpr: 0.8, tnr: 0.9, calibration: cal, seed: 's' });
    expect(r.correctedPassRate).toBeCloseTo(0.54 / 0.7, 10);
    expect(r.observedPassRate).toBe(0.74);
    expect(r.youden).toBeCloseTo(0.7, 10);
    expect(r.lower!).toBeLessThan(r.correctedPassRate!);
    expect(r.upper!).toBeGreaterThan(r.correctedPassRate!);
    expect(r.notMeasurable).toBeNull();
  });

  it.each([
    ['no verdicts', { pass: 0, fail: 0, tpr: 0.8, tnr: 0.9 }, 'no_results'],
    ['no TPR/TNR', { pass: 5, fail: 5, tpr: null, tnr: 0.9 }, 'no_calibration'],
    ['J exactly 0.05', { pass: 5, fail: 5, tpr: 0.5, tnr: 0.55 }, 'youden_too_low'],
    ['J below chance', { pass: 5, fail: 5, tpr: 0.3, tnr: 0.4 }, 'youden_too_low'],
  ])('%s → not measurable, no number', (_, input, reason) => {
    const r = releasePassRate({ ...input, calibration: null, seed: 's' });
    expect(r.notMeasurable).toBe(reason);
    expect([r.correctedPassRate, r.lower, r.upper]).toEqual([null, null, null]);
  });

  it('is reproducible from its seed', () => {
    const a = releasePassRate({ pass: 20, fail: 10, tpr: 0.8, tnr: 0.9, calibration: cal, seed: 'x' });
    const b = releasePassRate({ pass: 20, fail: 10, tpr: 0.8, tnr: 0.9, calibration: cal, seed: 'x' });
    expect(a).toEqual(b);
  });

  it('widens with a smaller release (its sampling error is carried)', () => {
    const width = (pass: number, fail: number) => {
      const r = releasePassRate({ pass, fail, tpr: 0.8, tnr: 0.9, calibration: cal, seed: 'w' });
      return r.upper! - r.lower!;
    };
    expect(width(15, 5)).toBeGreaterThan(1.5 * width(1500, 500));
  });

  it('at production volume the calibration dominates the interval (and stays fast)', () => {
    const t = Date.now();
    const big = releasePassRate({ pass: 80_000, fail: 20_000, tpr: 0.8, tnr: 0.9, calibration: cal, seed: 'v' });
    expect(Date.now() - t).toBeLessThan(2000);
    const fixed = correctedFailRateCI(
      0.2,
      [
        ...Array.from({ length: 50 }, (_, i) => ({
          human: 'fail' as const,
          predicted: i < 40 ? ('fail' as const) : ('pass' as const),
        })),
        ...Array.from({ length: 50 }, (_, i) => ({
          human: 'pass' as const,
          predicted: i < 45 ? ('pass' as const) : ('fail' as const),
        })),
      ],
      { seed: 'v', resamples: 1000 },
    );
    const ratio = (big.upper! - big.lower!) / (fixed.upper! - fixed.lower!);
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.2);
  });

  it('without out-of-fold counts still carries the release sampling error', () => {
    const r = releasePassRate({ pass: 15, fail: 5, tpr: 0.8, tnr: 0.9, calibration: null, seed: 'w' });
    expect(r.upper! - r.lower!).toBeGreaterThan(0.2);
  });
});

describe('binomialDraw', () => {
  it.each([
    [50, 0.3],
    [100_000, 0.8],
    [100_000, 0.0001],
    [100_000, 0.99995],
  ])('Binomial(%i, %f) has the right mean and variance', (n, p) => {
    const rng = createRng(`b${n}`);
    const draws = Array.from({ length: 2000 }, () => binomialDraw(rng, n, p));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1);
    expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / draws.length) + 1e-9);
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.85);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.15);
    expect(draws.every((k) => Number.isInteger(k) && k >= 0 && k <= n)).toBe(true);
  });
});

describe('calibrationCountsOf', () => {
  it('counts per human class; null when a class is missing', () => {
    expect(
      calibrationCountsOf([
        { human: 'fail', verdict: 'fail' },
        { human: 'fail', verdict: 'pass' },
        { human: 'pass', verdict: 'pass' },
      ]),
    ).toEqual({ truePositives: 1, humanFail: 2, trueNegatives: 1, humanPass: 1 });
    expect(calibrationCountsOf([{ human: 'pass', verdict: 'pass' }])).toBeNull();
  });
});

/** Coverage on simulated data: a true pass rate, an imperfect evaluator, a small release. */
describe('interval coverage (simulation)', () => {
  const bernoulli = (rng: Rng, p: number) => rng() < p;
  const simulate = (reps: number, nRelease: number) => {
    const rng = createRng('coverage');
    const theta = 0.8; // true pass rate
    const [TPR, TNR] = [0.85, 0.9];
    let joint = 0;
    let fixed = 0;
    for (let rep = 0; rep < reps; rep++) {
      const preds: { human: 'pass' | 'fail'; verdict: 'pass' | 'fail' }[] = [];
      for (let i = 0; i < 60; i++) {
        const human = i < 30 ? 'fail' : 'pass';
        const right = bernoulli(rng, human === 'fail' ? TPR : TNR);
        preds.push({ human, verdict: right ? human : human === 'fail' ? 'pass' : 'fail' });
      }
      let pass = 0;
      for (let i = 0; i < nRelease; i++) {
        const truePass = bernoulli(rng, theta);
        const saysPass = truePass ? bernoulli(rng, TNR) : !bernoulli(rng, TPR);
        if (saysPass) pass++;
      }
      const c = calibrationCountsOf(preds)!;
      const tpr = c.truePositives / c.humanFail;
      const tnr = c.trueNegatives / c.humanPass;
      const r = releasePassRate({ pass, fail: nRelease - pass, tpr, tnr, calibration: c, seed: `rep${rep}` });
      if (r.lower !== null && r.lower <= theta && theta <= r.upper!) joint++;
      const f = correctedFailRateCI(
        (nRelease - pass) / nRelease,
        preds.map((p) => ({ human: p.human, predicted: p.verdict })),
        { seed: rep, resamples: 1000 },
      );
      if (f.lower !== null && f.lower <= 1 - theta && 1 - theta <= f.upper!) fixed++;
    }
    return { joint: joint / reps, fixed: fixed / reps };
  };

  it('covers the true rate ~95% at n = 25, where holding the observed rate fixed does not', () => {
    const { joint, fixed } = simulate(300, 25);
    expect(joint).toBeGreaterThanOrEqual(0.9);
    expect(fixed).toBeLessThan(joint - 0.1);
  });
});
