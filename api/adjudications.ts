import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import { roleAllows } from '../core/auth.js';
import { AppError } from '../core/errors.js';
import type { ProjectSettings } from '../core/project-settings.js';
import { listDisagreements, loadReviewerAgreement, recordAdjudication } from '../db/adjudications.js';
import { type AppEnv, type Caller, type KeyLookup, requirePermission } from './auth.js';
import { traceIdSchema } from './label-body.js';
import { validate } from './validate.js';

export interface AdjudicationDeps {
  pool: pg.Pool;
  lookupKey: KeyLookup;
  settingsOf: (projectId: string) => Promise<ProjectSettings>;
  redactTrace: <T>(caller: Caller, value: T) => Promise<T>;
}

export const adjudicateBody = z.object({
  traceId: traceIdSchema,
  failureMode: z.string().min(1).max(200).describe('the failure mode the reviewers disagree on'),
  verdict: z
    .enum(['pass', 'fail'], 'verdict must be "pass" or "fail"')
    .describe('the outcome: ground truth from now on'),
  note: z
    .string()
    .trim()
    .min(1, 'note: say why this outcome (it is kept with the adjudication)')
    .max(5000)
    .describe('why this outcome'),
});

export const adjudicationListQuery = z.object({
  failureMode: z.string().min(1).optional(),
  status: z.enum(['open', 'settled', 'all']).default('open'),
});

/** Whether `caller` may settle disagreements: an admin, or a reviewer named in `settings.review.adjudicators`. */
export const mayAdjudicate = (caller: Caller, settings: ProjectSettings) =>
  roleAllows(caller.role, 'manage') || settings.review.adjudicators.includes(caller.name);

/**
 * Adjudication of double-reviewed traces: `GET /api/adjudications` lists the traces whose two
 * reviewers disagree on a failure mode (`status` open | settled | all), `POST` settles one (admins
 * and designated adjudicators; final), `GET /api/adjudications/agreement` gives per failure mode
 * how well the reviewers agree (Cohen's κ or Krippendorff's α with a 95% bootstrap interval).
 */
export const createAdjudicationRoutes = (deps: AdjudicationDeps) => {
  const app = new Hono<AppEnv>();
  const review = requirePermission(deps.lookupKey, 'review');

  app.get('/', review, validate('query', adjudicationListQuery), async (c) => {
    const caller = c.get('caller');
    const q = c.req.valid('query');
    const disagreements = await listDisagreements(deps.pool, caller.projectId, q);
    // One redaction per trace: critiques and notes quote the trace.
    return c.json({
      disagreements: await Promise.all(disagreements.map((d) => deps.redactTrace(caller, d))),
      canAdjudicate: mayAdjudicate(caller, await deps.settingsOf(caller.projectId)),
    });
  });

  app.get('/agreement', review, validate('query', adjudicationListQuery.pick({ failureMode: true })), async (c) =>
    c.json({
      failureModes: await loadReviewerAgreement(deps.pool, c.get('caller').projectId, c.req.valid('query').failureMode),
    }),
  );

  app.post('/', review, validate('json', adjudicateBody), async (c) => {
    const caller = c.get('caller');
    if (!mayAdjudicate(caller, await deps.settingsOf(caller.projectId)))
      throw new AppError(
        'forbidden',
        'only an admin or a designated adjudicator (project setting review.adjudicators) may adjudicate',
      );
    const body = c.req.valid('json');
    const adjudication = await recordAdjudication(deps.pool, {
      projectId: caller.projectId,
      traceId: body.traceId.toLowerCase(),
      failureMode: body.failureMode,
      verdict: body.verdict,
      note: body.note,
      adjudicator: caller.name,
    });
    return c.json({ adjudication: await deps.redactTrace(caller, adjudication) }, 201);
  });

  app.on(['PUT', 'PATCH', 'DELETE'], '*', () => {
    throw new AppError('bad_request', 'adjudications are final: they cannot be changed or deleted');
  });
  return app;
};
