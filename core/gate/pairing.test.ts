import { describe, expect, it } from 'vitest';
import { mcnemar } from '../stats/mcnemar.js';
import { binomialCdf, clopperPearsonUpper } from './binomial.js';
import { mcnemarWorseP, pairItems } from './pairing.js';

/** P(X ≥ b) for X ~ Binomial(b + c, 1/2), by brute force. */
const bruteWorseP = (b: number, c: number) => {
  const n = b + c;
  let choose = 1;
  let tail = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) choose = (choose * (n - i + 1)) / i;
    if (i >= b) tail += choose / 2 ** n;
  }
  return tail;
};

describe('mcnemarWorseP', () => {
  it.each([
    [0, 0],
    [0, 5],
    [1, 0],
    [8, 1],
    [3, 3],
    [2, 5],
    [5, 2],
    [7, 6],
    [6, 7],
    [30, 12],
  ])('b = %i, c = %i matches the exact upper tail', (b, c) => {
    expect(mcnemarWorseP(b, c)).toBeCloseTo(bruteWorseP(b, c), 12);
  });

  it('is half the two-sided p when the candidate is worse', () => {
    expect(mcnemarWorseP(9, 2)).toBeCloseTo(mcnemar(9, 2) / 2, 12);
  });
});

describe('pairItems', () => {
  it('pairs by key in key order and ignores unshared items', () => {
    const shared = pairItems(
      [
        { key: 'b', verdict: 'pass', traceId: 'c1' },
        { key: 'a', verdict: 'fail', traceId: 'c2' },
        { key: 'z', verdict: 'fail', traceId: 'c3' },
      ],
      [
        { key: 'a', verdict: 'pass', traceId: 'b1' },
        { key: 'b', verdict: 'pass', traceId: 'b2' },
      ],
    );
    expect(shared.map((s) => [s.key, s.baseline.traceId, s.candidate.traceId])).toEqual([
      ['a', 'b1', 'c2'],
      ['b', 'b2', 'c1'],
    ]);
  });
});

describe('binomial', () => {
  it('binomialCdf matches known values', () => {
    expect(binomialCdf(3, 10, 0.5)).toBeCloseTo(176 / 1024, 12);
    expect(binomialCdf(10, 10, 0.3)).toBe(1);
    expect(binomialCdf(-1, 10, 0.3)).toBe(0);
    expect(binomialCdf(4, 10, 1)).toBe(0);
    expect(binomialCdf(1980, 2000, 0.99)).toBeGreaterThan(0.4);
  });

  it('clopperPearsonUpper matches the beta quantile (7/10 at one-sided 95%: 0.9127)', () => {
    expect(clopperPearsonUpper(7, 10, 0.05)).toBeCloseTo(0.91274, 4);
    expect(clopperPearsonUpper(0, 10, 0.05)).toBeCloseTo(1 - 0.05 ** (1 / 10), 8);
    expect(clopperPearsonUpper(10, 10, 0.05)).toBe(1);
  });
});
