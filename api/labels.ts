import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { hiddenLabelCount, listLabels, recordLabel } from '../db/labels.js';
import { getTrace } from '../db/trace-queries.js';
import type { AnnotateDeps } from './annotate-deps.js';
import { type AppEnv, requirePermission } from './auth.js';
import { labelBody, toNewLabel, traceIdSchema } from './label-body.js';
import { validate } from './validate.js';

export const labelQuery = z.object({
  traceId: traceIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/**
 * `POST /api/labels` (append-only, idempotent on the client id; a label covers every failure mode
 * it judged, see label-body.ts) and `GET /api/labels?traceId=` (each label with its covered modes;
 * other reviewers' labels on a trace still out for blind double review are withheld, and counted).
 */
export const createLabelRoutes = (deps: AnnotateDeps) => {
  const app = new Hono<AppEnv>();
  app.use('*', requirePermission(deps.lookupKey, 'review'));

  app.post('/', validate('json', labelBody), async (c) => {
    const caller = c.get('caller');
    const { label, created } = await recordLabel(deps.pool, toNewLabel(c.req.valid('json'), caller));
    if (created && label.taskId) await deps.notifyLabel(caller.projectId, label.taskId, label.id);
    return c.json({ label }, created ? 201 : 200);
  });

  app.get('/', validate('query', labelQuery), async (c) => {
    const q = c.req.valid('query');
    if (q.traceId && !(await getTrace(deps.pool, c.get('caller').projectId, q.traceId.toLowerCase())))
      throw new AppError('not_found', `no trace ${q.traceId} in this project`, { field: 'traceId' });
    const caller = c.get('caller');
    const traceId = q.traceId?.toLowerCase();
    const labels = await listLabels(deps.pool, {
      projectId: caller.projectId,
      traceId,
      limit: q.limit,
      viewer: caller.name,
    });
    // Blind double review: other reviewers' labels stay out until both copies are labeled; say how many.
    const hidden = traceId ? await hiddenLabelCount(deps.pool, caller.projectId, traceId, caller.name) : undefined;
    return c.json({
      labels: await deps.redactTrace(caller, labels),
      ...(hidden ? { hiddenUntilDoubleReviewDone: hidden } : {}),
    });
  });

  app.on(['PUT', 'PATCH', 'DELETE'], '*', () => {
    throw new AppError('bad_request', 'labels are append-only: POST a new label with "supersedes" to correct one');
  });
  return app;
};
