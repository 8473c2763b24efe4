import { Hono, type MiddlewareHandler } from 'hono';
import { type Role, roles } from '../core/auth.js';
import { createApiKeyWithView, findApiKeyById, listApiKeys, revokeApiKey } from '../db/api-keys.js';
import { ErrorPage } from './error-page.js';
import { KeysPage } from './keys-page.js';
import { requireRole } from './require-role.js';
import { isUuid, type WebDeps, type WebEnv } from './web-env.js';

/**
 * The admin page for API keys: list, create (shown once), revoke. Plain form posts (the app's
 * CSRF check applies to them like to every cookie-authenticated mutation).
 */
export const createKeyPages = (deps: WebDeps, signedIn: MiddlewareHandler<WebEnv>) => {
  const app = new Hono<WebEnv>();
  const adminOnly = requireRole('manage', 'manage API keys');

  const page = async (
    c: Parameters<MiddlewareHandler<WebEnv>>[0],
    extra: Omit<Parameters<typeof KeysPage>[0], 'who' | 'ownKeyId' | 'keys'> = {},
  ) => {
    const caller = c.get('caller');
    const keys = await listApiKeys(deps.db, caller.projectId);
    return <KeysPage who={caller.name} ownKeyId={caller.keyId} keys={keys} {...extra} />;
  };

  app.get('/keys', signedIn, adminOnly, async (c) => {
    const revokedId = c.req.query('revoked');
    const revoked =
      revokedId && isUuid(revokedId) ? await findApiKeyById(deps.db, c.get('caller').projectId, revokedId) : null;
    return c.html(await page(c, { revoked: revoked ?? undefined }));
  });

  app.post('/keys', signedIn, adminOnly, async (c) => {
    const form = await c.req.parseBody();
    const role = typeof form.role === 'string' && (roles as readonly string[]).includes(form.role) ? form.role : null;
    const label = typeof form.label === 'string' ? form.label.trim().slice(0, 200) : '';
    if (!role) return c.html(await page(c, { error: `Pick a role: ${roles.join(', ')}.` }), 400);
    const created = await createApiKeyWithView(deps.db, c.get('caller').projectId, role as Role, label || null);
    return c.html(await page(c, { created }), 201);
  });

  app.post('/keys/:id/revoke', signedIn, adminOnly, async (c) => {
    const caller = c.get('caller');
    const id = c.req.param('id');
    const revoked = isUuid(id) ? await revokeApiKey(deps.db, caller.projectId, id) : null;
    if (!revoked) return c.html(<ErrorPage who={caller.name} title="No such key" message={`No API key ${id}.`} />, 404);
    deps.onKeyRevoked();
    return c.redirect(revoked.view.id === caller.keyId ? '/login' : `/keys?revoked=${revoked.view.id}`, 303);
  });

  return app;
};
