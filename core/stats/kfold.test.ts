import { describe, expect, it } from 'vitest';
import type { Verdict } from './confusion.js';
import { foldCount, stratifiedFolds } from './kfold.js';

const labels = (nFail: number, nPass: number): Verdict[] => {
  // interleave so class membership is not a block of indices
  const out: Verdict[] = [];
  for (let i = 0; out.length < nFail + nPass; i++) {
    if (i < nFail) out.push('fail');
    if (i < nPass) out.push('pass');
  }
  return out;
};

const perFold = (folds: number[], ls: Verdict[], k: number) =>
  Array.from({ length: k }, (_, f) => ({
    fail: folds.filter((g, i) => g === f && ls[i] === 'fail').length,
    pass: folds.filter((g, i) => g === f && ls[i] === 'pass').length,
  }));

describe('foldCount', () => {
  it.each([
    [0, 5, 0],
    [3, 5, 3],
    [20, 5, 5],
    [21, 5, 5],
    [21, 10, 10],
    [200, 5, 5],
  ])('n=%i, k=%i → %i folds (never leave-one-out)', (n, k, expected) => {
    expect(foldCount(n, k)).toBe(expected);
  });

  it('rejects k < 2', () => {
    expect(() => foldCount(30, 1)).toThrow(RangeError);
  });
});

describe('stratifiedFolds', () => {
  it('keeps both classes in every fold, in proportion', () => {
    const ls = labels(30, 20);
    const folds = stratifiedFolds(ls, 5, 'seed');
    expect(perFold(folds, ls, 5)).toEqual(Array(5).fill({ fail: 6, pass: 4 }));
  });

  it('balances fold sizes and spreads a rare class', () => {
    const ls = labels(3, 40);
    const folds = stratifiedFolds(ls, 5, 1);
    const counts = perFold(folds, ls, 5);
    const sizes = counts.map((c) => c.fail + c.pass);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(counts.filter((c) => c.fail === 1)).toHaveLength(3);
  });

  it('has both classes per fold whenever each class has ≥ k items', () => {
    for (const seed of ['a', 'b', 'c', 'd']) {
      const ls = labels(5, 17);
      const folds = stratifiedFolds(ls, 5, seed);
      for (const c of perFold(folds, ls, 5)) {
        expect(c.fail).toBeGreaterThan(0);
        expect(c.pass).toBeGreaterThan(0);
      }
    }
  });

  it('is deterministic for a seed and shuffles with it', () => {
    const ls = labels(25, 25);
    expect(stratifiedFolds(ls, 5, 42)).toEqual(stratifiedFolds(ls, 5, 42));
    expect(stratifiedFolds(ls, 5, 42)).not.toEqual(stratifiedFolds(ls, 5, 43));
  });

  it('handles empty input', () => {
    expect(stratifiedFolds([], 5, 1)).toEqual([]);
  });
});
