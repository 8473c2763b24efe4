/** Draws from Gamma and Beta distributions with a seeded generator (for posterior intervals). */
import type { Rng } from './random.js';

/** A standard normal draw (Box–Muller; the generator never returns exactly 0 for u1 here). */
const normal = (rng: Rng) => {
  const u1 = Math.max(rng(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng());
};

/** Gamma(shape, 1) by Marsaglia and Tsang; shapes below 1 by the boost Gamma(a) = Gamma(a + 1)·U^(1/a). */
export const gammaSample = (rng: Rng, shape: number): number => {
  if (!(shape > 0)) throw new RangeError(`shape must be positive, got ${shape}`);
  if (shape < 1) return gammaSample(rng, shape + 1) * Math.max(rng(), Number.MIN_VALUE) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(Math.max(u, Number.MIN_VALUE)) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
      return d * v;
    }
  }
};

/** Beta(a, b) as Gamma(a) / (Gamma(a) + Gamma(b)). */
export const betaSample = (rng: Rng, a: number, b: number): number => {
  const x = gammaSample(rng, a);
  const y = gammaSample(rng, b);
  return x / (x + y);
};
