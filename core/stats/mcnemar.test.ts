import { describe, expect, it } from 'vitest';
import { mcnemar, pairedPassRateTest, unpairedRateDiffCI, wilsonInterval } from './mcnemar.js';
import { normalQuantile } from './normal.js';

describe('mcnemar', () => {
  it('matches the exact binomial p-value (hand-computed)', () => {
    // b=10, c=2: n=12, P(X ≤ 2) = (C(12,0) + C(12,1) + C(12,2))/2^12 = (1 + 12 + 66)/4096 = 79/4096
    // two-sided p = 2·79/4096 = 158/4096 = 0.0385742
    expect(mcnemar(10, 2)).toBeCloseTo(158 / 4096, 14);
    expect(mcnemar(2, 10)).toBeCloseTo(158 / 4096, 14);
    // mid-p = 2·(79 − 66/2)/4096 = 92/4096 = 0.0224609
    expect(mcnemar(10, 2, { midP: true })).toBeCloseTo(92 / 4096, 14);
    // b=0, c=6: 2·(1/64) = 0.03125
    expect(mcnemar(0, 6)).toBeCloseTo(0.03125, 14);
  });

  it('is 1 without evidence', () => {
    expect(mcnemar(0, 0)).toBe(1);
    expect(mcnemar(5, 5)).toBe(1);
    expect(mcnemar(5, 5, { midP: true })).toBeCloseTo(1, 12);
  });

  it('does not underflow at large counts', () => {
    // continuity-corrected chi² = (|600 − 500| − 1)²/1100 = 8.91 → p ≈ 0.0028
    const p = mcnemar(600, 500);
    expect(p).toBeGreaterThan(0.001);
    expect(p).toBeLessThan(0.006);
  });

  it('rejects non-counts', () => {
    expect(() => mcnemar(-1, 2)).toThrow(RangeError);
    expect(() => mcnemar(1.5, 2)).toThrow(RangeError);
  });
});

describe('pairedPassRateTest', () => {
  it('counts discordant pairs and rates (true = pass)', () => {
    const baseline = [true, true, true, true, false, false, true, true];
    const candidate = [true, false, false, true, true, false, false, true];
    // b (pass → fail) = items 1, 2, 6 = 3; c (fail → pass) = item 4 = 1
    // p = 2·P(X ≤ 1 | n=4) = 2·(1 + 4)/16 = 0.625
    expect(pairedPassRateTest(baseline, candidate)).toEqual({
      n: 8,
      baselineRate: 6 / 8,
      candidateRate: 4 / 8,
      diff: 4 / 8 - 6 / 8,
      b: 3,
      c: 1,
      pValue: 0.625,
    });
  });

  it('handles empty input and rejects mismatched lengths', () => {
    expect(pairedPassRateTest([], [])).toMatchObject({ n: 0, diff: null, pValue: 1 });
    expect(() => pairedPassRateTest([true], [])).toThrow(RangeError);
  });
});

describe('normalQuantile', () => {
  it.each([
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.025, -1.959963984540054],
    [0.9, 1.2815515655446004],
    [0.001, -3.090232306167813],
  ])('Φ⁻¹(%f) = %f', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 7);
  });
});

describe('wilsonInterval and unpairedRateDiffCI', () => {
  it('matches Newcombe (1998)', () => {
    // Wilson 81/263: p = 0.30798, z²/n = 0.014606, centre = (p + z²/2n)/(1 + z²/n) = 0.310744,
    // half = z·√(p(1−p)/n + z²/4n²)/(1 + z²/n) = 1.96·0.028710/1.014606 = 0.055462 → [0.2553, 0.3662]
    const w = wilsonInterval(81, 263);
    expect(w.lower).toBeCloseTo(0.2553, 4);
    expect(w.upper).toBeCloseTo(0.3662, 4);
    // 56/70 − 48/80 = 0.2, method 10 interval [0.0524, 0.3339]
    const d = unpairedRateDiffCI(56, 70, 48, 80)!;
    expect(d.diff).toBeCloseTo(0.2, 12);
    expect(d.lower).toBeCloseTo(0.0524, 4);
    expect(d.upper).toBeCloseTo(0.3339, 4);
  });

  it('stays inside [−1, 1] at the extremes and is null for empty samples', () => {
    const d = unpairedRateDiffCI(10, 10, 0, 10)!;
    expect(d.diff).toBe(1);
    expect(d.upper).toBeLessThanOrEqual(1);
    expect(d.lower).toBeGreaterThan(0.5);
    expect(unpairedRateDiffCI(0, 0, 1, 2)).toBeNull();
    expect(wilsonInterval(0, 0)).toEqual({ lower: 0, upper: 1 });
  });
});
