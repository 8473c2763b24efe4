import type pg from 'pg';
import { AppError } from '../core/errors.js';

export interface FailureModeView {
  id: string;
  key: string;
  title: string;
  status: string;
  graded: boolean;
  rubric: string;
  rubricVersion: number;
  createdBy: string;
  createdAt: string;
}

const SELECT_MODES = `
  select m.id, m.key, m.title, m.status, m.graded, m.created_by as "createdBy", m.created_at::text as "createdAt",
         r.rubric, r.version as "rubricVersion"
  from failure_modes m
  join lateral (select rubric, version from rubric_versions where failure_mode_id = m.id order by version desc limit 1) r
    on true`;

/** The project's failure modes with their current rubric, in key order. */
export const listFailureModes = async (pool: pg.Pool, projectId: string): Promise<FailureModeView[]> =>
  (await pool.query(`${SELECT_MODES} where m.project_id = $1 order by m.key`, [projectId])).rows;

export const findFailureMode = async (pool: pg.Pool, projectId: string, key: string): Promise<FailureModeView | null> =>
  (await pool.query(`${SELECT_MODES} where m.project_id = $1 and m.key = $2`, [projectId, key])).rows[0] ?? null;

/** Creates a failure mode with rubric version 1. */
export const createFailureMode = async (
  pool: pg.Pool,
  input: {
    projectId: string;
    key: string;
    title: string;
    rubric: string;
    graded: boolean;
    status: string;
    createdBy: string;
  },
) => {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const inserted = await client.query(
      `insert into failure_modes (project_id, key, title, status, graded, created_by) values ($1, $2, $3, $4, $5, $6)
       on conflict (project_id, key) do nothing returning id`,
      [input.projectId, input.key, input.title, input.status, input.graded, input.createdBy],
    );
    if (inserted.rowCount === 0)
      throw new AppError('conflict', `failure mode "${input.key}" already exists`, { field: 'key' });
    await client.query(
      'insert into rubric_versions (failure_mode_id, version, rubric, created_by) values ($1, 1, $2, $3)',
      [inserted.rows[0].id, input.rubric, input.createdBy],
    );
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
  return (await findFailureMode(pool, input.projectId, input.key))!;
};

/** Adds a rubric version (the old ones stay: labels name the version they were made under). */
export const reviseRubric = async (
  pool: pg.Pool,
  projectId: string,
  key: string,
  rubric: string,
  createdBy: string,
) => {
  const mode = await findFailureMode(pool, projectId, key);
  if (!mode) throw new AppError('not_found', `no failure mode "${key}"`);
  await pool.query(
    `insert into rubric_versions (failure_mode_id, version, rubric, created_by)
     select $1, coalesce(max(version), 0) + 1, $2, $3 from rubric_versions where failure_mode_id = $1`,
    [mode.id, rubric, createdBy],
  );
  return (await findFailureMode(pool, projectId, key))!;
};

/** Activates a proposed mode (or retires one). */
export const setFailureModeStatus = async (pool: pg.Pool, projectId: string, key: string, status: string) => {
  const result = await pool.query('update failure_modes set status = $3 where project_id = $1 and key = $2', [
    projectId,
    key,
    status,
  ]);
  if (result.rowCount === 0) throw new AppError('not_found', `no failure mode "${key}"`);
  return (await findFailureMode(pool, projectId, key))!;
};

export interface RubricVersionView {
  version: number;
  rubric: string;
  createdBy: string;
  createdAt: string;
}

/** Every rubric version of a failure mode, newest first. */
export const listRubricVersions = async (pool: pg.Pool, failureModeId: string): Promise<RubricVersionView[]> =>
  (
    await pool.query(
      `select version, rubric, created_by as "createdBy", created_at::text as "createdAt"
       from rubric_versions where failure_mode_id = $1 order by version desc`,
      [failureModeId],
    )
  ).rows;
