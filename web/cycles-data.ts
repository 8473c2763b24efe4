import type pg from 'pg';
import type { Progress } from './widgets.js';

/** A cycle as the cycle pages draw it (db/cycles.ts's `CycleRow` plus the workflow's stage, error and report). */
export interface CycleInfo {
  id: string;
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

const SELECT = `select id, window_start::text as "windowStart", window_end::text as "windowEnd", budget,
  random_fraction as "randomFraction", status, stage, error, fill_stats as "fillStats", report,
  created_at::text as "createdAt", updated_at::text as "updatedAt" from cycles`;

/** The project's cycles, newest window first. */
export const loadCycles = async (pool: pg.Pool, projectId: string, limit = 200): Promise<CycleInfo[]> =>
  (await pool.query(`${SELECT} where project_id = $1 order by window_start desc, id limit $2`, [projectId, limit]))
    .rows;

export const loadCycle = async (pool: pg.Pool, projectId: string, id: string): Promise<CycleInfo | null> =>
  (await pool.query(`${SELECT} where project_id = $1 and id = $2`, [projectId, id])).rows[0] ?? null;

/** Review progress of many cycles in one query. */
export const progressOf = async (pool: pg.Pool, projectId: string, ids: string[]) => {
  const out = new Map<string, Progress>(
    ids.map((id) => [id, { total: 0, pending: 0, labeled: 0, skipped: 0 } satisfies Progress]),
  );
  if (ids.length === 0) return out;
  const { rows } = await pool.query<{ cycle_id: string; status: string; n: number }>(
    `select cycle_id, status, count(*)::int as n from review_tasks
     where project_id = $1 and cycle_id = any($2::text[]) group by 1, 2`,
    [projectId, ids],
  );
  for (const r of rows) {
    const p = out.get(r.cycle_id);
    if (!p) continue;
    p.total += r.n;
    if (r.status === 'pending' || r.status === 'labeled' || r.status === 'skipped') p[r.status] += r.n;
  }
  return out;
};
