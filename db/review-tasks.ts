import type pg from 'pg';
import { reviewableSql } from '../core/consent.js';
import { AppError } from '../core/errors.js';
import type { PlannedTask } from '../core/queue/fill.js';

/** A review task with the summary of its trace (as stored; the API redacts for reviewers). */
export interface TaskView {
  id: string;
  cycleId: string;
  traceId: string;
  sampling: string;
  stratum: string;
  probability: number;
  priority: number;
  reasons: unknown[];
  duplicateCount: number;
  duplicateTraceIds: string[];
  status: string;
  assignedTo: string | null;
  lockedBy: string | null;
  lockExpiresAt: string | null;
  input: string | null;
  output: string | null;
  startTime: string | null;
}

const SELECT_TASKS = `
  select t.id, t.cycle_id as "cycleId", t.trace_id as "traceId", t.sampling, t.stratum, t.probability, t.priority,
         t.reasons, t.duplicate_count as "duplicateCount", t.duplicate_trace_ids as "duplicateTraceIds", t.status,
         t.assigned_to as "assignedTo",
         case when t.lock_expires_at > now() then t.locked_by end as "lockedBy",
         case when t.lock_expires_at > now() then t.lock_expires_at::text end as "lockExpiresAt",
         tr.input, tr.output, tr.start_time::text as "startTime"
  from review_tasks t left join traces tr on tr.project_id = t.project_id and tr.trace_id = t.trace_id`;

/** Adds planned tasks to a cycle; a trace already in the cycle is skipped. Returns how many were added. */
export const insertTasks = async (pool: pg.Pool, projectId: string, cycleId: string, tasks: PlannedTask[]) => {
  if (tasks.length === 0) return 0;
  const result = await pool.query(
    `insert into review_tasks (project_id, cycle_id, trace_id, sampling, stratum, probability, priority, reasons,
       duplicate_count, duplicate_trace_ids)
     select $1, $2, x.trace_id, x.sampling, x.stratum, x.probability, x.priority, x.reasons, x.duplicate_count,
       x.duplicate_trace_ids
     from json_to_recordset($3::json) as x(trace_id text, sampling text, stratum text, probability float8,
       priority float8, reasons jsonb, duplicate_count int, duplicate_trace_ids jsonb)
     on conflict (cycle_id, trace_id) do nothing`,
    [
      projectId,
      cycleId,
      JSON.stringify(
        tasks.map((t) => ({
          trace_id: t.traceId,
          sampling: t.sampling,
          stratum: t.stratum,
          probability: t.probability,
          priority: t.priority,
          reasons: t.reasons,
          duplicate_count: t.duplicateCount,
          duplicate_trace_ids: t.duplicateTraceIds,
        })),
      ),
    ],
  );
  return result.rowCount ?? 0;
};

/**
 * What a cycle already holds: its queued traces, the traces they cover (queued ones plus the
 * near-duplicates collapsed into them), and how many were random picks.
 */
export const cycleContents = async (pool: pg.Pool, cycleId: string) => {
  const { rows } = await pool.query<{ trace_id: string; sampling: string; duplicate_trace_ids: string[] }>(
    'select trace_id, sampling, duplicate_trace_ids from review_tasks where cycle_id = $1',
    [cycleId],
  );
  const queued = rows.map((r) => r.trace_id);
  return {
    queued: queued.length,
    covered: new Set([...queued, ...rows.flatMap((r) => r.duplicate_trace_ids)]),
    random: rows.filter((r) => r.sampling === 'random').length,
  };
};

/** The queue, highest priority first. */
export const listTasks = async (
  pool: pg.Pool,
  f: { projectId: string; cycleId?: string; status?: string; limit: number },
): Promise<TaskView[]> => {
  const where = ['t.project_id = $1'];
  const params: unknown[] = [f.projectId];
  if (f.cycleId) where.push(`t.cycle_id = $${params.push(f.cycleId)}`);
  if (f.status) where.push(`t.status = $${params.push(f.status)}`);
  params.push(f.limit);
  return (
    await pool.query(
      `${SELECT_TASKS} where ${where.join(' and ')} order by t.status = 'pending' desc, t.priority desc, t.id
       limit $${params.length}`,
      params,
    )
  ).rows;
};

export const findTask = async (pool: pg.Pool, projectId: string, id: string): Promise<TaskView | null> =>
  (await pool.query(`${SELECT_TASKS} where t.project_id = $1 and t.id = $2`, [projectId, id])).rows[0] ?? null;

/**
 * Locks a task for `reviewer` (until `seconds` from now). Fails with `conflict` while another
 * reviewer holds an unexpired lock: two reviewers never label the same trace at once.
 */
export const lockTask = async (pool: pg.Pool, projectId: string, id: string, reviewer: string, seconds: number) => {
  const result = await pool.query(
    `update review_tasks set locked_by = $3, lock_expires_at = now() + make_interval(secs => $4)
     where project_id = $1 and id = $2 and status = 'pending'
       and (locked_by is null or lock_expires_at < now() or locked_by = $3)
       and (assigned_to is null or assigned_to = $3)`,
    [projectId, id, reviewer, seconds],
  );
  if (result.rowCount === 0) {
    const task = await findTask(pool, projectId, id);
    if (!task) throw new AppError('not_found', `no review task ${id}`);
    if (task.status !== 'pending') throw new AppError('conflict', `task ${id} is already ${task.status}`);
    if (task.assignedTo && task.assignedTo !== reviewer)
      throw new AppError('conflict', `task ${id} is assigned to ${task.assignedTo}`);
    throw new AppError('conflict', `task ${id} is being reviewed by ${task.lockedBy} until ${task.lockExpiresAt}`);
  }
  return (await findTask(pool, projectId, id))!;
};

