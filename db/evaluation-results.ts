import type pg from 'pg';

export interface ResultRow {
  traceId: string;
  score: number | null;
  verdict: 'pass' | 'fail' | null;
  explanation: string | null;
  cost: unknown;
  error: string | null;
}

/** Stores a run's results; a re-run with the same run id changes nothing. */
export const saveEvaluationResults = async (
  pool: pg.Pool,
  projectId: string,
  versionId: string,
  runId: string,
  rows: ResultRow[],
) => {
  if (rows.length === 0) return;
  await pool.query(
    `insert into evaluation_results (project_id, evaluator_version_id, run_id, trace_id, score, verdict, explanation, cost, error)
     select $1, $2, $3, x.trace_id, x.score, x.verdict, x.explanation, x.cost, x.error
     from jsonb_to_recordset($4::jsonb) as x(trace_id text, score float8, verdict text, explanation text, cost jsonb, error text)
     on conflict (run_id, evaluator_version_id, trace_id) do nothing`,
    [
      projectId,
      versionId,
      runId,
      JSON.stringify(
        rows.map((r) => ({
          trace_id: r.traceId,
          score: r.score,
          verdict: r.verdict,
          explanation: r.explanation,
          cost: r.cost,
          error: r.error,
        })),
      ),
    ],
  );
};

/** The results of one run, with what the OTel export needs. */
export const runResults = async (pool: pg.Pool, projectId: string, runId: string) =>
  (
    await pool.query(
      `select r.trace_id as "traceId", r.score, r.verdict, r.explanation, r.error, r.cost,
              extract(epoch from r.created_at) * 1000 as time, e.name as "evaluatorName", v.version as "evaluatorVersion",
              m.key as "failureMode",
              (select span_id from spans s where s.project_id = r.project_id and s.trace_id = r.trace_id and s.kind = 'llm'
               order by start_ns desc limit 1) as "spanId"
       from evaluation_results r
       join evaluator_versions v on v.id = r.evaluator_version_id
       join evaluators e on e.id = v.evaluator_id
       join failure_modes m on m.id = e.failure_mode_id
       where r.project_id = $1 and r.run_id = $2 order by r.trace_id`,
      [projectId, runId],
    )
  ).rows;
