import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { listLabels, recordLabel } from '../db/labels.js';
import { getTrace } from '../db/trace-queries.js';
import type { AnnotateDeps } from './annotate-deps.js';
import { type AppEnv, requirePermission } from './auth.js';
import { validate } from './validate.js';

const traceId = z.string().regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hex characters');

const labelBody = z
  .object({
    id: z.uuid('id: a client-generated UUID, so that repeating the request is harmless'),
    traceId,
    taskId: z.uuid().optional(),
    failureMode: z.string().min(1).nullable().describe('the failure mode key, or null for "no failure"'),
    verdict: z.enum(['fail', 'pass']).optional().describe('for that mode; "no failure" is always pass'),
    score: z.number().min(0).max(1).optional().describe('graded modes: 0..1'),
    critique: z.string().max(20_000).optional(),
    supersedes: z.uuid().optional().describe('the label this one corrects'),
  })
  .refine((b) => b.failureMode !== null || b.verdict !== 'fail', {
    message: '"no failure" cannot have verdict fail',
    path: ['verdict'],
  })
  .refine((b) => b.failureMode === null || b.verdict !== undefined || b.score !== undefined, {
    message: 'a failure mode label needs a verdict (or a score for graded modes)',
    path: ['verdict'],
  });

/** `POST /api/labels` (append-only, idempotent on the client id) and `GET /api/labels?traceId=`. */
export const createLabelRoutes = (deps: AnnotateDeps) => {
  const app = new Hono<AppEnv>();
  app.use('*', requirePermission(deps.lookupKey, 'review'));

  app.post('/', validate('json', labelBody), async (c) => {
    const body = c.req.valid('json');
    const caller = c.get('caller');
    const verdict = body.verdict ?? (body.score !== undefined && body.score < 0.5 ? 'fail' : 'pass');
    const { label, created } = await recordLabel(deps.pool, {
      id: body.id,
      projectId: caller.projectId,
      traceId: body.traceId.toLowerCase(),
      taskId: body.taskId ?? null,
      failureModeKey: body.failureMode,
      verdict,
      score: body.score ?? null,
      critique: body.critique ?? null,
      reviewer: caller.name,
      supersedes: body.supersedes ?? null,
    });
    if (created && label.taskId) await deps.notifyLabel(caller.projectId, label.taskId, label.id);
    return c.json({ label }, created ? 201 : 200);
  });

  app.get(
    '/',
    validate(
      'query',
      z.object({ traceId: traceId.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    ),
    async (c) => {
      const q = c.req.valid('query');
      if (q.traceId && !(await getTrace(deps.pool, c.get('caller').projectId, q.traceId.toLowerCase())))
        throw new AppError('not_found', `no trace ${q.traceId} in this project`, { field: 'traceId' });
      const labels = await listLabels(deps.pool, {
        projectId: c.get('caller').projectId,
        traceId: q.traceId,
        limit: q.limit,
      });
      return c.json({ labels: await deps.redactTrace(c.get('caller'), labels) });
    },
  );

  app.on(['PUT', 'PATCH', 'DELETE'], '*', () => {
    throw new AppError('bad_request', 'labels are append-only: POST a new label with "supersedes" to correct one');
  });
  return app;
};
