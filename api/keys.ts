import { Hono } from 'hono';
import { z } from 'zod';
import { roles } from '../core/auth.js';
import { AppError } from '../core/errors.js';
import { createApiKeyWithView, listApiKeys, revokeApiKey } from '../db/api-keys.js';
import type { Db } from '../db/connection.js';
import { type AppEnv, type KeyLookup, requirePermission } from './auth.js';
import { validate } from './validate.js';

export interface KeyRouteDeps {
  db: Db;
  lookupKey: KeyLookup;
  /** Called after a revocation: drops cached lookups so the key stops at once in this process. */
  onRevoke: () => void;
}

export const createBody = z.object({
  role: z.enum(roles).describe('ingest | review | ci | admin'),
  label: z.string().trim().min(1).max(200).optional().describe("who or what uses it (e.g. a reviewer's name)"),
});

export const keyParam = z.object({ id: z.uuid('a key id is a UUID (see GET /api/keys)') });

/**
 * The project's API keys (admin): list (never the keys themselves), create (the key is in the
 * answer, the only time it is shown), revoke (the key and its web sessions stop at once).
 */
export const createKeyRoutes = (deps: KeyRouteDeps) => {
  const app = new Hono<AppEnv>();
  app.use('*', requirePermission(deps.lookupKey, 'manage'));

  app.get('/', async (c) => c.json({ keys: await listApiKeys(deps.db, c.get('caller').projectId) }));

  app.post('/', validate('json', createBody), async (c) => {
    const body = c.req.valid('json');
    const { key, view } = await createApiKeyWithView(deps.db, c.get('caller').projectId, body.role, body.label);
    return c.json({ key: view, secret: key }, 201);
  });

  app.post('/:id/revoke', validate('param', keyParam), async (c) => {
    const id = c.req.valid('param').id;
    const revoked = await revokeApiKey(deps.db, c.get('caller').projectId, id);
    if (!revoked) throw new AppError('not_found', `no API key ${id} in this project`);
    deps.onRevoke();
    return c.json({ key: revoked.view });
  });

  return app;
};
