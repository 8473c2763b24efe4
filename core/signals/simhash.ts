import { normalizeText } from './similarity.js';

/** FNV-1a over UTF-16 code units from `seed`, finished with murmur3's fmix32 avalanche. */
function hash32(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Shingle width in characters: short enough for one-line questions, long enough to carry words. */
const SHINGLE = 4;

/**
 * The features a text's SimHash is built from: character 4-grams of the normalized text with
 * digit runs folded to `0` (so "order 123" and "order 456" are the same question).
 */
export function shingles(text: string): string[] {
  const normalized = normalizeText(text).replace(/\d+/g, '0');
  if (normalized.length <= SHINGLE) return normalized === '' ? [] : [normalized];
  const out: string[] = [];
  for (let i = 0; i + SHINGLE <= normalized.length; i++) out.push(normalized.slice(i, i + SHINGLE));
  return out;
}

/**
 * 64-bit SimHash (Charikar) of the text's shingles as 16 hex digits: near-identical texts get
 * hashes a few bits apart. An empty text hashes to all zeros.
 */
export function simhash64(text: string): string {
  const features = shingles(text);
  if (features.length === 0) return '0'.repeat(16);
  const votes = new Int32Array(64);
  for (const feature of features) {
    const halves = [hash32(feature, 0x811c9dc5), hash32(feature, 0x9747b28c)];
    for (let half = 0; half < 2; half++) {
      const bits = halves[half]!;
      for (let bit = 0; bit < 32; bit++) votes[half * 32 + bit]! += (bits >>> bit) & 1 ? 1 : -1;
    }
  }
  let hex = '';
  for (let half = 0; half < 2; half++) {
    let word = 0;
    for (let bit = 0; bit < 32; bit++) if (votes[half * 32 + bit]! > 0) word |= 1 << bit;
    hex += (word >>> 0).toString(16).padStart(8, '0');
  }
  return hex;
}

/** Hamming distance of two 16-hex-digit SimHashes. */
export function hammingDistance(a: string, b: string): number {
  let distance = 0;
  for (let i = 0; i < 16; i += 8) {
    let x = (Number.parseInt(a.slice(i, i + 8), 16) ^ Number.parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x !== 0) {
      x &= x - 1;
      distance++;
    }
  }
  return distance;
}
