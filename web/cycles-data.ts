import type pg from 'pg';
import { type CycleRow, findCycle, listCycles } from '../db/cycles.js';
import type { Progress } from './widgets.js';

/** A cycle as the cycle pages draw it. */
export type CycleInfo = CycleRow;

/** The project's cycles, newest window first. */
export const loadCycles = (pool: pg.Pool, projectId: string): Promise<CycleInfo[]> => listCycles(pool, projectId);

export const loadCycle = (pool: pg.Pool, projectId: string, id: string): Promise<CycleInfo | null> =>
  findCycle(pool, projectId, id);

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
