import { describe, expect, it } from 'vitest';
import { mad, meanAbsDeviation, median, robustBaseline, robustZ, strengthFromZ, Z_CAP } from './robust.js';

describe('median and MAD', () => {
  it.each([
    [[], Number.NaN],
    [[3], 3],
    [[1, 3, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[-5, 10, 0], 0],
  ])('median(%j) = %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('computes the MAD of a small set by hand', () => {
    // median 2; deviations 1 1 0 0 2 4 7 → sorted 0 0 1 1 2 4 7 → 1
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBe(1);
    // median 3.5; deviations 2.5 1.5 0.5 0.5 1.5 96.5 → median (1.5 + 1.5) / 2
    expect(mad([1, 2, 3, 4, 5, 100])).toBe(1.5);
    expect(mad([7, 7, 7, 8])).toBe(0);
  });

  it('summarizes finite values only', () => {
    expect(robustBaseline([])).toBeNull();
    expect(robustBaseline([Number.NaN])).toBeNull();
    expect(robustBaseline([5, 5, 5, 5, 9, Number.POSITIVE_INFINITY])).toEqual({
      median: 5,
      mad: 0,
      meanAbsDeviation: 0.8,
      n: 5,
    });
    expect(meanAbsDeviation([1, 2, 3])).toBeCloseTo(2 / 3, 12);
  });
});

describe('robustZ', () => {
  it('scales the deviation by 1.4826·MAD', () => {
    expect(robustZ(9, { median: 2, mad: 1, n: 7 })).toBeCloseTo(7 / 1.4826, 10);
    expect(robustZ(0, { median: 2, mad: 1, n: 7 })).toBeCloseTo(-2 / 1.4826, 10);
  });

  it('falls back to 1.2533 × the mean absolute deviation when MAD is 0', () => {
    const b = robustBaseline([5, 5, 5, 5, 9])!;
    expect(robustZ(9, b)).toBeCloseTo(4 / (1.2533 * 0.8), 10);
  });

  it('gives 0 at the median and a capped value elsewhere when there is no spread at all', () => {
    const b = robustBaseline([5, 5, 5])!;
    expect(robustZ(5, b)).toBe(0);
    expect(robustZ(6, b)).toBe(Z_CAP);
    expect(robustZ(4, b)).toBe(-Z_CAP);
    expect(robustZ(6, { median: 5, mad: 0, n: 3 })).toBe(Z_CAP);
    expect(robustZ(1e12, { median: 5, mad: 1, n: 3 })).toBe(Z_CAP);
  });
});

describe('strengthFromZ', () => {
  it.each([
    [-10, 0],
    [0, 0],
    [3.49, 0],
    [3.5, 0.3],
    [5.25, 0.65],
    [7, 1],
    [50, 1],
  ])('z = %d with threshold 3.5 → %d', (z, strength) => {
    expect(strengthFromZ(z, 3.5)).toBeCloseTo(strength, 10);
  });

  it('never decreases and stays in [0, 1]', () => {
    let previous = 0;
    for (let z = -5; z <= 20; z += 0.01) {
      const s = strengthFromZ(z, 3.5);
      expect(s).toBeGreaterThanOrEqual(previous);
      expect(s).toBeLessThanOrEqual(1);
      previous = s;
    }
  });
});
