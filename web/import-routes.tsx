import { Hono, type MiddlewareHandler } from 'hono';
import { importBody } from '../api/import.js';
import { roleAllows } from '../core/auth.js';
import { AppError } from '../core/errors.js';
import { IMPORT_FORMATS, type ImportFormat } from '../core/import/formats.js';
import { ErrorPage } from './error-page.js';
import { ImportPage } from './import-page.js';
import type { WebDeps, WebEnv } from './web-env.js';

/** The import page: upload a file of examples or an export (admins; CSRF-checked like every form). */
export const createImportPages = (deps: WebDeps, signedIn: MiddlewareHandler<WebEnv>) => {
  const app = new Hono<WebEnv>();

  const mayImport: MiddlewareHandler<WebEnv> = async (c, next) => {
    const caller = c.get('caller');
    if (!roleAllows(caller.role, 'ingest'))
      return c.html(
        <ErrorPage
          who={caller.name}
          title="Admins only"
          message={`Importing needs an admin key; you are signed in with a ${caller.role} key.`}
        />,
        403,
      );
    await next();
  };

  app.get('/import', signedIn, mayImport, (c) => c.html(<ImportPage who={c.get('caller').name} />));

  app.post('/import', signedIn, mayImport, async (c) => {
    const caller = c.get('caller');
    const form = await c.req.parseBody();
    const file = form.file;
    const format = String(form.format ?? '');
    if (!(file instanceof File) || file.size === 0)
      return c.html(<ImportPage who={caller.name} error="Choose a file to import." />, 400);
    if (!(IMPORT_FORMATS as readonly string[]).includes(format))
      return c.html(<ImportPage who={caller.name} error={`Pick a format: ${IMPORT_FORMATS.join(', ')}.`} />, 400);
    try {
      const report = await importBody(deps, caller.projectId, file.stream(), {
        format: format as ImportFormat,
        csv: file.name.toLowerCase().endsWith('.csv') || file.type === 'text/csv',
        synthetic: form.synthetic === 'on',
      });
      return c.html(<ImportPage who={caller.name} report={report} />);
    } catch (err) {
      if (err instanceof AppError) return c.html(<ImportPage who={caller.name} error={err.message} />, 400);
      throw err;
    }
  });

  return app;
};
