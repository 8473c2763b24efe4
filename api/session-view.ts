import type pg from 'pg';
import { roleAllows } from '../core/auth.js';
import { type SessionTurn, sessionTurns } from '../core/session-turns.js';
import { unreviewableTraceIds } from '../db/consent.js';
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
  /** Turns left out for a non-admin: they have no consent to review (core/consent.ts). */
  hiddenNoConsent: number;
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
  const { turns: all, more } = await listSessionTurns(deps.pool, caller.projectId, sessionId, SESSION_TURNS_LIMIT);
  if (all.length === 0) return null;
  const hidden = roleAllows(caller.role, 'manage')
    ? new Set<string>()
    : await unreviewableTraceIds(
        deps.pool,
        caller.projectId,
        all.map((t) => t.trace_id),
      );
  const turns = all.filter((t) => !hidden.has(t.trace_id));
  if (turns.length === 0) return null;
  const red = await deps.redactTrace(caller, { sessionId, turns: sessionTurns(turns) });
  return { ...red, more, hiddenNoConsent: all.length - turns.length };
};
