/**
 * Every evaluator result as a score in [0, 1] (1 = passes, no failure), so results of different
 * kinds compose into one scorecard. Every kind's `evaluate` already returns a score (see
 * `Evaluation`); a stored result may carry only a verdict (older rows, or a verdict imported from
 * elsewhere): then pass = 1 and fail = 0. A result with neither (an error) has no score.
 */
export const resultScore = (r: { score: number | null; verdict: 'pass' | 'fail' | null }): number | null => {
  if (typeof r.score === 'number' && Number.isFinite(r.score)) return Math.max(0, Math.min(1, r.score));
  if (r.verdict === 'pass') return 1;
  if (r.verdict === 'fail') return 0;
  return null;
};
