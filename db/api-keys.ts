import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { generateApiKey, hashApiKey, type Role } from '../core/auth.js';
import type { Db } from './connection.js';
import { KEY_REVOKED_CHANNEL } from './key-revocations.js';
import { apiKeys, sessions } from './schema/ingest.js';

/** Who acts with a key: labels and other records are attributed to this name. */
export interface KeyIdentity {
  projectId: string;
  role: Role;
  keyId: string;
  /** The key's label, else its prefix. */
  name: string;
}

/** A key as an admin sees it: never the key itself (only its first characters). */
export interface ApiKeyView {
  id: string;
  role: Role;
  label: string | null;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const nameOf = (label: string | null, prefix: string) => label ?? `key ${prefix}…`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Creates a key and returns it in clear: the only time it is ever visible. */
export const createApiKey = async (db: Db, projectId: string, role: Role, label?: string) =>
  (await createApiKeyWithView(db, projectId, role, label)).key;

/** Creates a key; returns it in clear (the only time) with its listing row. */
export const createApiKeyWithView = async (db: Db, projectId: string, role: Role, label?: string | null) => {
  const key = generateApiKey();
  const [row] = await db
    .insert(apiKeys)
    .values({ projectId, role, keyHash: hashApiKey(key), keyPrefix: key.slice(0, 8), label: label ?? null })
    .returning();
  return { key, view: toView(row!) };
};

const toView = (row: typeof apiKeys.$inferSelect): ApiKeyView => ({
  id: row.id,
  role: row.role as Role,
  label: row.label,
  prefix: row.keyPrefix,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: iso(row.lastUsedAt),
  revokedAt: iso(row.revokedAt),
});

/**
 * The identity of a live (unrevoked) key, or null. Records that the key was used, at most once
 * a minute, in the same statement.
 */
export const findApiKey = async (db: Db, key: string): Promise<KeyIdentity | null> => {
  const { rows } = await db.execute<{
    project_id: string;
    role: string;
    id: string;
    label: string | null;
    key_prefix: string;
  }>(sql`
    with k as (
      select id, project_id, role, label, key_prefix, last_used_at from api_keys
      where key_hash = ${hashApiKey(key)} and revoked_at is null
    ), used as (
      update api_keys set last_used_at = now() from k
      where api_keys.id = k.id and (k.last_used_at is null or k.last_used_at < now() - interval '60 seconds')
    )
    select id, project_id, role, label, key_prefix from k`);
  const row = rows[0];
  return row
    ? { projectId: row.project_id, role: row.role as Role, keyId: row.id, name: nameOf(row.label, row.key_prefix) }
    : null;
};

/** A project's keys, newest first, revoked ones included (marked). */
export const listApiKeys = async (db: Db, projectId: string): Promise<ApiKeyView[]> =>
  (await db.select().from(apiKeys).where(eq(apiKeys.projectId, projectId)).orderBy(desc(apiKeys.createdAt))).map(
    toView,
  );

/** One key of a project, or null (another project's key is null too). */
export const findApiKeyById = async (db: Db, projectId: string, id: string): Promise<ApiKeyView | null> => {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.id, id)))
    .limit(1);
  return row ? toView(row) : null;
};

/**
 * Revokes a key of `projectId` (null: any project, for the operator's CLI) and ends its web
 * sessions, in one transaction: from the commit on, neither the key nor a session opened with it
 * authenticates, and every server is notified to drop its cached lookups. Revoking a revoked key is a no-op that returns it. Unknown id: null.
 */
export const revokeApiKey = async (db: Db, projectId: string | null, id: string) =>
  db.transaction(async (tx) => {
    const scope = projectId === null ? eq(apiKeys.id, id) : and(eq(apiKeys.id, id), eq(apiKeys.projectId, projectId));
    await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(scope, isNull(apiKeys.revokedAt)));
    const [row] = await tx.select().from(apiKeys).where(scope).limit(1);
    if (!row) return null;
    await tx.delete(sessions).where(eq(sessions.keyId, id));
    // Delivered on commit: every server drops its cached key lookups (db/key-revocations.ts).
    await tx.execute(sql`select pg_notify(${KEY_REVOKED_CHANNEL}, ${id})`);
    return { projectId: row.projectId, view: toView(row) };
  });
