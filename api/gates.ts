import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { findGateRun, listGateRuns, saveGateOutputs } from '../db/gate-runs.js';
import type { Engine } from '../workflows/engine-dbos.js';
import { gateIdOf } from '../workflows/gate.js';
import { type AppEnv, type KeyLookup, requirePermission } from './auth.js';
import { validate } from './validate.js';

export interface GateRouteDeps {
  pool: pg.Pool;
  lookupKey: KeyLookup;
  engine: Engine;
  publicUrl: string;
}

const startBody = z.object({
  release: z.string().min(1).max(200),
  baseline: z.string().min(1).max(200).optional().describe('default: the last release whose gate passed'),
  datasetVersionId: z.uuid().optional().describe('with outputs: the dataset version whose inputs they answer'),
  outputs: z
    .array(
      z.object({ item: z.string().min(1), output: z.string(), context: z.record(z.string(), z.unknown()).optional() }),
    )
    .max(20_000)
    .optional()
    .describe('candidate outputs, one per dataset item (the item is the trace id of the dataset input)'),
  policy: z
    .object({
      tolerance: z.number().min(0).max(1),
      alpha: z.number().gt(0).lt(0.5),
      floor: z.number().min(0).max(1),
      minItems: z.number().int().min(1),
    })
    .partial()
    .optional(),
});

const MAX_WAIT_SECONDS = 300;

/** Release gates: start (idempotent per release), read with long-polling, history. */
export const createGateRoutes = (deps: GateRouteDeps) => {
  const app = new Hono<AppEnv>();
  const gate = requirePermission(deps.lookupKey, 'gate');

  app.post('/', gate, validate('json', startBody), async (c) => {
    const body = c.req.valid('json');
    const projectId = c.get('caller').projectId;
    if (body.outputs && !body.datasetVersionId) {
      throw new AppError(
        'bad_request',
        'datasetVersionId: uploaded outputs answer a dataset version’s inputs; name it',
        {
          field: 'datasetVersionId',
        },
      );
    }
    const id = gateIdOf(projectId, body.release);
    const existing = await findGateRun(deps.pool, projectId, id);
    if (body.outputs && body.datasetVersionId && !existing) {
      const { rows } = await deps.pool.query<{ trace_id: string; input: string | null }>(
        `select t.trace_id, t.input from dataset_version_labels dl join labels l on l.id = dl.label_id
         join traces t on t.project_id = l.project_id and t.trace_id = l.trace_id
         join dataset_versions v on v.id = dl.dataset_version_id join datasets d on d.id = v.dataset_id
         where dl.dataset_version_id = $1 and d.project_id = $2`,
        [body.datasetVersionId, projectId],
      );
      const inputs = new Map(rows.map((r) => [r.trace_id, r.input ?? '']));
      const unknown = body.outputs.findIndex((o) => !inputs.has(o.item));
      if (unknown >= 0) {
        throw new AppError(
          'bad_request',
          `outputs.${unknown}.item: "${body.outputs[unknown]!.item}" is not an item of that dataset version`,
          {
            field: `outputs.${unknown}.item`,
          },
        );
      }
      await saveGateOutputs(
        deps.pool,
        id,
        body.outputs.map((o) => ({
          item: o.item,
          input: inputs.get(o.item) ?? '',
          output: o.output,
          context: o.context ?? null,
        })),
      );
    }
    await deps.engine.enqueue('gate', id, {
      projectId,
      release: body.release,
      baseline: body.baseline ?? null,
      datasetVersionId: body.datasetVersionId ?? null,
      policy: body.policy,
      publicUrl: deps.publicUrl,
    });
    return c.json({ id, status: existing?.status ?? 'running' }, existing ? 200 : 202);
  });

  app.get('/', gate, validate('query', z.object({ release: z.string().optional() })), async (c) =>
    c.json({ gates: await listGateRuns(deps.pool, c.get('caller').projectId, c.req.valid('query').release) }),
  );

  app.get(
    '/:id',
    gate,
    validate('query', z.object({ wait: z.coerce.number().min(0).max(MAX_WAIT_SECONDS).default(0) })),
    async (c) => {
      const projectId = c.get('caller').projectId;
      const id = c.req.param('id');
      const deadline = Date.now() + c.req.valid('query').wait * 1000;
      // Gate ids name their project: any other workflow id is not this caller's to look at.
      const own = id.startsWith(gateIdOf(projectId, ''));
      for (;;) {
        const run = await findGateRun(deps.pool, projectId, id);
        const engine = own ? await deps.engine.status(id) : null;
        if (!run && !engine) throw new AppError('not_found', `no gate ${id}`);
        const failed = engine?.state === 'ERROR' || engine?.state === 'CANCELLED';
        const decided = run && run.status !== 'running';
        if (decided || failed || Date.now() >= deadline) {
          return c.json({
            gate: run ?? { id, status: 'running' },
            state: decided ? 'decided' : failed ? 'failed' : 'running',
            engine,
          });
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    },
  );
  return app;
};
