import { z } from 'zod';

/**
 * What a judge must reply, enforced by structured outputs: the justification comes first so the
 * model writes its evidence before committing to a score (Multiple Evidence Calibration).
 */
export const judgeVerdictSchema = z.object({
  justification: z
    .string()
    .describe('The evidence from the response and its context that decides the case, then the verdict.'),
  score: z.number().min(0).max(1).describe('1 = passes (does not show the failure), 0 = shows the failure.'),
});

export type JudgeVerdict = z.infer<typeof judgeVerdictSchema>;

/** The `json_schema` name sent with the schema; providers show it to the model. */
export const JUDGE_VERDICT_NAME = 'judge_verdict';
