import { smoothstep, THRESHOLD_STRENGTH } from './strength.js';
import type { RobustBaseline } from './types.js';

/** 1 / Φ⁻¹(3/4): makes the MAD a consistent estimator of the standard deviation for normal data. */
export const MAD_SCALE = 1.4826;
/** √(π/2): the same consistency constant for the mean absolute deviation. */
export const MEAN_AD_SCALE = 1.2533;
/** |z| reported when the baseline has no spread at all (every value equal) and x differs from it. */
export const Z_CAP = 100;

/** The median of the values; NaN for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median absolute deviation from the median (unscaled); NaN for an empty list. */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/** The mean absolute deviation from the median; NaN for an empty list. */
export function meanAbsDeviation(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const m = median(values);
  return values.reduce((sum, v) => sum + Math.abs(v - m), 0) / values.length;
}

/** Median, MAD, mean absolute deviation and count of the finite values; null when there are none. */
export function robustBaseline(values: readonly number[]): RobustBaseline | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  return { median: median(finite), mad: mad(finite), meanAbsDeviation: meanAbsDeviation(finite), n: finite.length };
}

/**
 * The robust z-score of x: (x − median) / (1.4826·MAD). When MAD is 0 (more than half the values
 * are equal), the scale falls back to 1.2533 × the mean absolute deviation (IBM's modified z);
 * when that is 0 or unknown too, z is 0 for x equal to the median and ±Z_CAP otherwise.
 * |z| never exceeds Z_CAP.
 */
export function robustZ(x: number, baseline: RobustBaseline): number {
  const deviation = x - baseline.median;
  let scale = MAD_SCALE * baseline.mad;
  if (!(scale > 0)) scale = MEAN_AD_SCALE * (baseline.meanAbsDeviation ?? 0);
  if (!(scale > 0)) return deviation === 0 ? 0 : Math.sign(deviation) * Z_CAP;
  return Math.max(-Z_CAP, Math.min(Z_CAP, deviation / scale));
}

/**
 * Strength (0..1) of an upward outlier: 0 below `threshold`; from THRESHOLD_STRENGTH at the
 * threshold rising smoothly to 1 at twice the threshold. Only high values count (a trace that
 * used fewer tokens or less time than usual is not by itself suspicious).
 */
export function strengthFromZ(z: number, threshold: number): number {
  if (!(z >= threshold) || !(threshold > 0)) return 0;
  return THRESHOLD_STRENGTH + (1 - THRESHOLD_STRENGTH) * smoothstep((z - threshold) / threshold);
}
