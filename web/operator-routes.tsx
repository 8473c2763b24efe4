import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { startCycle, startCycleBody } from '../api/cycles.js';
import { rubricBody, statusBody } from '../api/failure-modes.js';
import { requestOrigin } from '../api/request-origin.js';
import { roleAllows } from '../core/auth.js';
import { AppError } from '../core/errors.js';
import { acknowledgeAlert, alertKinds, listAlerts } from '../db/alerts.js';
import { freezeAllLabels } from '../db/datasets.js';
import {
  findFailureMode,
  listFailureModes,
  listRubricVersions,
  reviseRubric,
  setFailureModeStatus,
} from '../db/failure-modes.js';
import { WithAlerts } from './alerts.js';
import { type AlertRow, type AlertsFilter, AlertsPage } from './alerts-page.js';
import { loadAlertSummary } from './drift-data.js';
import { ErrorPage } from './error-page.js';
import { FailureModePage, FailureModesPage } from './failure-modes-page.js';
import { requireRole } from './require-role.js';
import { isUuid, type WebDeps, type WebEnv } from './web-env.js';

type C = Context<WebEnv>;

/** The first problem zod found, as the API words it (`field: message`), or null when the input is valid. */
const problem = <S extends z.ZodType>(schema: S, input: unknown): { error: string } | { data: z.infer<S> } => {
  const result = schema.safeParse(input);
  if (result.success) return { data: result.data };
  const issue = result.error.issues[0];
  return { error: `${issue?.path.join('.') || 'form'}: ${issue?.message ?? 'invalid'}` };
};

const field = (form: Record<string, unknown>, name: string) =>
  typeof form[name] === 'string' ? (form[name] as string).trim() : '';

/** A `datetime-local` value (no zone) read as UTC, as the form says; anything else is passed on for zod to name. */
const utc = (v: string) => (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(v) ? `${v.length === 16 ? `${v}:00` : v}Z` : v);

/**
 * Admin actions that otherwise need the CLI or `POST /api/...`, as pages and form posts: start a
 * cycle, activate or retire a failure mode, revise its rubric, generate evaluators, acknowledge an
 * alert. Inputs are checked with the API's own zod schemas; a bad one re-renders the form with the
 * message (4xx). Reviewers see the pages without the buttons, and a post from them is refused (403).
 */