/** Locks and returns the next task for `reviewer` (their own lock first, then by priority), or null. */
export const lockNextTask = async (
  pool: pg.Pool,
  projectId: string,
  reviewer: string,
  seconds: number,
  cycleId?: string,
): Promise<TaskView | null> => {
  const { rows } = await pool.query(
    `update review_tasks set locked_by = $2, lock_expires_at = now() + make_interval(secs => $3)
     where id = (
       select id from review_tasks
       where project_id = $1 and status = 'pending' and ($4::text is null or cycle_id = $4)
         and (locked_by is null or lock_expires_at < now() or locked_by = $2)
         and (assigned_to is null or assigned_to = $2)
       order by (locked_by = $2 and lock_expires_at > now()) desc nulls last, priority desc, id
       limit 1 for update skip locked)
     returning id`,
    [projectId, reviewer, seconds, cycleId ?? null],
  );
  return rows[0] ? findTask(pool, projectId, rows[0].id) : null;
};

/** Releases the reviewer's lock (the task goes back to the queue). */
export const releaseTask = (pool: pg.Pool, projectId: string, id: string, reviewer: string) =>
  pool.query(
    `update review_tasks set locked_by = null, lock_expires_at = null where project_id = $1 and id = $2 and locked_by = $3`,
    [projectId, id, reviewer],
  );

/** Skips a task (it stays in the cycle, counted as skipped). Only its lock holder or a free task. */
export const skipTask = async (pool: pg.Pool, projectId: string, id: string, reviewer: string) => {
  await lockTask(pool, projectId, id, reviewer, 30);
  await pool.query(
    `update review_tasks set status = 'skipped', completed_at = now(), locked_by = null, lock_expires_at = null
     where project_id = $1 and id = $2`,
    [projectId, id],
  );
  return (await findTask(pool, projectId, id))!;
};

/**
 * Un-skips a task: it returns to pending, locked for `reviewer` (who is about to label it). Only a
 * skipped task: an unknown one is `not_found`, a pending or labeled one (a double un-skip) a
 * `conflict`, as is one assigned to another reviewer.
 */
export const unskipTask = async (pool: pg.Pool, projectId: string, id: string, reviewer: string, seconds: number) => {
  const result = await pool.query(
    `update review_tasks set status = 'pending', completed_at = null, locked_by = $3,
       lock_expires_at = now() + make_interval(secs => $4)
     where project_id = $1 and id = $2 and status = 'skipped' and (assigned_to is null or assigned_to = $3)`,
    [projectId, id, reviewer, seconds],
  );
  if (result.rowCount === 0) {
    const task = await findTask(pool, projectId, id);
    if (!task) throw new AppError('not_found', `no review task ${id}`);
    if (task.status !== 'skipped')
      throw new AppError(
        'conflict',
        `task ${id} is ${task.status}, not skipped: only a skipped task can be un-skipped`,
      );
    throw new AppError('conflict', `task ${id} is assigned to ${task.assignedTo}`);
  }
  return (await findTask(pool, projectId, id))!;
};

/**
 * The ids of a cycle's tasks in queue order (priority, then id) whatever their status: the
 * previous / next steps of the task page. The order does not change as tasks are labeled.
 */
export const cycleTaskOrder = async (pool: pg.Pool, projectId: string, cycleId: string, limit: number) =>
  (
    await pool.query<{ id: string; status: string }>(
      `select id, status from review_tasks where project_id = $1 and cycle_id = $2 order by priority desc, id limit $3`,
      [projectId, cycleId, limit],
    )
  ).rows;

/** Assigns a task to a reviewer (or clears the assignment with null). */
export const assignTask = async (pool: pg.Pool, projectId: string, id: string, reviewer: string | null) => {
  const result = await pool.query('update review_tasks set assigned_to = $3 where project_id = $1 and id = $2', [
    projectId,
    id,
    reviewer,
  ]);
  if (result.rowCount === 0) throw new AppError('not_found', `no review task ${id}`);
  return (await findTask(pool, projectId, id))!;
};

/** Per-cycle progress: tasks by status. */
export const cycleProgress = async (pool: pg.Pool, projectId: string, cycleId: string) => {
  const { rows } = await pool.query<{ status: string; n: number }>(
    'select status, count(*)::int as n from review_tasks where project_id = $1 and cycle_id = $2 group by status',
    [projectId, cycleId],
  );
  const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  const total = rows.reduce((a, r) => a + r.n, 0);
  return { total, pending: counts.pending ?? 0, labeled: counts.labeled ?? 0, skipped: counts.skipped ?? 0 };
};

/**
 * Withdraws the pending tasks of these traces (null: of every trace) that may not be reviewed
 * (core/consent.ts): they leave the queue as skipped with reason `consent`. Returns how many.
 */
export const withdrawUnreviewableTasks = async (
  pool: pg.Pool,
  projectId: string,
  traceIds: string[] | null,
  consentRequired: boolean,
) => {
  const result = await pool.query(
    `update review_tasks rt set status = 'skipped', skip_reason = 'consent', completed_at = now(),
       locked_by = null, lock_expires_at = null
     from traces t
     where rt.project_id = $1 and rt.status = 'pending' and ($2::text[] is null or rt.trace_id = any($2::text[]))
       and t.project_id = rt.project_id and t.trace_id = rt.trace_id and not ${reviewableSql('t', 3)}`,
    [projectId, traceIds, consentRequired],
  );
  return result.rowCount ?? 0;
};
