import type pg from 'pg';
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
  /** 1, or 2 for the second copy of a double-reviewed trace. */
  copy: number;
  /** Queued blind to two different reviewers (see core/queue/double-review.ts). */
  doubleReview: boolean;
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
         t.copy, t.double_review as "doubleReview", t.assigned_to as "assignedTo",
         case when t.lock_expires_at > now() then t.locked_by end as "lockedBy",
         case when t.lock_expires_at > now() then t.lock_expires_at::text end as "lockExpiresAt",
         tr.input, tr.output, tr.start_time::text as "startTime"
  from review_tasks t left join traces tr on tr.project_id = t.project_id and tr.trace_id = t.trace_id`;

/**
 * SQL: task `t` is not the other copy of a double-reviewed trace that `reviewer` (a parameter)
 * holds a live lock on, is assigned, or already labeled — the same reviewer never gets both copies.
 */
const notOtherCopyOf = (t: string, reviewer: string) => `not exists (
  select 1 from review_tasks s
  where s.cycle_id = ${t}.cycle_id and s.trace_id = ${t}.trace_id and s.id <> ${t}.id
    and (s.assigned_to = ${reviewer} or (s.locked_by = ${reviewer} and s.lock_expires_at > now())
         or exists (select 1 from labels l where l.task_id = s.id and l.reviewer = ${reviewer})))`;

const otherCopyMessage = (id: string) =>
  `task ${id} is the second copy of a double-reviewed trace whose other copy you hold or labeled: ` +
  'another reviewer must label it (double review is blind, by two different reviewers)';

/**
 * Adds planned tasks to a cycle; a trace already in the cycle is skipped. Traces in `double` get
 * a second, blind copy (copy 2) for another reviewer. Returns the traces added and the copies added.
 */
export const insertTasks = async (
  pool: pg.Pool,
  projectId: string,
  cycleId: string,
  tasks: PlannedTask[],
  double: ReadonlySet<string> = new Set(),
) => {
  if (tasks.length === 0) return { added: 0, copies: 0 };
  const rows = tasks.flatMap((t) =>
    (double.has(t.traceId) ? [1, 2] : [1]).map((copy) => ({
      trace_id: t.traceId,
      sampling: t.sampling,
      stratum: t.stratum,
      probability: t.probability,
      priority: t.priority,
      reasons: t.reasons,
      duplicate_count: t.duplicateCount,
      duplicate_trace_ids: t.duplicateTraceIds,
      copy,
      double_review: double.has(t.traceId),
    })),
  );
  const { rows: inserted } = await pool.query<{ copy: number }>(
    `insert into review_tasks (project_id, cycle_id, trace_id, sampling, stratum, probability, priority, reasons,
       duplicate_count, duplicate_trace_ids, copy, double_review)
     select $1, $2, x.trace_id, x.sampling, x.stratum, x.probability, x.priority, x.reasons, x.duplicate_count,
       x.duplicate_trace_ids, x.copy, x.double_review
     from json_to_recordset($3::json) as x(trace_id text, sampling text, stratum text, probability float8,
       priority float8, reasons jsonb, duplicate_count int, duplicate_trace_ids jsonb, copy smallint, double_review boolean)
     on conflict (cycle_id, trace_id, copy) do nothing
     returning copy`,
    [projectId, cycleId, JSON.stringify(rows)],
  );
  return { added: inserted.filter((r) => r.copy === 1).length, copies: inserted.filter((r) => r.copy === 2).length };
};

/**
 * What a cycle already holds: its queued traces (a double-reviewed trace counts once: the budget
 * is in traces), the traces they cover (queued ones plus the near-duplicates collapsed into them),
 * and how many were random picks.
 */
export const cycleContents = async (pool: pg.Pool, cycleId: string) => {
  const { rows } = await pool.query<{ trace_id: string; sampling: string; duplicate_trace_ids: string[] }>(
    'select trace_id, sampling, duplicate_trace_ids from review_tasks where cycle_id = $1 and copy = 1',
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
    `update review_tasks t set locked_by = $3, lock_expires_at = now() + make_interval(secs => $4)
     where t.project_id = $1 and t.id = $2 and t.status = 'pending'
       and (t.locked_by is null or t.lock_expires_at < now() or t.locked_by = $3)
       and (t.assigned_to is null or t.assigned_to = $3)
       and ${notOtherCopyOf('t', '$3')}`,
    [projectId, id, reviewer, seconds],
  );
  if (result.rowCount === 0) {
    const task = await findTask(pool, projectId, id);
    if (!task) throw new AppError('not_found', `no review task ${id}`);
    if (task.status !== 'pending') throw new AppError('conflict', `task ${id} is already ${task.status}`);
    if (task.assignedTo && task.assignedTo !== reviewer)
      throw new AppError('conflict', `task ${id} is assigned to ${task.assignedTo}`);
    if (task.doubleReview && (await holdsOtherCopy(pool, id, reviewer)))
      throw new AppError('conflict', otherCopyMessage(id));
    throw new AppError('conflict', `task ${id} is being reviewed by ${task.lockedBy} until ${task.lockExpiresAt}`);
  }
  return (await findTask(pool, projectId, id))!;
};

/** Whether `reviewer` holds, is assigned or labeled the other copy of double-reviewed task `id`. */
const holdsOtherCopy = async (pool: pg.Pool, id: string, reviewer: string) =>
  (
    await pool.query(`select 1 from review_tasks t where t.id = $1 and not ${notOtherCopyOf('t', '$2')}`, [
      id,
      reviewer,
    ])
  ).rowCount !== 0;

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
       select c.id from review_tasks c
       where c.project_id = $1 and c.status = 'pending' and ($4::text is null or c.cycle_id = $4)
         and (c.locked_by is null or c.lock_expires_at < now() or c.locked_by = $2)
         and (c.assigned_to is null or c.assigned_to = $2)
         and ${notOtherCopyOf('c', '$2')}
       order by (c.locked_by = $2 and c.lock_expires_at > now()) desc nulls last, c.priority desc, c.copy, c.id
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

/** Assigns a task to a reviewer (or clears the assignment with null); never both copies of a double-reviewed trace to one reviewer. */
export const assignTask = async (pool: pg.Pool, projectId: string, id: string, reviewer: string | null) => {
  if (reviewer !== null && (await holdsOtherCopy(pool, id, reviewer)))
    throw new AppError(
      'conflict',
      `task ${id} is the other copy of a double-reviewed trace that ${reviewer} holds or labeled: assign it to another reviewer`,
    );
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
