import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { createDataset, findVersion, freezeDataset, listDatasets, readVersionPage } from '../db/datasets.js';
import type { AnnotateDeps } from './annotate-deps.js';
import { type AppEnv, requirePermission } from './auth.js';
import { validate } from './validate.js';

export const datasetParam = z.object({ id: z.uuid('a dataset id is a UUID') });
export const versionParam = datasetParam.extend({ v: z.coerce.number().int().min(1).max(2_147_483_647) });

export const createBody = z.object({
  name: z.string().min(1).max(200),
  failureMode: z.string().min(1).nullable().default(null).describe('one failure mode, or null for all labels'),
});

const PAGE = 1000;

/** Datasets: list, create, freeze a version, and stream a frozen version as JSONL. */
export const createDatasetRoutes = (deps: AnnotateDeps) => {
  const app = new Hono<AppEnv>();
  const review = requirePermission(deps.lookupKey, 'review');
  const manage = requirePermission(deps.lookupKey, 'manage');

  app.get('/', review, async (c) => c.json({ datasets: await listDatasets(deps.pool, c.get('caller').projectId) }));

  app.post('/', manage, validate('json', createBody), async (c) => {
    const body = c.req.valid('json');
    return c.json(
      { dataset: await createDataset(deps.pool, c.get('caller').projectId, body.name, body.failureMode) },
      201,
    );
  });

  app.post('/:id/freeze', manage, validate('param', datasetParam), async (c) => {
    const caller = c.get('caller');
    const version = await freezeDataset(deps.pool, caller.projectId, c.req.valid('param').id, caller.name);
    return c.json({ version }, version.created ? 201 : 200);
  });

  app.get('/:id/versions/:v/export', review, validate('param', versionParam), async (c) => {
    const caller = c.get('caller');
    const { id, v } = c.req.valid('param');
    const version = await findVersion(deps.pool, caller.projectId, id, v);
    if (!version) throw new AppError('not_found', `no version ${v} of dataset ${id}`);
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('X-Content-Hash', version.contentHash);
    return stream(c, async (out) => {
      let after: string | null = null;
      for (;;) {
        const rows = await readVersionPage(deps.pool, caller.projectId, id, v, after, PAGE);
        for (const row of rows) await out.write(`${JSON.stringify(await deps.redactTrace(caller, row))}\n`);
        if (rows.length < PAGE) break;
        after = rows.at(-1).id;
      }
    });
  });
  return app;
};
