import type pg from 'pg';
import { type GateEvidence, outputStamp } from '../core/gate/evidence.js';
import type { GatePolicy } from '../core/gate/types.js';
import { latestEvaluatorVersions } from './evaluators.js';

/** Most items a side of a gate judges (the oldest first, so the set only grows at its end). */
export const MAX_GATE_ITEMS = 5_000;

/** The closed traces tagged with a release, oldest first, with their last span time. */
export const releaseTraceStamps = async (pool: pg.Pool, projectId: string, release: string) =>
  (
    await pool.query<{ traceId: string; lastSpanAt: string }>(
      `select trace_id as "traceId", last_span_at::text as "lastSpanAt" from traces
       where project_id = $1 and release = $2 and status = 'closed' order by start_time, trace_id limit $3`,
      [projectId, release, MAX_GATE_ITEMS],
    )
  ).rows;

/** The evaluators a gate runs: the latest version of each evaluator whose status is gate or signal. */
export const gateEvaluatorVersions = async (pool: pg.Pool, projectId: string) =>
  (await latestEvaluatorVersions(pool, projectId)).filter((v) => v.status === 'gate' || v.status === 'signal');

/**
 * The evidence of a gate as the database holds it now. `outputs`: for uploads, the candidate's
 * outputs (as uploaded, or as stored for the gate).
 */
export const loadGateEvidence = async (
  pool: pg.Pool,
  g: {
    projectId: string;
    release: string;
    baseline: string | null;
    datasetVersionId: string | null;
    outputs?: readonly { item: string; output: string; context: unknown }[];
    policy: GatePolicy;
  },
): Promise<GateEvidence> => {
  const upload = g.datasetVersionId !== null;
  const stamps = async (release: string | null) =>
    release ? (await releaseTraceStamps(pool, g.projectId, release)).map((t) => `${t.traceId}@${t.lastSpanAt}`) : [];
  const [candidate, baselineItems, evaluators] = await Promise.all([
    upload ? (g.outputs ?? []).map((o) => outputStamp(o.item, o.output, o.context)) : stamps(g.release),
    upload ? [] : stamps(g.baseline),
    gateEvaluatorVersions(pool, g.projectId),
  ]);
  return {
    source: upload ? 'upload' : 'traces',
    release: g.release,
    baseline: g.baseline,
    datasetVersionId: g.datasetVersionId,
    candidate,
    baselineItems,
    evaluators: evaluators.map((v) => `${v.id}:${v.status}`),
    policy: g.policy,
  };
};

/** One evaluator's verdict on one trace of a gate run, with what it said (judge critique, rule match, score). */
export interface GateVerdictExplanation {
  side: 'candidate' | 'baseline';
  traceId: string;
  evaluatorVersionId: string;
  verdict: string | null;
  score: number | null;
  explanation: string | null;
  error: string | null;
}

/** Every evaluator's verdict and explanation on the given traces of a gate run (both sides). */
export const loadGateExplanations = async (
  pool: pg.Pool,
  projectId: string,
  gateId: string,
  traceIds: string[],
): Promise<GateVerdictExplanation[]> =>
  traceIds.length === 0
    ? []
    : (
        await pool.query<GateVerdictExplanation>(
          `select split_part(run_id, ':', array_length(string_to_array(run_id, ':'), 1)) as side,
                  trace_id as "traceId", evaluator_version_id as "evaluatorVersionId", verdict, score, explanation, error
           from evaluation_results
           where project_id = $1 and run_id in ($2 || ':candidate', $2 || ':baseline') and trace_id = any($3)`,
          [projectId, gateId, traceIds],
        )
      ).rows;
