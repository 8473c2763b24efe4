import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import type { Activities } from '../activities/registry.js';
import { AppError } from '../core/errors.js';
import { evaluatorConfigSchema } from '../core/evaluators/config-schema.js';
import { toEvaluationLogs } from '../core/evaluators/otel-export.js';
import { loadHumanCeiling } from '../db/adjudications.js';
import { agreementHistory } from '../db/agreement-history.js';
import { acknowledgeAlert, listAlerts } from '../db/alerts.js';
import { freezeAllLabels } from '../db/datasets.js';
import { runResults } from '../db/evaluation-results.js';
import {
  changeEvaluatorStatus,
  findEvaluatorVersion,
  latestCalibrationReport,
  latestEvaluatorVersions,
  listEvaluatorVersions,
  statusHistory,
} from '../db/evaluators.js';
import { findFailureMode } from '../db/failure-modes.js';
import { findGenerationRun, listGenerationRuns } from '../db/generation-runs.js';
import type { Engine } from '../workflows/engine.js';
import { type AppEnv, type Caller, type KeyLookup, requirePermission } from './auth.js';
import { isoInstant, validate } from './validate.js';

export interface EvaluatorRouteDeps {
  pool: pg.Pool;
  lookupKey: KeyLookup;
  activities: Pick<Activities, 'generateEvaluators' | 'calibrateEvaluator' | 'runEvaluator'>;
  engine: Engine;
  /**
   * Redaction for non-admins: configs (mined phrases, few-shot examples), calibration reports
   * (critiques, explanations) and evaluation results quote trace text (see api/redaction.ts).
   */
  redactTrace: <T>(caller: Caller, value: T) => Promise<T>;
}

export const versionParam = z.object({ id: z.uuid('an evaluator version id is a UUID') });

/** `POST /api/evaluators`; the evaluator page's edit form checks its config with the same schema. */
export const createEvaluatorBody = z.object({
  failureMode: z.string().min(1),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a name is 2–63 lower-case letters, digits or dashes'),
  config: evaluatorConfigSchema.describe('an evaluator config (see core/evaluators/types.ts)'),
  threshold: z.number().min(0).max(1).optional(),
  datasetVersionId: z.uuid().optional().describe('default: freeze all labels now'),
});

export const listQuery = z.object({ failureMode: z.string().optional(), all: z.enum(['true', 'false']).optional() });

export const generateBody = z
  .object({ failureMode: z.string().optional(), datasetVersionId: z.uuid().optional() })
  .default({});

export const generationsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const generationParam = z.object({ id: z.uuid('a generation run id is a UUID') });
export const alertParam = z.object({ id: z.uuid('an alert id is a UUID') });
export const alertsQuery = z.object({
  kind: z.string().min(1).max(100).optional(),
  state: z.enum(['open', 'acknowledged', 'all']).default('all'),
});

export const runBody = z.union([
  z.object({ datasetVersionId: z.uuid() }),
  z.object({
    from: isoInstant,
    to: isoInstant,
    release: z.string().optional(),
  }),
]);

export const statusBody = z.object({
  status: z.enum(['gate', 'signal', 'revise', 'retired']),
  reason: z.string().min(1).max(2000),
});

export const recalibrateBody = z.object({ model: z.string().min(1).optional() }).default({});

