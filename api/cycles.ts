import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import { cycleIdOf } from '../core/cycle-id.js';
import { AppError } from '../core/errors.js';
import { type CycleRow, ensureCycle, findCycle, listCycles } from '../db/cycles.js';
import { cycleProgress } from '../db/review-tasks.js';
import type { Engine } from '../workflows/engine.js';
import { MAX_REVIEW_DEADLINE_SECONDS } from '../workflows/refresh-cycle.js';
import { type AppEnv, type KeyLookup, requirePermission } from './auth.js';
import { isoInstant, validate } from './validate.js';

export interface CycleRouteDeps {
  pool: pg.Pool;
  lookupKey: KeyLookup;
  engine: Engine;
  reviewBudget: number;
  randomFraction: number;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * The status of a cycle whose workflow stopped without finishing: its row stays at the stage it
 * reached (nothing in the workflow runs after a step fails), so the engine's state says so.
 */
const stoppedAs = (engineState: string | undefined) =>
  engineState === 'ERROR' ? 'failed' : engineState === 'CANCELLED' ? 'cancelled' : null;

/** The body of `POST /api/cycles`; the cycles page's form is checked with the same schema. */
export const startCycleBody = z
  .object({
    from: isoInstant.optional().describe('window start; default: 7 days before `to`'),
    to: isoInstant.optional().describe('window end; default: now'),
    budget: z.number().int().min(0).max(10_000).optional(),
    randomFraction: z.number().min(0).max(1).optional(),
    quota: z.number().int().min(1).max(10_000).optional().describe('labels per failure mode before moving on (15)'),
    reviewDeadlineSeconds: z
      .number()
      .int()
      .min(1)
      .max(MAX_REVIEW_DEADLINE_SECONDS, {
        message: `at most ${MAX_REVIEW_DEADLINE_SECONDS} (30 days): start a new cycle for a longer review`,
      })
      .optional()
      .describe('how long reviewers have (5 days; at most 30 days)'),
  })
  .default({});

/**
 * Starts (or finds) the refresh cycle of a window: its id derives from project + window, so
 * starting the same window twice returns the running (or finished) cycle (`existed`).
 */
export const startCycle = async (
  deps: Pick<CycleRouteDeps, 'pool' | 'reviewBudget' | 'randomFraction'> & { engine: Pick<Engine, 'enqueue'> },
  projectId: string,
  body: z.infer<typeof startCycleBody>,
) => {
  const end = body.to ? new Date(body.to) : new Date();
  const start = body.from ? new Date(body.from) : new Date(end.getTime() - WEEK_MS);
  if (start >= end) throw new AppError('bad_request', 'from: must be before to', { field: 'from' });
  const windowStart = start.toISOString();
  const windowEnd = end.toISOString();
  const id = cycleIdOf(projectId, windowStart, windowEnd);
  const existing = await findCycle(deps.pool, projectId, id);
  // A finished cycle is answered from its row: the engine may have forgotten the run (Temporal's
  // retention), and starting the id again would run the whole cycle a second time.
  if (existing?.status === 'done') return { id, existed: true };
  const existed = existing !== null;
  await ensureCycle(deps.pool, {
    id,
    projectId,
    windowStart,
    windowEnd,
    budget: body.budget ?? deps.reviewBudget,
    randomFraction: body.randomFraction ?? deps.randomFraction,
  });
  await deps.engine.enqueue('refreshCycle', id, {
    projectId,
    windowStart,
    windowEnd,
    budget: body.budget,
    randomFraction: body.randomFraction,
    quota: body.quota,
    reviewDeadlineSeconds: body.reviewDeadlineSeconds,
  });
  return { id, existed };
};

/** `POST /api/cycles` (start, idempotent), list, status, resume, cancel. */
export const createCycleRoutes = (deps: CycleRouteDeps) => {
  const app = new Hono<AppEnv>();
  const review = requirePermission(deps.lookupKey, 'review');
  const manage = requirePermission(deps.lookupKey, 'manage');

  /** A cycle row (stage, error, report as its workflow recorded them), the engine's view, and review progress. */
  const describeCycle = async (cycle: CycleRow) => {
    const [engine, progress] = await Promise.all([
      deps.engine.status(cycle.id),
      cycleProgress(deps.pool, cycle.projectId, cycle.id),
    ]);
    const stopped = cycle.status === 'done' ? null : stoppedAs(engine?.state);
    return {
      ...cycle,
      status: stopped ?? cycle.status,
      error: cycle.error ?? (stopped === 'failed' ? engine?.error : null) ?? null,
      engine,
      progress,
    };
  };
  const view = async (projectId: string, id: string) => {
    const cycle = await findCycle(deps.pool, projectId, id);
    if (!cycle) throw new AppError('not_found', `no cycle ${id}`);
    return describeCycle(cycle);
  };

  app.post('/', manage, validate('json', startCycleBody), async (c) => {
    const projectId = c.get('caller').projectId;
    const { id, existed } = await startCycle(deps, projectId, c.req.valid('json'));
    return c.json({ cycle: await view(projectId, id) }, existed ? 200 : 201);
  });

  app.get('/', review, async (c) => {
    const projectId = c.get('caller').projectId;
    const cycles = await listCycles(deps.pool, projectId);
    return c.json({ cycles: await Promise.all(cycles.map(describeCycle)) });
  });

  app.get('/:id', review, async (c) => c.json({ cycle: await view(c.get('caller').projectId, c.req.param('id')) }));

  app.post('/:id/resume', manage, async (c) => {
    const projectId = c.get('caller').projectId;
    const id = c.req.param('id');
    await view(projectId, id);
    // A cycle made by POST /api/queue/fill has no workflow: there is nothing to resume.
    if (!(await deps.engine.status(id)))
      throw new AppError('conflict', `cycle ${id} has no workflow to resume; start one with POST /api/cycles`);
    await deps.engine.resume(id);
    return c.json({ cycle: await view(projectId, id) });
  });

  app.post('/:id/cancel', manage, async (c) => {
    const projectId = c.get('caller').projectId;
    const id = c.req.param('id');
    await view(projectId, id);
    await deps.engine.cancel(id);
    return c.json({ cycle: await view(projectId, id) });
  });
  return app;
};
