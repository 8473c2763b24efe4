import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { type AppEnv, type KeyLookup, requirePermission } from './auth.js';
import { loadSessionView, type SessionViewDeps } from './session-view.js';
import { validate } from './validate.js';

export interface SessionRouteDeps extends SessionViewDeps {
  lookupKey: KeyLookup;
}

export const sessionParam = z.object({ id: z.string().min(1).max(100_000) });

/**
 * `GET /api/sessions/:id`: every turn (trace) of one conversation session, oldest first, with its
 * input, output and anomaly signals; a re-submission names the earlier turn it repeats.
 */
export const createSessionRoutes = (deps: SessionRouteDeps) => {
  const app = new Hono<AppEnv>();
  app.use('*', requirePermission(deps.lookupKey, 'read_traces'));
  app.get('/:id', validate('param', sessionParam), async (c) => {
    const id = c.req.valid('param').id;
    const view = await loadSessionView(deps, c.get('caller'), id);
    if (!view) throw new AppError('not_found', 'no trace of this project belongs to that session');
    return c.json(view);
  });
  return app;
};
