import { sql } from 'drizzle-orm';
import { generateSessionToken, hashApiKey, type Role } from '../core/auth.js';
import type { KeyIdentity } from './api-keys.js';
import type { Db } from './connection.js';

/** How long sessions live: absolute lifetime and idle timeout, in seconds. */
export interface SessionLimits {
  maxAgeSeconds: number;
  idleSeconds: number;
}

/**
 * Opens a web session for a key and returns its token (the cookie value; only its hash is
 * stored). Also drops sessions that have ended, so the table stays small.
 */
export const createSession = async (db: Db, key: KeyIdentity, limits: SessionLimits) => {
  const token = generateSessionToken();
  await db.execute(sql`
    delete from sessions
    where expires_at < now() or last_seen_at < now() - make_interval(secs => ${limits.idleSeconds})`);
  await db.execute(sql`
    insert into sessions (token_hash, key_id, project_id, expires_at)
    values (${hashApiKey(token)}, ${key.keyId}, ${key.projectId}, now() + make_interval(secs => ${limits.maxAgeSeconds}))`);
  return token;
};

/**
 * The identity behind a live session, or null: the session must be unexpired, not idle past the
 * limit, and its key unrevoked. A hit counts as activity (resets the idle clock).
 */
export const findSession = async (db: Db, token: string, limits: SessionLimits): Promise<KeyIdentity | null> => {
  const { rows } = await db.execute<{
    project_id: string;
    role: string;
    id: string;
    label: string | null;
    key_prefix: string;
  }>(sql`
    update sessions s set last_seen_at = now()
    from api_keys k
    where s.token_hash = ${hashApiKey(token)} and k.id = s.key_id and k.revoked_at is null
      and s.expires_at > now() and s.last_seen_at > now() - make_interval(secs => ${limits.idleSeconds})
    returning k.id, k.project_id, k.role, k.label, k.key_prefix`);
  const row = rows[0];
  return row
    ? {
        projectId: row.project_id,
        role: row.role as Role,
        keyId: row.id,
        name: row.label ?? `key ${row.key_prefix}…`,
      }
    : null;
};

/** Ends a session (sign-out). Unknown tokens are ignored. */
export const deleteSession = async (db: Db, token: string) => {
  await db.execute(sql`delete from sessions where token_hash = ${hashApiKey(token)}`);
};
