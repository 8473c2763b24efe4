import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { findCycle } from '../db/cycles.js';
import { getQueueInstructions, MAX_INSTRUCTIONS, setQueueInstructions } from '../db/queue-instructions.js';
import {
  assignTask,
  cycleProgress,
  findTask,
  listTasks,
  lockNextTask,
  lockTask,
  releaseTask,
  skipTask,
  unskipTask,
} from '../db/review-tasks.js';
import type { AnnotateDeps } from './annotate-deps.js';
import { type AppEnv, requirePermission } from './auth.js';
import { isoInstant, validate } from './validate.js';

export const listQuery = z.object({
  cycle: z.string().min(1).optional(),
  status: z.enum(['pending', 'labeled', 'skipped']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const fillBody = z.object({
  from: isoInstant.describe('window start (inclusive)'),
  to: isoInstant.describe('window end (exclusive)'),
  budget: z.number().int().min(0).max(10_000).optional().describe('tasks for this cycle (default 120)'),
  randomFraction: z.number().min(0).max(1).optional().describe('share drawn uniformly at random (default 0.1)'),
  doubleReviewShare: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      "share of the added traces queued blind to two reviewers (default: the project's review.doubleReviewShare)",
    ),
});

export const instructionsBody = z.object({
  instructions: z
    .string('instructions: send the text reviewers should read (an empty string clears it)')
    .max(MAX_INSTRUCTIONS, `instructions: at most ${MAX_INSTRUCTIONS} characters`)
    .describe('plain text shown at the top of the queue and every task page; "" clears it'),
});

export const taskParam = z.object({ id: z.uuid('a task id is a UUID') });

export const nextBody = z.object({ cycle: z.string().optional() }).default({});

export const assignBody = z.object({ reviewer: z.string().min(1).nullable() });

/**
 * The review queue: list, fill (admin), next, lock, release, skip, un-skip, assign, progress, and
 * the queue instructions (read by reviewers, set by admins). A task or
 * cycle id of another project, or an unknown one, answers 404: never a quiet no-op.
 */
export const createQueueRoutes = (deps: AnnotateDeps) => {
  const app = new Hono<AppEnv>();
  const review = requirePermission(deps.lookupKey, 'review');
  const manage = requirePermission(deps.lookupKey, 'manage');

  const requireCycle = async (projectId: string, cycleId: string | undefined) => {
    if (cycleId !== undefined && !(await findCycle(deps.pool, projectId, cycleId)))
      throw new AppError('not_found', `no cycle ${cycleId} in this project`, { field: 'cycle' });
  };
  const requireTask = async (projectId: string, taskId: string) => {
    if (!(await findTask(deps.pool, projectId, taskId))) throw new AppError('not_found', `no review task ${taskId}`);
  };

  app.get('/', review, validate('query', listQuery), async (c) => {
    const q = c.req.valid('query');
    const caller = c.get('caller');
    await requireCycle(caller.projectId, q.cycle);
    const tasks = await listTasks(deps.pool, {
      projectId: caller.projectId,
      cycleId: q.cycle,
      status: q.status,
      limit: q.limit,
    });
    const redacted = await Promise.all(tasks.map((t) => deps.redactTrace(caller, t)));
    const progress = q.cycle ? await cycleProgress(deps.pool, caller.projectId, q.cycle) : null;
    return c.json({ tasks: redacted, progress });
  });

  app.post('/fill', manage, validate('json', fillBody), async (c) => {
    const body = c.req.valid('json');
    if (Date.parse(body.to) <= Date.parse(body.from))
      throw new AppError('bad_request', 'to: must be after from', { field: 'to' });
    const result = await deps.activities.fillQueue({
      projectId: c.get('caller').projectId,
      windowStart: new Date(body.from).toISOString(),
      windowEnd: new Date(body.to).toISOString(),
      budget: body.budget,
      randomFraction: body.randomFraction,
      doubleReviewShare: body.doubleReviewShare,
    });
    return c.json(result);
  });

  app.post('/next', review, validate('json', nextBody), async (c) => {
    const caller = c.get('caller');
    const cycle = c.req.valid('json').cycle;
    await requireCycle(caller.projectId, cycle);
    const task = await lockNextTask(deps.pool, caller.projectId, caller.name, deps.lockSeconds, cycle);
    return c.json({ task: task ? await deps.redactTrace(caller, task) : null });
  });

  app.get('/instructions', review, async (c) =>
    c.json({ instructions: await getQueueInstructions(deps.pool, c.get('caller').projectId) }),
  );

  app.put('/instructions', manage, validate('json', instructionsBody), async (c) => {
    const caller = c.get('caller');
    const text = c.req.valid('json').instructions.trim();
    return c.json({ instructions: await setQueueInstructions(deps.pool, caller.projectId, text, caller.name) });
  });

  app.get('/progress/:cycle', review, async (c) => {
    const projectId = c.get('caller').projectId;
    await requireCycle(projectId, c.req.param('cycle'));
    return c.json(await cycleProgress(deps.pool, projectId, c.req.param('cycle')));
  });

  app.get('/:id', review, validate('param', taskParam), async (c) => {
    const caller = c.get('caller');
    const task = await findTask(deps.pool, caller.projectId, c.req.valid('param').id);
    if (!task) throw new AppError('not_found', 'no such review task');
    return c.json({ task: await deps.redactTrace(caller, task) });
  });

  app.post('/:id/lock', review, validate('param', taskParam), async (c) => {
    const caller = c.get('caller');
    const task = await lockTask(deps.pool, caller.projectId, c.req.valid('param').id, caller.name, deps.lockSeconds);
    return c.json({ task: await deps.redactTrace(caller, task) });
  });

  app.post('/:id/release', review, validate('param', taskParam), async (c) => {
    const caller = c.get('caller');
    await requireTask(caller.projectId, c.req.valid('param').id);
    await releaseTask(deps.pool, caller.projectId, c.req.valid('param').id, caller.name);
    await deps.notifyLabel(caller.projectId, c.req.valid('param').id, `release-${randomUUID()}`);
    return c.json({ released: true });
  });

  app.post('/:id/skip', review, validate('param', taskParam), async (c) => {
    const caller = c.get('caller');
    const task = await skipTask(deps.pool, caller.projectId, c.req.valid('param').id, caller.name);
    // a skip can complete the cycle's review: wake its workflow the way a label does
    await deps.notifyLabel(caller.projectId, c.req.valid('param').id, `skip-${randomUUID()}`);
    return c.json({ task: await deps.redactTrace(caller, task) });
  });

  app.post('/:id/unskip', review, validate('param', taskParam), async (c) => {
    const caller = c.get('caller');
    const id = c.req.valid('param').id;
    const task = await unskipTask(deps.pool, caller.projectId, id, caller.name, deps.lockSeconds);
    // the cycle counts pending tasks: let a waiting one re-check now
    await deps.notifyLabel(caller.projectId, id, `unskip-${randomUUID()}`);
    return c.json({ task: await deps.redactTrace(caller, task) });
  });

  app.post('/:id/assign', manage, validate('param', taskParam), validate('json', assignBody), async (c) => {
    const task = await assignTask(
      deps.pool,
      c.get('caller').projectId,
      c.req.valid('param').id,
      c.req.valid('json').reviewer,
    );
    return c.json({ task });
  });

  return app;
};