/** Evaluators: list, version detail with report and status history, create/calibrate, generate, run, export. */
export const createEvaluatorRoutes = (deps: EvaluatorRouteDeps) => {
  const app = new Hono<AppEnv>();
  const review = requirePermission(deps.lookupKey, 'review');
  const manage = requirePermission(deps.lookupKey, 'manage');
  const datasetVersion = async (projectId: string, by: string, given?: string) =>
    given ?? (await freezeAllLabels(deps.pool, projectId, by)).versionId;

  app.get('/', review, validate('query', listQuery), async (c) => {
    const q = c.req.valid('query');
    const projectId = c.get('caller').projectId;
    const versions =
      q.all === 'true'
        ? await listEvaluatorVersions(deps.pool, projectId, q.failureMode)
        : await latestEvaluatorVersions(deps.pool, projectId, q.failureMode);
    // One redaction per evaluator: each config holds text from its own labelled traces.
    const evaluators = await Promise.all(
      versions.map((v) =>
        deps.redactTrace(c.get('caller'), {
          ...v,
          config: v.kind === 'classifier' ? { kind: 'classifier' } : v.config,
        }),
      ),
    );
    return c.json({ evaluators });
  });

  app.get('/versions/:id', review, validate('param', versionParam), async (c) => {
    const version = await findEvaluatorVersion(deps.pool, c.get('caller').projectId, c.req.valid('param').id);
    if (!version) throw new AppError('not_found', 'no such evaluator version');
    const [history, agreement, report, ceiling] = await Promise.all([
      statusHistory(deps.pool, version.id),
      agreementHistory(deps.pool, version.id),
      latestCalibrationReport(deps.pool, version.id),
      loadHumanCeiling(deps.pool, c.get('caller').projectId, version.failureMode, version.metrics),
    ]);
    return c.json(
      await deps.redactTrace(c.get('caller'), {
        version,
        statusHistory: history,
        agreementHistory: agreement,
        calibration: report,
        // Human–human agreement on the same failure mode (double-reviewed traces): the evaluator's ceiling.
        humanCeiling: ceiling,
      }),
    );
  });

  app.post('/', manage, validate('json', createEvaluatorBody), async (c) => {
    const body = c.req.valid('json');
    const caller = c.get('caller');
    const version = await deps.activities.calibrateEvaluator({
      projectId: caller.projectId,
      failureMode: body.failureMode,
      name: body.name,
      config: body.config,
      threshold: body.threshold,
      datasetVersionId: await datasetVersion(caller.projectId, caller.name, body.datasetVersionId),
      createdBy: caller.name,
    });
    return c.json({ version }, 201);
  });

  app.post('/generate', manage, validate('json', generateBody), async (c) => {
    const body = c.req.valid('json');
    const caller = c.get('caller');
    if (body.failureMode && !(await findFailureMode(deps.pool, caller.projectId, body.failureMode))) {
      throw new AppError('not_found', `no failure mode "${body.failureMode}" in this project`, {
        field: 'failureMode',
      });
    }
    const report = await deps.activities.generateEvaluators({
      projectId: caller.projectId,
      datasetVersionId: await datasetVersion(caller.projectId, caller.name, body.datasetVersionId),
      failureModes: body.failureMode ? [body.failureMode] : undefined,
      createdBy: caller.name,
    });
    return c.json(report);
  });

  app.get('/generations', review, validate('query', generationsQuery), async (c) =>
    c.json({
      generations: await listGenerationRuns(deps.pool, c.get('caller').projectId, c.req.valid('query').limit),
    }),
  );

  app.get('/generations/:id', review, validate('param', generationParam), async (c) => {
    const run = await findGenerationRun(deps.pool, c.get('caller').projectId, c.req.valid('param').id);
    if (!run) throw new AppError('not_found', 'no such generation run');
    return c.json({ generation: run });
  });

  app.post('/versions/:id/run', manage, validate('param', versionParam), validate('json', runBody), async (c) =>
    c.json(
      await deps.activities.runEvaluator({
        projectId: c.get('caller').projectId,
        versionId: c.req.valid('param').id,
        target: c.req.valid('json'),
        runId: randomUUID(),
      }),
    ),
  );

  app.post('/versions/:id/status', manage, validate('param', versionParam), validate('json', statusBody), async (c) => {
    const caller = c.get('caller');
    const body = c.req.valid('json');
    return c.json({
      version: await changeEvaluatorStatus(
        deps.pool,
        caller.projectId,
        c.req.valid('param').id,
        body.status,
        body.reason,
        caller.name,
      ),
    });
  });

  app.post(
    '/versions/:id/recalibrate',
    manage,
    validate('param', versionParam),
    validate('json', recalibrateBody),
    async (c) => {
      const { id } = c.req.valid('param');
      const projectId = c.get('caller').projectId;
      if (!(await findEvaluatorVersion(deps.pool, projectId, id)))
        throw new AppError('not_found', 'no such evaluator version');
      const handle = await deps.engine.enqueue('recalibrate', `recalibrate:${id}:${randomUUID()}`, {
        projectId,
        versionId: id,
        trigger: 'manual',
        model: c.req.valid('json').model,
      });
      return c.json({ recalibration: await handle.getResult() });
    },
  );

  app.get('/alerts', review, validate('query', alertsQuery), async (c) =>
    c.json({ alerts: await listAlerts(deps.pool, c.get('caller').projectId, c.req.valid('query')) }),
  );

  app.post('/alerts/:id/acknowledge', manage, validate('param', alertParam), async (c) => {
    const caller = c.get('caller');
    const alert = await acknowledgeAlert(deps.pool, caller.projectId, c.req.valid('param').id, caller.name);
    if (!alert) throw new AppError('not_found', 'no such alert');
    return c.json({ alert });
  });

  app.get('/runs/:runId/otlp', review, async (c) => {
    const rows = await runResults(deps.pool, c.get('caller').projectId, c.req.param('runId'));
    if (rows.length === 0) throw new AppError('not_found', 'no such evaluation run');
    return c.json(await deps.redactTrace(c.get('caller'), toEvaluationLogs(rows)));
  });
  return app;
};
