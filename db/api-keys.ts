import { and, eq, isNull } from 'drizzle-orm';
import { generateApiKey, hashApiKey, type Role } from '../core/auth.js';
import type { Db } from './connection.js';
import { apiKeys } from './schema/ingest.js';

/** Creates a key and returns it in clear: the only time it is ever visible. */
export const createApiKey = async (db: Db, projectId: string, role: Role, label?: string) => {
  const key = generateApiKey();
  await db.insert(apiKeys).values({ projectId, role, keyHash: hashApiKey(key), keyPrefix: key.slice(0, 8), label });
  return key;
};

/**
 * The project, role and identity of a live key, or null. `name` is who acts with it (the
 * key's label, else its prefix): labels and other records are attributed to it.
 */
export const findApiKey = async (
  db: Db,
  key: string,
): Promise<{ projectId: string; role: Role; keyId: string; name: string } | null> => {
  const rows = await db
    .select({
      projectId: apiKeys.projectId,
      role: apiKeys.role,
      id: apiKeys.id,
      label: apiKeys.label,
      prefix: apiKeys.keyPrefix,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  const row = rows[0];
  return row
    ? { projectId: row.projectId, role: row.role as Role, keyId: row.id, name: row.label ?? `key ${row.prefix}…` }
    : null;
};
