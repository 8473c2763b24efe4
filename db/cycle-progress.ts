import type pg from 'pg';
import { LABEL_VERDICTS_SQL } from './label-coverage.js';

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
 * How the cycle's reviewing stands: per failure mode, the traces its labels marked failing (the
 * scarce class the quota is about; "(no failure)" counts traces labeled with no failing mode), per
 * mode the traces judged either way, tasks left, and whether it may move on (every mode marked
 * failing has its quota, or no task is left to label).
 *
 * Double review: counts are of traces, so a double-reviewed trace counts once — and only once both
 * copies are done (labeled or skipped): until then its first label is blind and not yet evidence
 * (a disagreement would leave it out of the ground truth). Every copy is a task, so "no task left"
 * waits for second copies too. `doubleReview`: double-reviewed traces, and how many have both copies done.
 */
export const cycleLabelStatus = async (pool: pg.Pool, projectId: string, cycleId: string, quota: number) => {
  const [byMode, tasks, double] = await Promise.all([
    pool.query<{ mode: string; failing: number; judged: number }>(
      `with judged as (
         select l.id, l.trace_id, c.key, c.verdict
         from labels l join review_tasks t on t.id = l.task_id left join failure_modes m on m.id = l.failure_mode_id
         left join lateral ${LABEL_VERDICTS_SQL} on true
         where t.project_id = $1 and t.cycle_id = $2
           and not exists (select 1 from review_tasks p where p.cycle_id = t.cycle_id and p.trace_id = t.trace_id
                             and p.double_review and p.status = 'pending'))
       select key as mode, count(distinct trace_id) filter (where verdict = 'fail')::int as failing,
              count(distinct trace_id)::int as judged
       from judged where key is not null group by key
       union all
       select '(no failure)', count(distinct trace_id)::int, count(distinct trace_id)::int
       from judged j where not exists (select 1 from judged f where f.id = j.id and f.verdict = 'fail')
       having count(*) > 0
       order by 1`,
      [projectId, cycleId],
    ),
    pool.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from review_tasks where project_id = $1 and cycle_id = $2 group by status',
      [projectId, cycleId],
    ),
    pool.query<{ traces: number; done: number }>(
      `select count(*)::int as traces, count(*) filter (where pending = 0)::int as done
       from (select trace_id, count(*) filter (where status = 'pending') as pending from review_tasks
             where project_id = $1 and cycle_id = $2 and double_review group by trace_id) d`,
      [projectId, cycleId],
    ),
  ]);
  const failing = byMode.rows.filter((r) => r.mode === '(no failure)' || r.failing > 0);
  const labelsByMode = Object.fromEntries(failing.map((r) => [r.mode, r.failing]));
  const judgedByMode = Object.fromEntries(
    byMode.rows.filter((r) => r.mode !== '(no failure)').map((r) => [r.mode, r.judged]),
  );
  const counts = Object.fromEntries(tasks.rows.map((r) => [r.status, r.n]));
  const modes = failing.filter((r) => r.mode !== '(no failure)');
  const pending = counts.pending ?? 0;
  const quotaMet = modes.length > 0 && modes.every((r) => r.failing >= quota);
  return {
    labelsByMode,
    judgedByMode,
    tasks: { pending, labeled: counts.labeled ?? 0, skipped: counts.skipped ?? 0 },
    doubleReview: double.rows[0] ?? { traces: 0, done: 0 },
    quota,
    complete: quotaMet || pending === 0,
    why: quotaMet
      ? 'every failure mode marked failing has its quota of failing traces'
      : pending === 0
        ? 'no task is left to label'
        : null,
  };
};

export const saveCycleReport = async (pool: pg.Pool, cycleId: string, report: Record<string, unknown>) => {
  await pool.query(`update cycles set report = $2, status = 'done', stage = 'done', updated_at = now() where id = $1`, [
    cycleId,
    JSON.stringify(report),
  ]);
  return { saved: true };
};
