import type pg from 'pg';
import type { Engine } from '../workflows/engine.js';
import { LABEL_TOPIC } from '../workflows/refresh-cycle.js';

/**
 * Sends each new label of a review task to the refresh cycle that owns the task, so the
 * waiting cycle wakes within seconds. Queues filled by hand (no cycle workflow) are skipped.
 */
export const createLabelNotifier =
  (pool: pg.Pool, engine: Engine, log: (m: string) => void) =>
  async (projectId: string, taskId: string, labelId: string) => {
    const { rows } = await pool.query<{ cycle_id: string }>(
      'select cycle_id from review_tasks where project_id = $1 and id = $2',
      [projectId, taskId],
    );
    const cycleId = rows[0]?.cycle_id;
    if (!cycleId) return;
    await engine.send(cycleId, { labelId }, LABEL_TOPIC, `label:${labelId}`).catch((err: unknown) => {
      log(`could not notify cycle ${cycleId} of label ${labelId}: ${(err as Error).message}`);
    });
  };
