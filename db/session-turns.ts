import type pg from 'pg';
import { boundKey } from '../core/ingest/bounds.js';
import { TRACE_COLUMNS } from './trace-queries.js';

/** Turns a session view shows at most (a longer session shows its first ones and says so). */
export const SESSION_TURNS_LIMIT = 500;

/**
 * The traces (turns) of one conversation session, oldest first, by the session index.
 * Returns one more row than `limit` when there are more (the caller reports the cut).
 */
export const listSessionTurns = async (pool: pg.Pool, projectId: string, sessionId: string, limit: number) => {
  const { rows } = await pool.query(
    `select ${TRACE_COLUMNS} from traces
     where project_id = $1 and session_id = $2
     order by coalesce(start_time, last_span_at), trace_id limit $3`,
    [projectId, boundKey(sessionId), limit + 1],
  );
  return { turns: rows.slice(0, limit), more: rows.length > limit };
};
