import { Hono } from 'hono';
import { z } from 'zod';
import { roleAllows } from '../core/auth.js';
import { createFailureMode, listFailureModes, reviseRubric, setFailureModeStatus } from '../db/failure-modes.js';
import type { AnnotateDeps } from './annotate-deps.js';
import { type AppEnv, requirePermission } from './auth.js';
import { validate } from './validate.js';

const modeKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,62}$/, 'a key is 2–63 lower-case letters, digits or underscores, starting with a letter');

export const createBody = z.object({
  key: modeKey,
  title: z.string().min(1).max(200),
  rubric: z.string().min(1).max(20_000).describe('what counts as this failure, for reviewers and judges'),
  graded: z.boolean().default(false),
});

/** A rubric revision (`POST /api/failure-modes/:key/rubric`, and the failure mode page's form). */
export const rubricBody = z.object({
  rubric: z
    .string()
    .trim()
    .min(1, 'write the rubric: what counts as this failure')
    .max(20_000, 'a rubric is at most 20,000 characters'),
});

/** A status change (`POST /api/failure-modes/:key/status`, and the failure mode page's buttons). */
export const statusBody = z.object({ status: z.enum(['active', 'proposed', 'retired']) });

/**
 * The failure-mode taxonomy. Reviewers may propose a mode while labeling (status `proposed`);
 * admins create active modes, revise rubrics (a new version each time) and activate or retire modes.
 */
export const createFailureModeRoutes = (deps: AnnotateDeps) => {
  const app = new Hono<AppEnv>();
  const review = requirePermission(deps.lookupKey, 'review');
  const manage = requirePermission(deps.lookupKey, 'manage');

  app.get('/', review, async (c) =>
    c.json({ failureModes: await listFailureModes(deps.pool, c.get('caller').projectId) }),
  );

  app.post('/', review, validate('json', createBody), async (c) => {
    const body = c.req.valid('json');
    const caller = c.get('caller');
    const mode = await createFailureMode(deps.pool, {
      projectId: caller.projectId,
      ...body,
      status: roleAllows(caller.role, 'manage') ? 'active' : 'proposed',
      createdBy: caller.name,
    });
    return c.json({ failureMode: mode }, 201);
  });

  app.post('/:key/rubric', manage, validate('json', rubricBody), async (c) => {
    const caller = c.get('caller');
    return c.json({
      failureMode: await reviseRubric(
        deps.pool,
        caller.projectId,
        c.req.param('key'),
        c.req.valid('json').rubric,
        caller.name,
      ),
    });
  });

  app.post('/:key/status', manage, validate('json', statusBody), async (c) =>
    c.json({
      failureMode: await setFailureModeStatus(
        deps.pool,
        c.get('caller').projectId,
        c.req.param('key'),
        c.req.valid('json').status,
      ),
    }),
  );
  return app;
};
