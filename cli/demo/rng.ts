import { createRng as uniformRandom } from '../../core/stats/random.js';
/** A small seeded pseudo-random generator (core/stats/random.ts): the demo's traffic is reproducible from its seed. */
export interface Rng {
  /** Uniform in [0, 1). */
  next: () => number;
  /** Uniform integer in [min, max] (both inclusive). */
  int: (min: number, max: number) => number;
  /** Uniform in [min, max). */
  between: (min: number, max: number) => number;
  /** True with probability `p`. */
  chance: (p: number) => boolean;
  pick: <T>(items: readonly T[]) => T;
  /** `length` lower-case hex digits. */
  hex: (length: number) => string;
}

/** A generator for `seed` (any integer; the same seed gives the same sequence). */
export const createRng = (seed: number): Rng => {
  const next = uniformRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    between: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    hex: (length) => Array.from({ length }, () => int(0, 15).toString(16)).join(''),
  };
};
