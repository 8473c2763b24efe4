import { verdictOf } from '../evaluators/types.js';

/** How often repeated judge runs on the same item disagree about the verdict. */
export interface FlipRate {
  /** Items with at least two scored samples. */
  items: number;
  /** Items whose samples did not all give the same verdict. */
  flipped: number;
  /** flipped / items (0 when no item has two samples). */
  rate: number;
}

/**
 * The flip rate of a judge from k runs per item (`scores[i]` = the scores item i got; failed samples
 * left out): an item flips when its samples straddle `threshold`. A high rate means single verdicts are
 * noise; use the vote fraction of several samples instead (self-consistency).
 */
export const flipRate = (scores: readonly (readonly number[])[], threshold = 0.5): FlipRate => {
  let items = 0;
  let flipped = 0;
  for (const samples of scores) {
    if (samples.length < 2) continue;
    items += 1;
    const verdicts = new Set(samples.map((score) => verdictOf(score, threshold)));
    if (verdicts.size > 1) flipped += 1;
  }
  return { items, flipped, rate: items === 0 ? 0 : flipped / items };
};
