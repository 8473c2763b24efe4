import type pg from 'pg';
import { AppError } from '../core/errors.js';

export interface NewLabel {
  /** Client-supplied: repeating the same request is harmless. */
  id: string;
  projectId: string;
  traceId: string;
  taskId: string | null;
  /** null = "no failure". */
  failureModeKey: string | null;
  verdict: 'fail' | 'pass';
  score: number | null;
  critique: string | null;
  reviewer: string;
  supersedes: string | null;
}

export interface LabelView {
  id: string;
  traceId: string;
  taskId: string | null;
  failureMode: string | null;
  verdict: string;
  score: number | null;
  critique: string | null;
  reviewer: string;
  rubricVersion: number | null;
  sampling: string | null;
  samplingProbability: number | null;
  supersedes: string | null;
  createdAt: string;
}

const SELECT_LABELS = `
  select l.id, l.trace_id as "traceId", l.task_id as "taskId", m.key as "failureMode", l.verdict, l.score, l.critique,
         l.reviewer, l.rubric_version as "rubricVersion", l.sampling, l.sampling_probability as "samplingProbability",
         l.supersedes, l.created_at::text as "createdAt"
  from labels l left join failure_modes m on m.id = l.failure_mode_id`;

export const findLabel = async (pool: pg.Pool, projectId: string, id: string): Promise<LabelView | null> =>
  (await pool.query(`${SELECT_LABELS} where l.project_id = $1 and l.id = $2`, [projectId, id])).rows[0] ?? null;

export const listLabels = async (
  pool: pg.Pool,
  f: { projectId: string; traceId?: string; limit: number },
): Promise<LabelView[]> => {
  const params: unknown[] = [f.projectId];
  const where = ['l.project_id = $1'];
  if (f.traceId) where.push(`l.trace_id = $${params.push(f.traceId)}`);
  params.push(f.limit);
  return (
    await pool.query(
      `${SELECT_LABELS} where ${where.join(' and ')} order by l.created_at desc limit $${params.length}`,
      params,
    )
  ).rows;
};

const sameLabel = (a: LabelView, b: NewLabel) =>
  a.traceId === b.traceId &&
  a.failureMode === b.failureModeKey &&
  a.verdict === b.verdict &&
  (a.score ?? null) === (b.score ?? null) &&
  (a.critique ?? null) === (b.critique ?? null) &&
  (a.supersedes ?? null) === (b.supersedes ?? null);

/**
 * Records a label with the rubric version in force and the task's sampling reason and
 * probability, and completes the task — in one transaction. The same id sent again returns the
 * stored label; the same id with different content is a conflict.
 */
export const recordLabel = async (pool: pg.Pool, label: NewLabel): Promise<{ label: LabelView; created: boolean }> => {
  const existing = await findLabel(pool, label.projectId, label.id);
  if (existing) {
    if (!sameLabel(existing, label)) {
      throw new AppError('conflict', `label id ${label.id} was already used for a different label`, { field: 'id' });
    }
    return { label: existing, created: false };
  }
  const client = await pool.connect();
  try {
    await client.query('begin');
    const trace = await client.query('select 1 from traces where project_id = $1 and trace_id = $2', [
      label.projectId,
      label.traceId,
    ]);
    if (trace.rowCount === 0)
      throw new AppError('not_found', `no trace ${label.traceId} in this project`, { field: 'traceId' });
    let mode: { id: string; version: number } | null = null;
    if (label.failureModeKey) {
      const found = await client.query(
        `select m.id, (select max(version) from rubric_versions r where r.failure_mode_id = m.id) as version
         from failure_modes m where m.project_id = $1 and m.key = $2 and m.status <> 'retired'`,
        [label.projectId, label.failureModeKey],
      );
      if (found.rowCount === 0)
        throw new AppError('bad_request', `failureMode: no active failure mode "${label.failureModeKey}"`, {
          field: 'failureMode',
        });
      mode = found.rows[0];
    }
    let sampling: { sampling: string; probability: number } | null = null;
    if (label.taskId) {
      const task = await client.query(
        `select sampling, probability, status, locked_by, lock_expires_at > now() as locked, trace_id
         from review_tasks where project_id = $1 and id = $2 for update`,
        [label.projectId, label.taskId],
      );
      const t = task.rows[0];
      if (!t) throw new AppError('not_found', `no review task ${label.taskId}`, { field: 'taskId' });
      if (t.trace_id !== label.traceId)
        throw new AppError('bad_request', `taskId: task ${label.taskId} is for another trace`, { field: 'taskId' });
      if (t.locked && t.locked_by !== label.reviewer)
        throw new AppError('conflict', `task ${label.taskId} is being reviewed by ${t.locked_by}`);
      sampling = { sampling: t.sampling, probability: t.probability };
    }
    if (label.supersedes) {
      const old = await client.query('select 1 from labels where project_id = $1 and id = $2', [
        label.projectId,
        label.supersedes,
      ]);
      if (old.rowCount === 0)
        throw new AppError('bad_request', `supersedes: no label ${label.supersedes}`, { field: 'supersedes' });
    }
    await client.query(
      `insert into labels (id, project_id, trace_id, task_id, failure_mode_id, verdict, score, critique, reviewer,
         rubric_version, sampling, sampling_probability, supersedes)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        label.id,
        label.projectId,
        label.traceId,
        label.taskId,
        mode?.id ?? null,
        label.verdict,
        label.score,
        label.critique,
        label.reviewer,
        mode?.version ?? null,
        sampling?.sampling ?? null,
        sampling?.probability ?? null,
        label.supersedes,
      ],
    );
    if (label.taskId) {
      await client.query(
        `update review_tasks set status = 'labeled', completed_at = now(), locked_by = null, lock_expires_at = null
         where id = $1 and status = 'pending'`,
        [label.taskId],
      );
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    if ((err as { code?: string }).code === '23505') return recordLabel(pool, label);
    throw err;
  } finally {
    client.release();
  }
  return { label: (await findLabel(pool, label.projectId, label.id))!, created: true };
};
