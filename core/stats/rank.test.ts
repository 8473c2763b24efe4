import { describe, expect, it } from 'vitest';
import { averageRanks, kendallTauB, rankCorrelationCI, spearman } from './rank.js';

describe('averageRanks', () => {
  it('averages the ranks of ties', () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([3, 1, 3, 3])).toEqual([3, 1, 3, 3]);
  });
});

describe('spearman', () => {
  it('handles ties (hand-computed)', () => {
    // x=[1,2,2,3] → ranks [1, 2.5, 2.5, 4]; y=[1,3,2,4] → ranks [1, 3, 2, 4]; both means 2.5
    // dx = [−1.5, 0, 0, 1.5], dy = [−1.5, 0.5, −0.5, 1.5]
    // Σdx·dy = 2.25 + 0 + 0 + 2.25 = 4.5; Σdx² = 4.5; Σdy² = 5 → rho = 4.5/√22.5 = √0.9 = 0.948683
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(Math.sqrt(0.9), 12);
    // SciPy's docs example: x=[1..5], y=[5,6,7,8,7] → y ranks [1,2,3.5,5,3.5]
    // Σdx·dy = 4 + 1 + 0 + 2 + 1 = 8; Σdx² = 10; Σdy² = 9.5 → rho = 8/√95 = 0.820783
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 12);
  });

  it('matches 1 − 6Σd²/(n(n²−1)) without ties', () => {
    // y ranks [3,1,2,5,4], d = [−2,1,1,−1,1], Σd² = 8 → 1 − 48/120 = 0.6
    expect(spearman([1, 2, 3, 4, 5], [3, 1, 2, 5, 4])).toBeCloseTo(0.6, 12);
  });

  it('is ±1 for monotone relations and null when undefined', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBe(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeNull();
    expect(spearman([1], [2])).toBeNull();
    expect(() => spearman([1, 2], [1])).toThrow(RangeError);
  });
});

describe('kendallTauB', () => {
  it('handles ties (hand-computed)', () => {
    // x=[1,2,2,3], y=[1,3,2,4]: of the 6 pairs, (2,3) is tied in x; the other 5 are concordant.
    // n0 = 6, n1 = 1 (x ties), n2 = 0 → tau_b = 5/√((6−1)(6−0)) = 5/√30 = 0.912871
    expect(kendallTauB([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(5 / Math.sqrt(30), 12);
  });

  it('matches the classic SciPy example with ties in both variables', () => {
    // x=[12,2,1,12,2], y=[1,4,7,1,0]; pairs (0-based):
    // C: (0,4) (3,4); D: (0,1) (0,2) (1,2) (1,3) (2,3) (2,4); tied: (0,3) in both, (1,4) in x
    // n0 = 10, n1 = 2 (12s, 2s), n2 = 1 (1s) → tau_b = (2 − 6)/√(8·9) = −4/√72 = −0.471405
    expect(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])).toBeCloseTo(-0.47140452079103173, 12);
  });

  it('equals (C − D)/n0 without ties', () => {
    // x=[1..5], y=[3,1,2,5,4]: D = (1,2) (1,3) (4,5), C = the other 7 → (7 − 3)/10
    expect(kendallTauB([1, 2, 3, 4, 5], [3, 1, 2, 5, 4])).toBeCloseTo(0.4, 12);
  });

  it('is null for constant input', () => {
    expect(kendallTauB([2, 2, 2], [1, 2, 3])).toBeNull();
    expect(kendallTauB([], [])).toBeNull();
  });
});

describe('rankCorrelationCI', () => {
  const x = Array.from({ length: 40 }, (_, i) => i % 5);
  const y = x.map((v, i) => v + ((i * 7) % 3));

  it('brackets the estimate and is deterministic', () => {
    const ci = rankCorrelationCI(x, y, spearman, { seed: 'rank' });
    expect(ci.estimate).toBe(spearman(x, y));
    expect(ci.lower!).toBeLessThanOrEqual(ci.estimate!);
    expect(ci.upper!).toBeGreaterThanOrEqual(ci.estimate!);
    expect(ci.upper!).toBeLessThanOrEqual(1);
    expect(rankCorrelationCI(x, y, spearman, { seed: 'rank' })).toEqual(ci);
  });

  it('counts constant resamples as undefined', () => {
    const ci = rankCorrelationCI([0, 0, 0, 1], [0, 1, 2, 3], kendallTauB, { seed: 1, resamples: 1000 });
    // all four draws miss item 3 with probability (3/4)^4 = 0.316
    expect(ci.undefinedCount).toBeGreaterThan(250);
    expect(ci.undefinedCount).toBeLessThan(390);
  });
});
