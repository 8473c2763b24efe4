import type pg from 'pg';
import { AppError } from '../core/errors.js';

/** Longest queue instructions an admin may set (characters). */
export const MAX_INSTRUCTIONS = 4000;

/** The instructions an admin wrote for a project's reviewers (plain text), with who wrote them and when. */
export interface QueueInstructions {
  text: string;
  updatedBy: string;
  updatedAt: string;
}

const isInstructions = (v: unknown): v is QueueInstructions =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as QueueInstructions).text === 'string' &&
  typeof (v as QueueInstructions).updatedBy === 'string' &&
  typeof (v as QueueInstructions).updatedAt === 'string';

/** The project's queue instructions (kept in `projects.settings.queueInstructions`), or null when none are set. */
export const getQueueInstructions = async (pool: pg.Pool, projectId: string): Promise<QueueInstructions | null> => {
  const { rows } = await pool.query<{ v: unknown }>(
    `select settings -> 'queueInstructions' as v from projects where id = $1`,
    [projectId],
  );
  const v = rows[0]?.v;
  return isInstructions(v) && v.text !== '' ? v : null;
};

/** Sets (an empty text clears) the project's queue instructions; other settings are left as they are. */
export const setQueueInstructions = async (
  pool: pg.Pool,
  projectId: string,
  text: string,
  updatedBy: string,
): Promise<QueueInstructions | null> => {
  const value: QueueInstructions = { text, updatedBy, updatedAt: new Date().toISOString() };
  const result = await pool.query(
    `update projects set settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{queueInstructions}', $2::jsonb)
     where id = $1`,
    [projectId, JSON.stringify(value)],
  );
  if (result.rowCount === 0) throw new AppError('not_found', `no project ${projectId}`);
  return text === '' ? null : value;
};
