import { latestEvaluatorVersions } from '../db/evaluators.js';
import type { ActivityDeps } from './deps.js';

/** The evaluator versions drift watch looks after: the latest gating or signalling version of each evaluator. */
export const createWatchedEvaluatorsActivity =
  (deps: ActivityDeps) =>
  async (input: { projectId: string; judgesOnly: boolean }): Promise<string[]> =>
    (await latestEvaluatorVersions(deps.pool, input.projectId))
      .filter((v) => (v.status === 'gate' || v.status === 'signal') && (!input.judgesOnly || v.kind === 'judge'))
      .map((v) => v.id);
