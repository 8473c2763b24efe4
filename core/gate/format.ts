/** Number formatting shared by the gate's reasons and reports. */

const MINUS = '\u2212';

/** 0.92 → "92.0%"; null → "–". */
export const formatRate = (rate: number | null | undefined): string =>
  rate === null || rate === undefined ? '–' : `${(rate * 100).toFixed(1)}%`;

/** A difference of proportions in percentage points with an explicit sign: −0.14 → "−14.0". */
export const formatPoints = (diff: number | null | undefined): string => {
  if (diff === null || diff === undefined) return '–';
  const value = (Math.abs(diff) * 100).toFixed(1);
  if (value === '0.0') return '0.0';
  return `${diff < 0 ? MINUS : '+'}${value}`;
};

/** A tolerance or floor in points without a sign: 0.05 → "5", 0.025 → "2.5". */
export const formatTolerance = (value: number): string => String(Math.round(value * 1000) / 10);

/** "p = 0.020" or "p < 0.001". */
export const formatP = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/** The two-sided level of a (1 − 2α) interval as a percentage: α = 0.05 → "90%". */
export const formatLevel = (alpha: number): string => `${Math.round((1 - 2 * alpha) * 1000) / 10}%`;
