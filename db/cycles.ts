import type pg from 'pg';

export interface CycleRow {
  id: string;
  projectId: string;
  windowStart: string;
  windowEnd: string;
  budget: number;
  randomFraction: number;
  status: string;
  stage: string | null;
  error: string | null;
  fillStats: Record<string, unknown>;
  report: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

const SELECT_CYCLE = `select id, project_id as "projectId", window_start::text as "windowStart",
  window_end::text as "windowEnd", budget, random_fraction as "randomFraction", status, stage, error,
  fill_stats as "fillStats", report, created_at::text as "createdAt", updated_at::text as "updatedAt"
  from cycles`;

/** Creates the cycle unless it exists (its id comes from project + window). */
export const ensureCycle = async (
  pool: pg.Pool,
  c: { id: string; projectId: string; windowStart: string; windowEnd: string; budget: number; randomFraction: number },
): Promise<CycleRow> => {
  await pool.query(
    `insert into cycles (id, project_id, window_start, window_end, budget, random_fraction)
     values ($1, $2, $3, $4, $5, $6) on conflict (id) do nothing`,
    [c.id, c.projectId, c.windowStart, c.windowEnd, c.budget, c.randomFraction],
  );
  return (await findCycle(pool, c.projectId, c.id))!;
};

export const findCycle = async (pool: pg.Pool, projectId: string, id: string): Promise<CycleRow | null> =>
  (await pool.query(`${SELECT_CYCLE} where project_id = $1 and id = $2`, [projectId, id])).rows[0] ?? null;

export const listCycles = async (pool: pg.Pool, projectId: string): Promise<CycleRow[]> =>
  (await pool.query(`${SELECT_CYCLE} where project_id = $1 order by window_start desc, id`, [projectId])).rows;

export const saveFillStats = (pool: pg.Pool, id: string, stats: unknown) =>
  pool.query('update cycles set fill_stats = $2 where id = $1', [id, JSON.stringify(stats)]);
