import type { Rng } from './rng.js';
import type { TruthEvidence } from './types.js';

/** End-user feedback on a trace, as the app sends it to `POST /api/feedback` (0 = thumbs down, 1 = up). */
export interface UserFeedback {
  score: number;
  comment: string | null;
}

const down = (rng: Rng, comments: (string | null)[]): UserFeedback => ({ score: 0, comment: rng.pick(comments) });

/**
 * Whether the user gave feedback, and which: wrong answers draw thumbs-down more often than fine
 * ones, a few fine answers get thumbs-down anyway (noise), some get thumbs-up.
 */
export const userFeedback = (rng: Rng, evidence: TruthEvidence): UserFeedback | null => {
  switch (evidence.mode) {
    case null:
      if (rng.chance(0.01)) return down(rng, ['meh', 'Not what I asked.', null]);
      return rng.chance(0.05) ? { score: 1, comment: null } : null;
    case 'ignored_tool_result':
      return rng.chance(0.35)
        ? down(rng, [
            'That number is wrong.',
            "This doesn't match what I found elsewhere.",
            'Are you sure? Everything else I read says otherwise.',
            null,
          ])
        : null;
    case 'wrong_tool':
      return rng.chance(evidence.answered === 'from_documents' ? 0.05 : 0.4)
        ? down(rng, ["It didn't even try to look it up.", 'Useless answer.', 'Wrong answer.', null])
        : null;
    case 'over_budget':
      return rng.chance(0.15) ? down(rng, ['Too long, I just wanted the number.', 'tl;dr please', null]) : null;
    case 'invented_citation':
      return rng.chance(0.08) ? down(rng, ["I couldn't find the source it cites.", null]) : null;
  }
};
