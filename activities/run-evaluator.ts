import { AppError } from '../core/errors.js';
import { verdictOf } from '../core/evaluators/types.js';
import { loadEvalItems, loadFrozenLabels } from '../db/calibration-data.js';
import { type ResultRow, saveEvaluationResults } from '../db/evaluation-results.js';
import { findEvaluatorVersion } from '../db/evaluators.js';
import { recentReleaseTraces } from '../db/scorecard.js';
import type { ActivityDeps } from './deps.js';
import { evaluatorRuntime } from './evaluate.js';

export interface RunEvaluatorInput {
  projectId: string;
  versionId: string;
  /**
   * What to run on: a frozen dataset version's traces, closed traces of a time range (optionally a
   * release), or the newest `newest` closed traces of a release (the scorecard's "compute").
   */
  target:
    | { datasetVersionId: string }
    | { from: string; to: string; release?: string; limit?: number }
    | { release: string; newest: number };
  runId: string;
}

const CONCURRENCY = 16;

/**
 * Runs one evaluator version over a dataset version or a trace filter and stores every result
 * (score, verdict, explanation, cost, or the error) under `runId`. Idempotent per run id.
 */
export const createRunEvaluatorActivity = (deps: ActivityDeps) => async (input: RunEvaluatorInput) => {
  const version = await findEvaluatorVersion(deps.pool, input.projectId, input.versionId);
  if (!version) throw new AppError('not_found', `no evaluator version ${input.versionId}`);
  const traceIds =
    'newest' in input.target
      ? await recentReleaseTraces(deps.pool, input.projectId, input.target.release, input.target.newest)
      : 'datasetVersionId' in input.target
        ? [
            ...new Set(
              (await loadFrozenLabels(deps.pool, input.projectId, input.target.datasetVersionId)).map((l) => l.traceId),
            ),
          ]
        : (
            await deps.pool.query<{ trace_id: string }>(
              `select trace_id from traces where project_id = $1 and status = 'closed' and start_time >= $2
               and start_time < $3 and ($4::text is null or release = $4) order by start_time limit $5`,
              [
                input.projectId,
                input.target.from,
                input.target.to,
                input.target.release ?? null,
                input.target.limit ?? 10_000,
              ],
            )
          ).rows.map((r) => r.trace_id);
  const items = await loadEvalItems(deps.pool, input.projectId, traceIds);
  const { evaluate } = evaluatorRuntime(deps);
  const queue = [...items.values()];
  const results: ResultRow[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        try {
          const e = await evaluate(version.config, item);
          results.push({
            traceId: item.traceId,
            score: e.score,
            verdict: verdictOf(e.score, version.threshold),
            explanation: e.explanation,
            cost: e.cost ?? null,
            error: null,
          });
        } catch (err) {
          results.push({
            traceId: item.traceId,
            score: null,
            verdict: null,
            explanation: null,
            cost: null,
            error: (err as Error).message,
          });
        }
      }
    }),
  );
  await saveEvaluationResults(deps.pool, input.projectId, version.id, input.runId, results);
  const scored = results.filter((r) => r.verdict);
  return {
    runId: input.runId,
    versionId: version.id,
    evaluated: results.length,
    errors: results.length - scored.length,
    passRate: scored.length ? scored.filter((r) => r.verdict === 'pass').length / scored.length : null,
  };
};