export const createOperatorRoutes = (
  deps: WebDeps,
  signedIn: MiddlewareHandler<WebEnv>,
  renderCycles: (c: C, form?: { error: string; values: Record<string, string> }) => Promise<Response>,
) => {
  const app = new Hono<WebEnv>();
  const adminOnly = requireRole('manage', 'do this');
  const withAlerts = async (projectId: string, page: unknown) => (
    <WithAlerts summary={await loadAlertSummary(deps.pool, projectId)}>{page as never}</WithAlerts>
  );

  const noMode = (c: C, key: string) =>
    c.html(
      <ErrorPage who={c.get('caller').name} title="No such failure mode" message={`No failure mode "${key}".`} />,
      404,
    );

  const modePage = async (c: C, key: string, form?: { error: string; draft: string }) => {
    const caller = c.get('caller');
    const mode = await findFailureMode(deps.pool, caller.projectId, key);
    if (!mode) return noMode(c, key);
    const history = await listRubricVersions(deps.pool, mode.id);
    return c.html(
      await withAlerts(
        caller.projectId,
        <FailureModePage
          who={caller.name}
          mode={mode}
          history={history}
          canManage={roleAllows(caller.role, 'manage')}
          error={form?.error}
          draft={form?.draft}
        />,
      ),
      form ? 400 : 200,
    );
  };

  app.post('/cycles', signedIn, adminOnly, async (c) => {
    const form = await c.req.parseBody();
    const values = { from: field(form, 'from'), to: field(form, 'to'), budget: field(form, 'budget') };
    const checked = problem(startCycleBody, {
      ...(values.from ? { from: utc(values.from) } : {}),
      ...(values.to ? { to: utc(values.to) } : {}),
      ...(values.budget ? { budget: Number(values.budget) } : {}),
    });
    if ('error' in checked) return renderCycles(c, { error: checked.error, values });
    try {
      const { id } = await startCycle(deps, c.get('caller').projectId, checked.data);
      return c.redirect(`/cycles/${encodeURIComponent(id)}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'bad_request') return renderCycles(c, { error: err.message, values });
      throw err;
    }
  });

  app.get('/failure-modes', signedIn, async (c) => {
    const caller = c.get('caller');
    const modes = await listFailureModes(deps.pool, caller.projectId);
    const order = { proposed: 0, active: 1, retired: 2 } as Record<string, number>;
    modes.sort((a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3) || a.key.localeCompare(b.key));
    return c.html(
      await withAlerts(
        caller.projectId,
        <FailureModesPage
          who={caller.name}
          modes={modes}
          canManage={roleAllows(caller.role, 'manage')}
          origin={requestOrigin(c, deps.trustProxy)}
        />,
      ),
    );
  });

  app.get('/failure-modes/:key', signedIn, (c) => modePage(c, c.req.param('key')));

  app.post('/failure-modes/:key/status', signedIn, adminOnly, async (c) => {
    const key = c.req.param('key');
    const checked = problem(statusBody, { status: field(await c.req.parseBody(), 'status') });
    if ('error' in checked)
      return c.html(<ErrorPage who={c.get('caller').name} title="Bad request" message={checked.error} />, 400);
    if (!(await findFailureMode(deps.pool, c.get('caller').projectId, key))) return noMode(c, key);
    await setFailureModeStatus(deps.pool, c.get('caller').projectId, key, checked.data.status);
    const back = c.req.header('referer')?.includes('/failure-modes/')
      ? `/failure-modes/${encodeURIComponent(key)}`
      : '/failure-modes';
    return c.redirect(back, 303);
  });

  app.post('/failure-modes/:key/rubric', signedIn, adminOnly, async (c) => {
    const key = c.req.param('key');
    const caller = c.get('caller');
    const draft =
      typeof (await c.req.parseBody()).rubric === 'string' ? ((await c.req.parseBody()).rubric as string) : '';
    const checked = problem(rubricBody, { rubric: draft });
    if ('error' in checked) return modePage(c, key, { error: checked.error, draft });
    if (!(await findFailureMode(deps.pool, caller.projectId, key))) return noMode(c, key);
    await reviseRubric(deps.pool, caller.projectId, key, checked.data.rubric, caller.name);
    return c.redirect(`/failure-modes/${encodeURIComponent(key)}#rubric-history`, 303);
  });

  app.post('/failure-modes/:key/generate', signedIn, adminOnly, async (c) => {
    const key = c.req.param('key');
    const caller = c.get('caller');
    if (!(await findFailureMode(deps.pool, caller.projectId, key))) return noMode(c, key);
    const dataset = await freezeAllLabels(deps.pool, caller.projectId, caller.name);
    const report = await deps.activities.generateEvaluators({
      projectId: caller.projectId,
      datasetVersionId: dataset.versionId,
      failureModes: [key],
      createdBy: caller.name,
    });
    return c.redirect(`/evaluators/generations/${report.runId}`, 303);
  });

  const alertsFilter = (c: C): AlertsFilter | { error: string } => {
    const state = c.req.query('state') ?? 'open';
    if (state !== 'open' && state !== 'acknowledged' && state !== 'all')
      return { error: `state: must be open, acknowledged or all (not "${state}")` };
    return { kind: (c.req.query('kind') ?? '').slice(0, 100), state };
  };

  app.get('/alerts', signedIn, async (c) => {
    const caller = c.get('caller');
    const filter = alertsFilter(c);
    if ('error' in filter)
      return c.html(<ErrorPage who={caller.name} title="Bad filter" message={filter.error} />, 400);
    const [alerts, kinds] = await Promise.all([
      listAlerts(deps.pool, caller.projectId, { kind: filter.kind || undefined, state: filter.state, limit: 200 }),
      alertKinds(deps.pool, caller.projectId),
    ]);
    return c.html(
      await withAlerts(
        caller.projectId,
        <AlertsPage
          who={caller.name}
          alerts={alerts as AlertRow[]}
          kinds={kinds}
          filter={filter}
          canManage={roleAllows(caller.role, 'manage')}
        />,
      ),
    );
  });

  app.post('/alerts/:id/acknowledge', signedIn, adminOnly, async (c) => {
    const caller = c.get('caller');
    const id = c.req.param('id');
    const done = isUuid(id) ? await acknowledgeAlert(deps.pool, caller.projectId, id, caller.name) : null;
    if (!done) return c.html(<ErrorPage who={caller.name} title="No such alert" message={`No alert ${id}.`} />, 404);
    const filter = alertsFilter(c);
    const q =
      'error' in filter
        ? ''
        : `?${new URLSearchParams({ ...(filter.kind ? { kind: filter.kind } : {}), state: filter.state })}`;
    return c.redirect(`/alerts${q}`, 303);
  });

  return app;
};
