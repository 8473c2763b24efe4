import { describe, expect, it } from 'vitest';
import { resultScore } from './result-score.js';

describe('resultScore', () => {
  it.each([
    [{ score: 0.73, verdict: 'pass' as const }, 0.73],
    [{ score: 0, verdict: 'fail' as const }, 0],
    [{ score: 1.4, verdict: 'pass' as const }, 1],
    [{ score: -0.2, verdict: 'fail' as const }, 0],
    [{ score: null, verdict: 'pass' as const }, 1],
    [{ score: null, verdict: 'fail' as const }, 0],
    [{ score: Number.NaN, verdict: 'fail' as const }, 0],
    [{ score: null, verdict: null }, null],
  ])('%o scores %s', (r, expected) => {
    expect(resultScore(r)).toBe(expected);
  });
});
