import { createRng as uniformRandom } from '../stats/random.js';
/** A small seeded PRNG (core/stats/random.ts) and helpers, so the test corpus is the same on every run. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** `n` characters drawn from `alphabet`. */
  chars(alphabet: string, n: number): string;
  digits(n: number): string;
}

export const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const BASE64URL = `${BASE62}-_`;
export const HEX = '0123456789abcdef';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function createRng(seed: number): Rng {
  const next = uniformRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const chars = (alphabet: string, n: number) => {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[int(0, alphabet.length - 1)];
    return out;
  };
  return {
    next,
    int,
    pick: <T>(items: readonly T[]) => items[int(0, items.length - 1)] as T,
    chance: (p) => next() < p,
    chars,
    digits: (n) => chars('0123456789', n),
  };
}

/** Standard base64 (with padding) of bytes drawn from the PRNG. */
export function randomBase64(rng: Rng, bytes: number, url = false): string {
  const buf = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) buf[i] = rng.int(0, 255);
  const b64 = Buffer.from(buf).toString('base64');
  return url ? b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : b64;
}

export const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
