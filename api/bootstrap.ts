import { Hono } from 'hono';
import type { Activities } from '../activities/registry.js';
import { bootstrapRequestSchema, syntheticRow } from '../core/import/synthetic.js';
import { type AppEnv, requirePermission } from './auth.js';
import { type ImportRouteDeps, importRows } from './import.js';
import { validate } from './validate.js';

export interface BootstrapRouteDeps extends ImportRouteDeps {
  activities: Pick<Activities, 'generateSyntheticInputs'>;
}

/**
 * Synthetic bootstrap (`POST /api/bootstrap`, admin): input variants per failure mode (paraphrases,
 * adversarial, malformed, multilingual, prompt injection) from the LLM or the user's templates,
 * returned, and stored as synthetic traces (input only) unless `import: false`. Every one is
 * tagged `synthetic` and `source: synthetic`, with its kind, seed and generator in its tags.
 */
export const createBootstrapRoutes = (deps: BootstrapRouteDeps) => {
  const app = new Hono<AppEnv>();
  app.post('/', requirePermission(deps.lookupKey, 'manage'), validate('json', bootstrapRequestSchema), async (c) => {
    const request = c.req.valid('json');
    const projectId = c.get('caller').projectId;
    const { variants, seeds } = await deps.activities.generateSyntheticInputs({ projectId, request });
    const report = request.import ? await importRows(deps, projectId, variants.map(syntheticRow), true) : null;
    return c.json({ seeds, variants, imported: report });
  });
  return app;
};
