import type pg from 'pg';
import type { Engine } from '../workflows/engine.js';

const KEY = 'judge_model';

/**
 * When the configured judge model or provider differs from the last one this deployment ran
 * with, starts drift watch for every project's judges with the new model (trigger
 * 'model_change'), once per change.
 */
export const watchJudgeModel = async (o: {
  pool: pg.Pool;
  engine: Engine;
  model: string;
  baseUrl: string;
  log: (m: string) => void;
}) => {
  const current = `${o.baseUrl}|${o.model}`;
  const { rows } = await o.pool.query<{ value: string }>('select value from runtime_state where key = $1', [KEY]);
  const previous = rows[0]?.value;
  await o.pool.query(
    `insert into runtime_state (key, value) values ($1, $2)
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [KEY, current],
  );
  if (previous === undefined || previous === current) return;
  o.log(`judge model changed (${previous} → ${current}): recalibrating every judge`);
  const projects = await o.pool.query<{ id: string }>('select id from projects order by id');
  for (const { id } of projects.rows) {
    await o.engine.enqueue('driftWatch', `drift:model:${id}:${current}`, new Date(), {
      projectId: id,
      trigger: 'model_change',
      model: o.model,
      judgesOnly: true,
    });
  }
};
