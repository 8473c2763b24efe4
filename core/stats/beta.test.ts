import { describe, expect, it } from 'vitest';
import { betaSample, gammaSample } from './beta.js';
import { createRng } from './random.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('gamma and beta draws', () => {
  it.each([0.5, 1, 3.5, 20])('Gamma(%s) has mean and variance equal to its shape', (shape) => {
    const rng = createRng(`g${shape}`);
    const xs = Array.from({ length: 20_000 }, () => gammaSample(rng, shape));
    const m = mean(xs);
    expect(m).toBeCloseTo(shape, shape < 2 ? 1 : 0);
    expect(mean(xs.map((x) => (x - m) ** 2)) / shape).toBeGreaterThan(0.9);
    expect(mean(xs.map((x) => (x - m) ** 2)) / shape).toBeLessThan(1.1);
  });

  it('Beta(a, b) has mean a / (a + b) and stays in (0, 1)', () => {
    const rng = createRng('beta');
    const xs = Array.from({ length: 20_000 }, () => betaSample(rng, 10.5, 0.5));
    expect(mean(xs)).toBeCloseTo(10.5 / 11, 2);
    expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
  });

  it('rejects a non-positive shape', () => {
    expect(() => gammaSample(createRng(1), 0)).toThrow(RangeError);
  });
});
