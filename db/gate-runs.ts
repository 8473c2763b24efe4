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
  createdAt: string;
  decidedAt: string | null;
}

const SELECT = `select id, project_id as "projectId", release, baseline, source, dataset_version_id as "datasetVersionId",
  status, result, markdown, error, created_at::text as "createdAt", decided_at::text as "decidedAt" from gate_runs`;

export const ensureGateRun = (
  pool: pg.Pool,
  g: {
    id: string;
    projectId: string;
    release: string;
    baseline: string | null;
    source: string;
    datasetVersionId: string | null;
  },
) =>
  pool.query(
    `insert into gate_runs (id, project_id, release, baseline, source, dataset_version_id) values ($1, $2, $3, $4, $5, $6)
     on conflict (id) do nothing`,
    [g.id, g.projectId, g.release, g.baseline, g.source, g.datasetVersionId],
  );

export const findGateRun = async (pool: pg.Pool, projectId: string, id: string): Promise<GateRunRow | null> =>
  (await pool.query(`${SELECT} where project_id = $1 and id = $2`, [projectId, id])).rows[0] ?? null;

export const listGateRuns = async (pool: pg.Pool, projectId: string, release?: string): Promise<GateRunRow[]> =>
  (
    await pool.query(
      `${SELECT} where project_id = $1 and ($2::text is null or release = $2) order by created_at desc limit 200`,
      [projectId, release ?? null],
    )
  ).rows;

/**
 * The latest release whose gate on its traces passed (the default baseline), other than `release`.
 * A gate of uploaded outputs does not count: its release has no traces to compare with.
 */
export const lastPassingRelease = async (pool: pg.Pool, projectId: string, release: string) =>
  (
    await pool.query<{ release: string }>(
      `select release from gate_runs where project_id = $1 and status = 'pass' and source = 'traces' and release <> $2
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
    `update gate_runs set status = $2, baseline = $3, result = $4, markdown = $5, error = $6, decided_at = now() where id = $1`,
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
