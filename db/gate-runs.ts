import type pg from 'pg';

export interface GateRunRow {
  id: string;
  projectId: string;
  release: string;
  baseline: string | null;
  source: string;
  datasetVersionId: string | null;
  status: string;
  result: unknown;
  markdown: string | null;
  error: string | null;
  evidence: string | null;
  evidenceSummary: { candidate: number; baseline: number; evaluators: number } | null;
  reuseCount: number;
  lastReusedAt: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/** A gate run without its result and report (the history's rows). */
export type GateRunHead = Omit<GateRunRow, 'result' | 'markdown'>;

const HEAD = `id, project_id as "projectId", release, baseline, source, dataset_version_id as "datasetVersionId",
  status, error, evidence, evidence_summary as "evidenceSummary", reuse_count as "reuseCount",
  last_reused_at::text as "lastReusedAt", created_at::text as "createdAt", decided_at::text as "decidedAt"`;
const SELECT = `select ${HEAD}, result, markdown from gate_runs`;

export const ensureGateRun = (
  pool: pg.Pool,
  g: {
    id: string;
    projectId: string;
    release: string;
    baseline: string | null;
    source: string;
    datasetVersionId: string | null;
    evidence?: string | null;
    evidenceSummary?: unknown;
  },
) =>
  pool.query(
    `insert into gate_runs (id, project_id, release, baseline, source, dataset_version_id, evidence, evidence_summary)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (id) do nothing`,
    [
      g.id,
      g.projectId,
      g.release,
      g.baseline,
      g.source,
      g.datasetVersionId,
      g.evidence ?? null,
      g.evidenceSummary === undefined ? null : JSON.stringify(g.evidenceSummary),
    ],
  );

/** Records the evidence a run actually judged (it may differ from what was seen when it was asked for). */
export const saveGateEvidence = (pool: pg.Pool, id: string, evidence: string, summary: unknown) =>
  pool.query('update gate_runs set evidence = $2, evidence_summary = $3 where id = $1', [
    id,
    evidence,
    JSON.stringify(summary),
  ]);

/** The newest run of a release with this evidence that did not fail (running or decided), or null. */
export const findGateByEvidence = async (
  pool: pg.Pool,
  projectId: string,
  release: string,
  evidence: string,
): Promise<GateRunHead | null> =>
  (
    await pool.query(
      `select ${HEAD} from gate_runs where project_id = $1 and release = $2 and evidence = $3 and status <> 'error'
       order by created_at desc limit 1`,
      [projectId, release, evidence],
    )
  ).rows[0] ?? null;

/** How many runs share an id prefix (the run number of the next one is this plus one). */
export const countGateRuns = async (pool: pg.Pool, projectId: string, idPrefix: string) =>
  Number(
    (
      await pool.query<{ n: string }>(
        `select count(*) as n from gate_runs where project_id = $1 and left(id, length($2)) = $2`,
        [projectId, idPrefix],
      )
    ).rows[0]?.n ?? 0,
  );

/** Counts a reuse of a decided run's verdict (shown in the UI with the time of the last one). */
export const markGateReused = async (pool: pg.Pool, id: string) =>
  pool.query('update gate_runs set reuse_count = reuse_count + 1, last_reused_at = now() where id = $1', [id]);

export const findGateRun = async (pool: pg.Pool, projectId: string, id: string): Promise<GateRunRow | null> =>
  (await pool.query(`${SELECT} where project_id = $1 and id = $2`, [projectId, id])).rows[0] ?? null;

/** The project's gate runs, newest first, without results or reports (GET /api/gates/:id has those). */
export const listGateRuns = async (pool: pg.Pool, projectId: string, release?: string): Promise<GateRunHead[]> =>
  (
    await pool.query(
      `select ${HEAD} from gate_runs where project_id = $1 and ($2::text is null or release = $2) order by created_at desc limit 200`,
      [projectId, release ?? null],
    )
  ).rows;

/**
 * The default baseline: the latest release, other than `release`, whose gate on its traces passed,
 * or was inconclusive only for want of a baseline (a project's first release: its evaluators had
 * enough items, there was just nothing to compare with). A gate of uploaded outputs does not count:
 * its release has no traces to compare with.
 */
export const lastPassingRelease = async (pool: pg.Pool, projectId: string, release: string) =>
  (
    await pool.query<{ release: string }>(
      `select release from gate_runs where project_id = $1 and source = 'traces' and release <> $2
         and (status = 'pass' or (status = 'inconclusive' and result->'missing' = '["baseline"]'::jsonb))
       order by decided_at desc limit 1`,
      [projectId, release],
    )
  ).rows[0]?.release ?? null;

export const saveGateDecision = (
  pool: pg.Pool,
  id: string,
  d: { status: string; baseline: string | null; result: unknown; markdown: string | null; error: string | null },
) =>
  pool.query(
    `update gate_runs set status = $2, baseline = coalesce($3, baseline), result = $4, markdown = $5, error = $6, decided_at = now() where id = $1`,
    [id, d.status, d.baseline, JSON.stringify(d.result), d.markdown, d.error],
  );

/** Stores uploaded candidate outputs (idempotent per gate and item). */
export const saveGateOutputs = async (
  pool: pg.Pool,
  gateId: string,
  outputs: { item: string; input: string; output: string; context: unknown }[],
) => {
  if (outputs.length === 0) return;
  await pool.query(
    `insert into gate_outputs (gate_id, item_key, input, output, context)
     select $1, x.item, x.input, x.output, x.context from jsonb_to_recordset($2::jsonb) as x(item text, input text, output text, context jsonb)
     on conflict do nothing`,
    [gateId, JSON.stringify(outputs)],
  );
};

export const loadGateOutputs = async (pool: pg.Pool, gateId: string) =>
  (
    await pool.query<{ item_key: string; input: string; output: string; context: unknown }>(
      'select item_key, input, output, context from gate_outputs where gate_id = $1 order by item_key',
      [gateId],
    )
  ).rows;

/** Records the items each side of a gate judges, with their pairing keys (idempotent). */
export const saveGateItems = async (
  pool: pg.Pool,
  gateId: string,
  side: 'candidate' | 'baseline',
  items: { key: string; traceId: string }[],
) => {
  if (items.length === 0) return;
  await pool.query(
    `insert into gate_items (gate_id, side, item_key, trace_id)
     select $1, $2, x.key, x.trace_id from jsonb_to_recordset($3::jsonb) as x(key text, trace_id text)
     on conflict do nothing`,
    [gateId, side, JSON.stringify(items.map((i) => ({ key: i.key, trace_id: i.traceId })))],
  );
};

export const loadGateItems = async (pool: pg.Pool, gateId: string, side: 'candidate' | 'baseline') =>
  (
    await pool.query<{ key: string; traceId: string }>(
      `select item_key as key, trace_id as "traceId" from gate_items where gate_id = $1 and side = $2 order by trace_id`,
      [gateId, side],
    )
  ).rows;

/** One evaluator's verdicts on one side's items, keyed for pairing (items it could not judge are absent). */
export const loadGateVerdicts = async (
  pool: pg.Pool,
  gateId: string,
  side: 'candidate' | 'baseline',
  evaluatorVersionId: string,
) =>
  (
    await pool.query<{ key: string; traceId: string; verdict: 'pass' | 'fail' }>(
      `select i.item_key as key, i.trace_id as "traceId", r.verdict from gate_items i
       join evaluation_results r on r.run_id = $1 || ':' || i.side and r.trace_id = i.trace_id
         and r.evaluator_version_id = $3
       where i.gate_id = $1 and i.side = $2 and r.verdict in ('pass', 'fail') order by i.item_key`,
      [gateId, side, evaluatorVersionId],
    )
  ).rows;

/** Advisory-lock class of gate starts (the second key is a hash of the gate's id prefix). */
const GATE_LOCK_CLASS = 7_240;

/**
 * Runs `fn` while holding a Postgres advisory lock on `key`, so concurrent starts of one gate (the
 * same project, release and evidence) see each other's run instead of numbering two.
 */
export const withGateLock = async <T>(pool: pg.Pool, key: string, fn: () => Promise<T>): Promise<T> => {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1, hashtext($2))', [GATE_LOCK_CLASS, key]);
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock($1, hashtext($2))', [GATE_LOCK_CLASS, key]);
    }
  } finally {
    client.release();
  }
};
