import type pg from 'pg';
import { type SessionTurn, sessionTurns } from '../core/session-turns.js';
import { listSessionTurns, SESSION_TURNS_LIMIT } from '../db/session-turns.js';
import type { Caller } from './auth.js';

export interface SessionViewDeps {
  pool: pg.Pool;
  redactTrace: <T>(caller: Caller, value: T) => Promise<T>;
}

/** One session as the API and the session page show it, redacted for the caller. */
export interface SessionView {
  /** The session id as the caller may see it (redacted when it holds personal data). */
  sessionId: string;
  turns: SessionTurn[];
  /** More turns exist than the view holds (the first ones are shown). */
  more: boolean;
}

/**
 * Every turn of one session in time order, or null when it has none. One redaction for the
 * whole session: the same value gets the same placeholder on every turn.
 */
export const loadSessionView = async (
  deps: SessionViewDeps,
  caller: Caller,
  sessionId: string,
): Promise<SessionView | null> => {
  const { turns, more } = await listSessionTurns(deps.pool, caller.projectId, sessionId, SESSION_TURNS_LIMIT);
  if (turns.length === 0) return null;
  const red = await deps.redactTrace(caller, { sessionId, turns: sessionTurns(turns) });
  return { ...red, more };
};
