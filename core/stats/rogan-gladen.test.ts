import { describe, expect, it } from 'vitest';
import type { LabeledPrediction, Verdict } from './confusion.js';
import { correctedFailRate, correctedFailRateCI, correctedPassRate } from './rogan-gladen.js';

describe('correctedFailRate', () => {
  it('inverts the misclassification (hand-computed)', () => {
    // p_obs = 0.30, TPR = 0.8, TNR = 0.9: (0.30 + 0.9 − 1)/(0.8 + 0.9 − 1) = 0.2/0.7 = 0.285714
    expect(correctedFailRate(0.3, 0.8, 0.9)).toBeCloseTo(0.2 / 0.7, 12);
    // forward: true θ = 0.2 → p_obs = 0.2·0.8 + 0.8·(1 − 0.9) = 0.24 → back to 0.2
    expect(correctedFailRate(0.24, 0.8, 0.9)).toBeCloseTo(0.2, 12);
    expect(correctedFailRate(0.37, 1, 1)).toBeCloseTo(0.37, 12);
  });

  it('clips to [0, 1]', () => {
    // (0.05 − 0.1)/0.7 < 0; (0.95 − 0.1)/0.7 > 1
    expect(correctedFailRate(0.05, 0.8, 0.9)).toBe(0);
    expect(correctedFailRate(0.95, 0.8, 0.9)).toBe(1);
  });

  it('refuses when TPR + TNR − 1 ≤ 0.05', () => {
    expect(correctedFailRate(0.3, 0.5, 0.55)).toBeNull();
    expect(correctedFailRate(0.3, 0.4, 0.5)).toBeNull();
    expect(correctedFailRate(0.3, 0.5, 0.56)).not.toBeNull();
  });

  it('rejects rates outside [0, 1]', () => {
    expect(() => correctedFailRate(1.2, 0.8, 0.9)).toThrow(RangeError);
  });
});

describe('correctedPassRate', () => {
  it('is the complement, with TPR/TNR still defined for the fail class', () => {
    // (p_pass + TPR − 1)/(TPR + TNR − 1) = (0.7 + 0.8 − 1)/0.7 = 0.714286 = 1 − 0.285714
    expect(correctedPassRate(0.7, 0.8, 0.9)).toBeCloseTo(0.5 / 0.7, 12);
    expect(correctedPassRate(0.7, 0.5, 0.5)).toBeNull();
  });
});

describe('correctedFailRateCI', () => {
  const calibration = (): LabeledPrediction[] => {
    // 50 human fails, 40 flagged (TPR 0.8); 50 human passes, 45 passed (TNR 0.9)
    const pairs: LabeledPrediction[] = [];
    for (let i = 0; i < 50; i++) pairs.push({ human: 'fail', predicted: (i < 40 ? 'fail' : 'pass') as Verdict });
    for (let i = 0; i < 50; i++) pairs.push({ human: 'pass', predicted: (i < 45 ? 'pass' : 'fail') as Verdict });
    return pairs;
  };

  it('bootstraps the labeled set around the point estimate', () => {
    const ci = correctedFailRateCI(0.24, calibration(), { seed: 'rg' });
    expect(ci.estimate).toBeCloseTo(0.2, 12);
    expect(ci.lower!).toBeLessThan(0.2);
    expect(ci.lower!).toBeGreaterThanOrEqual(0);
    expect(ci.upper!).toBeGreaterThan(0.2);
    expect(ci.upper!).toBeLessThan(0.4);
    expect(correctedFailRateCI(0.24, calibration(), { seed: 'rg' })).toEqual(ci);
  });

  it('counts resamples of a near-chance evaluator as undefined', () => {
    const pairs: LabeledPrediction[] = [];
    for (let i = 0; i < 20; i++) pairs.push({ human: 'fail', predicted: i % 2 ? 'fail' : 'pass' });
    for (let i = 0; i < 20; i++) pairs.push({ human: 'pass', predicted: i % 2 ? 'fail' : 'pass' });
    const ci = correctedFailRateCI(0.5, pairs, { seed: 1 });
    expect(ci.estimate).toBeNull();
    expect(ci.undefinedCount).toBeGreaterThan(500);
  });
});
