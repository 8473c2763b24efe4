import type pg from 'pg';

export const recordCycleStage = async (
  pool: pg.Pool,
  input: { cycleId: string; stage: string; status?: string; error?: string | null },
) => {
  await pool.query(
    `update cycles set stage = $2, status = coalesce($3, status), error = $4, updated_at = now() where id = $1`,
    [input.cycleId, input.stage, input.status ?? null, input.error ?? null],
  );
  return { stage: input.stage };
};

/**
 * How the cycle's reviewing stands: labels made on its tasks per failure mode, tasks left, and
 * whether it may move on (every mode with labels has its quota, or no task is left to label).
 */
export const cycleLabelStatus = async (pool: pg.Pool, projectId: string, cycleId: string, quota: number) => {
  const [byMode, tasks] = await Promise.all([
    pool.query<{ mode: string; n: number }>(
      `select coalesce(m.key, '(no failure)') as mode, count(distinct l.trace_id)::int as n
       from labels l join review_tasks t on t.id = l.task_id left join failure_modes m on m.id = l.failure_mode_id
       where t.project_id = $1 and t.cycle_id = $2 group by 1 order by 1`,
      [projectId, cycleId],
    ),
    pool.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from review_tasks where project_id = $1 and cycle_id = $2 group by status',
      [projectId, cycleId],
    ),
  ]);
  const labelsByMode = Object.fromEntries(byMode.rows.map((r) => [r.mode, r.n]));
  const counts = Object.fromEntries(tasks.rows.map((r) => [r.status, r.n]));
  const modes = byMode.rows.filter((r) => r.mode !== '(no failure)');
  const pending = counts.pending ?? 0;
  const quotaMet = modes.length > 0 && modes.every((r) => r.n >= quota);
  return {
    labelsByMode,
    tasks: { pending, labeled: counts.labeled ?? 0, skipped: counts.skipped ?? 0 },
    quota,
    complete: quotaMet || pending === 0,
    why: quotaMet ? 'every failure mode with labels has its quota' : pending === 0 ? 'no task is left to label' : null,
  };
};

export const saveCycleReport = async (pool: pg.Pool, cycleId: string, report: Record<string, unknown>) => {
  await pool.query(`update cycles set report = $2, status = 'done', stage = 'done', updated_at = now() where id = $1`, [
    cycleId,
    JSON.stringify(report),
  ]);
  return { saved: true };
};
