import { createRng } from '../stats/random.js';

/** The queue's seeded PRNG: the same seed draws the same queue. */
export const seededRandom = createRng;

/** k indices drawn uniformly without replacement from 0..n-1 (partial Fisher–Yates). */
export const sampleUniform = (n: number, k: number, random: () => number): number[] => {
  const take = Math.min(n, Math.max(0, k));
  const picked = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (n - i));
    out.push(picked.get(j) ?? j);
    picked.set(j, picked.get(i) ?? i);
  }
  return out;
};

/**
 * Inclusion probabilities for drawing k of the items with probability proportional to
 * `weights` (πᵢ = k·wᵢ/W, with items whose π would exceed 1 taken with certainty and the
 * rest rescaled). Σπ = min(k, n).
 */
export const inclusionProbabilities = (weights: number[], k: number): number[] => {
  const n = weights.length;
  const pi = new Array<number>(n).fill(0);
  if (k <= 0 || n === 0) return pi;
  if (k >= n) return pi.fill(1);
  const w = weights.map((x) => (x > 0 && Number.isFinite(x) ? x : 1e-9));
  const certain = new Set<number>();
  for (;;) {
    const remaining = k - certain.size;
    let total = 0;
    for (let i = 0; i < n; i++) if (!certain.has(i)) total += w[i]!;
    let changed = false;
    for (let i = 0; i < n; i++) {
      if (certain.has(i)) continue;
      const p = (remaining * w[i]!) / total;
      if (p >= 1) {
        certain.add(i);
        changed = true;
      }
    }
    if (!changed) {
      for (let i = 0; i < n; i++) pi[i] = certain.has(i) ? 1 : (remaining * w[i]!) / total;
      return pi;
    }
  }
};

/**
 * Systematic πps sampling: one random start, then every unit step along the cumulative
 * inclusion probabilities. Item i is drawn with exactly probability πᵢ.
 */
export const systematicSample = (pi: number[], random: () => number): number[] => {
  const out: number[] = [];
  let next = random();
  let cumulative = 0;
  for (let i = 0; i < pi.length; i++) {
    cumulative += pi[i]!;
    while (cumulative > next + 1e-12) {
      out.push(i);
      next += 1;
    }
  }
  return [...new Set(out)];
};
