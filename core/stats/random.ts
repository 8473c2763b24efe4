/**
 * Seeded pseudo-random numbers for resampling and fold assignment. Statistics that gate releases
 * must be reproducible, so nothing in core/stats calls `Math.random`.
 */

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** 32-bit FNV-1a hash of the seed's string form (so `42` and `'42'` are the same seed). */
export const hashSeed = (seed: string | number): number => {
  const text = String(seed);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

/**
 * mulberry32: a small, fast generator with a 32-bit state. Plenty for bootstrap resampling
 * (a few million draws), not for cryptography.
 */
export const createRng = (seed: string | number): Rng => {
  let state = hashSeed(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** A uniform integer in [0, n). */
export const randomIndex = (rng: Rng, n: number): number => Math.floor(rng() * n);

/** A shuffled copy (Fisher–Yates). */
export const shuffled = <T>(values: readonly T[], rng: Rng): T[] => {
  const out = values.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomIndex(rng, i + 1);
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
};
