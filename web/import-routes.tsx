import { Hono, type MiddlewareHandler } from 'hono';
import { importBody, importRows } from '../api/import.js';
import { AppError } from '../core/errors.js';
import { IMPORT_FORMATS, type ImportFormat } from '../core/import/formats.js';
import { describeRowIssue } from '../core/import/row.js';
import { bootstrapRequestSchema, syntheticRow } from '../core/import/synthetic.js';
import { listFailureModes } from '../db/failure-modes.js';
import { ImportPage, type ImportPageProps } from './import-page.js';
import { requireRole } from './require-role.js';
import type { WebDeps, WebEnv } from './web-env.js';

/** The import page: upload a file of examples or an export (admins; CSRF-checked like every form). */
export const createImportPages = (deps: WebDeps, signedIn: MiddlewareHandler<WebEnv>) => {
  const app = new Hono<WebEnv>();
  const mayImport = requireRole('ingest', 'import examples');
  const mayManage = requireRole('manage', 'generate synthetic inputs');

  const modesOf = async (projectId: string) =>
    (await listFailureModes(deps.pool, projectId)).filter((m) => m.status === 'active').map((m) => m.key);
  const page = async (c: Parameters<MiddlewareHandler<WebEnv>>[0], extra: Omit<ImportPageProps, 'who' | 'modes'>) => {
    const caller = c.get('caller');
    return <ImportPage who={caller.name} modes={await modesOf(caller.projectId)} {...extra} />;
  };

  app.get('/import', signedIn, mayImport, async (c) => c.html(await page(c, {})));

  app.post('/import/bootstrap', signedIn, mayManage, async (c) => {
    const caller = c.get('caller');
    const form = await c.req.parseBody({ all: true });
    const lines = (v: unknown) =>
      String(v ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    const templates = lines(form.templates).map((l) => {
      const at = l.indexOf(':');
      return { kind: l.slice(0, Math.max(0, at)).trim(), template: l.slice(at + 1).trim() };
    });
    const seeds = lines(form.seeds);
    const parsed = bootstrapRequestSchema.safeParse({
      failureMode: String(form.failureMode ?? '') || undefined,
      kinds: ([] as unknown[]).concat(form.kinds ?? []),
      seeds: seeds.length ? seeds : undefined,
      templates: templates.length ? templates : undefined,
      perSeed: Number(form.perSeed ?? 2),
    });
    if (!parsed.success)
      return c.html(await page(c, { bootstrapError: `Not generated — ${describeRowIssue(parsed.error)}.` }), 400);
    try {
      const { variants, seeds: used } = await deps.activities.generateSyntheticInputs({
        projectId: caller.projectId,
        request: parsed.data,
      });
      const imported = await importRows(deps, caller.projectId, variants.map(syntheticRow), true);
      return c.html(await page(c, { bootstrap: { variants, seeds: used, imported } }));
    } catch (err) {
      if (err instanceof AppError && err.code !== 'internal')
        return c.html(await page(c, { bootstrapError: err.message }), 400);
      throw err;
    }
  });

  app.post('/import', signedIn, mayImport, async (c) => {
    const caller = c.get('caller');
    const form = await c.req.parseBody();
    const file = form.file;
    const format = String(form.format ?? '');
    if (!(file instanceof File) || file.size === 0)
      return c.html(await page(c, { error: 'Choose a file to import.' }), 400);
    if (!(IMPORT_FORMATS as readonly string[]).includes(format))
      return c.html(await page(c, { error: `Pick a format: ${IMPORT_FORMATS.join(', ')}.` }), 400);
    try {
      const report = await importBody(deps, caller.projectId, file.stream(), {
        format: format as ImportFormat,
        csv: file.name.toLowerCase().endsWith('.csv') || file.type === 'text/csv',
        synthetic: form.synthetic === 'on',
      });
      return c.html(await page(c, { report }));
    } catch (err) {
      if (err instanceof AppError) return c.html(await page(c, { error: err.message }), 400);
      throw err;
    }
  });

  return app;
};
