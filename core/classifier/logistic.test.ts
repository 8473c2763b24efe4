import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { SparseVector } from './features.js';
import { fitLogistic, predict } from './logistic.js';

const options = { l2: 1e-3, maxIterations: 200 };
/** Feature 10 marks a pass, feature 20 a fail; feature 30 is noise shared by both. */
const passVector: SparseVector = { indices: [10, 30], values: [0.8, 0.6] };
const failVector: SparseVector = { indices: [20, 30], values: [0.8, 0.6] };
const modelOf = (fit: ReturnType<typeof fitLogistic>) => {
  const weights: number[] = [];
  fit.indices.forEach((index, k) => {
    weights[index] = fit.weights[k]!;
  });
  return { weights, bias: fit.bias };
};

describe('fitLogistic', () => {
  it('separates two classes and converges', () => {
    const vectors = [passVector, failVector, passVector, failVector];
    const fit = fitLogistic(vectors, [true, false, true, false], options);
    expect(fit.converged).toBe(true);
    expect(fit.singleClass).toBeNull();
    expect(predict(modelOf(fit), passVector)).toBeGreaterThan(0.9);
    expect(predict(modelOf(fit), failVector)).toBeLessThan(0.1);
    expect(predict(modelOf(fit), { indices: [30], values: [1] })).toBeCloseTo(0.5, 1);
  });

  it('is deterministic', () => {
    const vectors = Array.from({ length: 30 }, (_, i) => ({ indices: [i % 7, 7 + (i % 5)], values: [1, i / 30] }));
    const labels = vectors.map((_, i) => i % 3 === 0);
    expect(fitLogistic(vectors, labels, options)).toEqual(fitLogistic(vectors, labels, options));
  });

  it('balances classes, so a rare failure is still recognized', () => {
    const vectors = [...Array.from({ length: 18 }, () => passVector), failVector, failVector];
    const fit = fitLogistic(vectors, [...Array(18).fill(true), false, false], { l2: 0.05, maxIterations: 200 });
    expect(predict(modelOf(fit), failVector)).toBeLessThan(0.5);
    expect(predict(modelOf(fit), { indices: [], values: [] })).toBeCloseTo(0.5, 1);
  });

  it('shrinks weights as the L2 penalty grows', () => {
    const vectors = [passVector, failVector];
    const norm = (l2: number) => Math.hypot(...fitLogistic(vectors, [true, false], { l2, maxIterations: 200 }).weights);
    expect(norm(1)).toBeLessThan(norm(0.01));
  });

  it('scores 0.5 when no example has a feature', () => {
    const empty = { indices: [], values: [] };
    const fit = fitLogistic([empty, empty, empty], [true, false, false], options);
    expect(predict(modelOf(fit), empty)).toBeCloseTo(0.5);
  });

  it.each([
    ['pass', true, 0.9],
    ['fail', false, 0.1],
  ] as const)('returns a flagged constant model when every label is %s', (label, pass, score) => {
    const fit = fitLogistic(Array(8).fill(passVector), Array(8).fill(pass), options);
    expect(fit.singleClass).toBe(label);
    expect(fit.weights).toEqual([]);
    expect(predict(modelOf(fit), failVector)).toBeCloseTo(score);
  });

  it.each([
    ['no examples', [], []],
    ['fewer labels than examples', [passVector, failVector], [true]],
  ] as [string, SparseVector[], boolean[]][])('rejects %s', (_, vectors, labels) => {
    expect(() => fitLogistic(vectors, labels, options)).toThrow(AppError);
  });
});
