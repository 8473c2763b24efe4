import { Hono } from 'hono';
import { z } from 'zod';
import { recordFeedback } from '../db/feedback.js';
import type { AnnotateDeps } from './annotate-deps.js';
import { type AppEnv, requirePermission } from './auth.js';
import { validate } from './validate.js';

export const feedbackBody = z.object({
  traceId: z.string().regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hex characters'),
  score: z.number().min(0).max(1).describe('0 = bad, 1 = good (thumbs down = 0, thumbs up = 1)'),
  comment: z.string().max(5_000).optional(),
  source: z.string().max(200).optional(),
});

/**
 * `POST /api/feedback`: explicit end-user feedback on a trace (an ingest key, like the app's
 * exporter). It reopens the trace's rollup so its user_feedback signal is recomputed.
 */
export const createFeedbackRoutes = (deps: AnnotateDeps) => {
  const app = new Hono<AppEnv>();
  app.post('/', requirePermission(deps.lookupKey, 'ingest'), validate('json', feedbackBody), async (c) => {
    const body = c.req.valid('json');
    await recordFeedback(deps.pool, {
      projectId: c.get('caller').projectId,
      traceId: body.traceId.toLowerCase(),
      score: body.score,
      comment: body.comment ?? null,
      source: body.source ?? null,
    });
    return c.json({ recorded: true }, 201);
  });
  return app;
};
