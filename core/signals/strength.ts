/** The strength a signal has as soon as its threshold is crossed: weak, but worth ranking. */
export const THRESHOLD_STRENGTH = 0.3;

/** Signals weaker than this (after rounding) are not emitted: they would only add noise to the queue. */
export const MIN_STRENGTH = 0.05;

/** Hermite smoothstep of t clamped to [0, 1]: 0 → 0, 1 → 1, flat at both ends. */
export function smoothstep(t: number): number {
  const c = Math.max(0, Math.min(1, t));
  return c * c * (3 - 2 * c);
}

/**
 * Linear ramp from THRESHOLD_STRENGTH at `threshold` to 1 at `full`; 0 below the threshold.
 * (Re-submission similarity: threshold → 0.3, identical → 1.)
 */
export function rampFromThreshold(x: number, threshold: number, full: number): number {
  if (!(x >= threshold)) return 0;
  if (!(full > threshold) || x >= full) return 1;
  return THRESHOLD_STRENGTH + ((1 - THRESHOLD_STRENGTH) * (x - threshold)) / (full - threshold);
}

/** Clamps to [0, 1] and rounds to 3 decimals (NaN becomes 0). */
export function roundStrength(strength: number): number {
  if (!(strength > 0)) return 0;
  return Math.round(Math.min(1, strength) * 1000) / 1000;
}

/** Combines independent pieces of evidence: 1 − Π(1 − pᵢ) (noisy-or); 0 for none. */
export function noisyOr(strengths: readonly number[]): number {
  return 1 - strengths.reduce((product, s) => product * (1 - Math.max(0, Math.min(1, s || 0))), 1);
}
