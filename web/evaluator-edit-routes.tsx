import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { createEvaluatorBody } from '../api/evaluators.js';
import { AppError } from '../core/errors.js';
import { configDiff } from '../core/evaluators/config-diff.js';
import { configFromFields, type FormFields, FormJsonError } from '../core/evaluators/config-form.js';
import { freezeAllLabels } from '../db/datasets.js';
import { findEvaluatorVersion } from '../db/evaluators.js';
import { ErrorPage } from './error-page.js';
import type { EditState } from './evaluator-edit-form.js';
import { requireRole } from './require-role.js';
import { isUuid, type WebDeps, type WebEnv } from './web-env.js';

type C = Context<WebEnv>;

/** The fields each kind's form posts (anything else in the body is ignored). */
const FIELDS = [
  'pattern',
  'flags',
  'mode',
  'field',
  'phrases',
  'unit',
  'max',
  'min',
  'summaryPattern',
  'target',
  'tool',
  'schema',
  'expectations',
  'rejectUnknownTools',
  'checkQuotes',
  'minQuoteWords',
  'rubric',
  'model',
  'provider',
  'op',
  'children',
];

/**
 * `POST /evaluators/:id/edit` (admins): the evaluator page's per-kind form. The fields become a
 * config checked by the API's own body schema (`createEvaluatorBody`); "Preview diff" shows the
 * change against this version, "Calibrate and publish" calibrates it as the next version and opens
 * it (whose page shows the same diff). A refused input re-renders the form with the message (400).
 */
export const createEvaluatorEditRoutes = (
  deps: WebDeps,
  signedIn: MiddlewareHandler<WebEnv>,
  renderEvaluator: (c: C, id: string, edit?: EditState) => Promise<Response>,
) => {
  const app = new Hono<WebEnv>();

  app.post('/evaluators/:id/edit', signedIn, requireRole('manage', 'edit evaluators'), async (c) => {
    const caller = c.get('caller');
    const id = c.req.param('id');
    const version = isUuid(id) ? await findEvaluatorVersion(deps.pool, caller.projectId, id) : null;
    if (!version)
      return c.html(
        <ErrorPage who={caller.name} title="No such evaluator version" message={`No evaluator version ${id}.`} />,
        404,
      );
    const body = await c.req.parseBody();
    const fields: FormFields = {};
    for (const name of FIELDS) if (typeof body[name] === 'string') fields[name] = body[name] as string;
    const threshold = typeof body.threshold === 'string' ? body.threshold.trim() : '';
    const refuse = (error: string) => renderEvaluator(c, id, { fields, threshold, error });

    let config: unknown;
    try {
      config = configFromFields(version.kind, fields, version.config);
    } catch (err) {
      if (err instanceof FormJsonError) return refuse(`config.${err.message}`);
      throw err;
    }
    const checked = createEvaluatorBody.safeParse({
      failureMode: version.failureMode,
      name: version.name,
      config,
      ...(threshold === '' ? {} : { threshold: Number(threshold) }),
    });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return refuse(`${issue?.path.join('.') || 'form'}: ${issue?.message ?? 'invalid'}`);
    }
    const next = checked.data;
    const diff = configDiff(
      { config: version.config, threshold: version.threshold },
      { config: next.config, threshold: next.threshold ?? null },
    );
    if (body.action !== 'save') return renderEvaluator(c, id, { fields, threshold, diff });
    try {
      const published = await deps.activities.calibrateEvaluator({
        projectId: caller.projectId,
        failureMode: next.failureMode,
        name: next.name,
        config: next.config,
        threshold: next.threshold,
        datasetVersionId: (await freezeAllLabels(deps.pool, caller.projectId, caller.name)).versionId,
        createdBy: caller.name,
      });
      return c.redirect(`/evaluators/${published.id}#version-diff`, 303);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'bad_request' || err.code === 'not_found'))
        return renderEvaluator(c, id, { fields, threshold, error: err.message, diff });
      throw err;
    }
  });

  return app;
};
