import type pg from 'pg';
import { AppError } from '../core/errors.js';

/**
 * Records end-user feedback on a trace and reopens the trace, so the next close recomputes its
 * signals (user_feedback among them).
 */
export const recordFeedback = async (
  pool: pg.Pool,
  f: { projectId: string; traceId: string; score: number; comment: string | null; source: string | null },
) => {
  const reopened = await pool.query(`update traces set status = 'open' where project_id = $1 and trace_id = $2`, [
    f.projectId,
    f.traceId,
  ]);
  if (reopened.rowCount === 0)
    throw new AppError('not_found', `no trace ${f.traceId} in this project`, { field: 'traceId' });
  await pool.query('insert into feedback (project_id, trace_id, score, comment, source) values ($1, $2, $3, $4, $5)', [
    f.projectId,
    f.traceId,
    f.score,
    f.comment,
    f.source,
  ]);
};
