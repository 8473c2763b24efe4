import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import { mayAdjudicate } from '../api/adjudications.js';
import { mayOpenTrace, NO_CONSENT_MESSAGE } from '../api/consent-scope.js';
import { requestOrigin } from '../api/request-origin.js';
import { roleAllows } from '../core/auth.js';
import { configDiff } from '../core/evaluators/config-diff.js';
import { fieldsOfConfig } from '../core/evaluators/config-form.js';
import { listDisagreements, loadHumanCeiling, loadReviewerAgreement } from '../db/adjudications.js';
import { cycleLabelStatus } from '../db/cycle-progress.js';
import {
  findEvaluatorVersion,
  latestCalibrationReport,
  listEvaluatorVersions,
  statusHistory,
} from '../db/evaluators.js';
import { listFailureModes } from '../db/failure-modes.js';
import { findGenerationRun, listGenerationRuns } from '../db/generation-runs.js';
import { hiddenLabelCount, listLabels } from '../db/labels.js';
import { AdjudicationPage } from './adjudication-page.js';
import { WithAlerts } from './alerts.js';
import { CyclePage } from './cycle-page.js';
import { loadCycle, loadCycles, progressOf } from './cycles-data.js';
import { CyclesPage, type EngineView } from './cycles-page.js';
import { loadAgreement, loadAlertSummary, loadVersionAlerts } from './drift-data.js';
import { ErrorPage } from './error-page.js';
import { displayConfig, readReport } from './evaluator-data.js';
import type { EditState } from './evaluator-edit-form.js';
import { createEvaluatorEditRoutes } from './evaluator-edit-routes.js';
import { EvaluatorPage } from './evaluator-page.js';
import { type EvaluatorRow, EvaluatorsPage } from './evaluators-page.js';
import { sessionLink } from './explorer-routes.js';
import { createGateRoutes } from './gate-routes.js';
import { loadVersionTakeovers } from './gating-notice.js';
import { GenerationRunPage } from './generation-page.js';
import { createOperatorRoutes } from './operator-routes.js';
import { loadTraceView, redactTraceView } from './trace-data.js';
import { TracePage } from './trace-page.js';
import { type TraceViewCache, traceViewKey } from './trace-view-cache.js';
import { isTraceId, isUuid, safeNext, type WebDeps, type WebEnv } from './web-env.js';

/** Generation runs listed on the evaluators page. */
const RECENT_RUNS = 5;
/** Labels shown on a trace page (a trace rarely has more). */
const TRACE_LABELS = 100;
/** Labels per failure mode a cycle waits for when its workflow does not say (refresh-cycle's default). */
const DEFAULT_QUOTA = 15;

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * Read-only pages next to the queue: evaluators and their calibration reports, refresh cycles, and
 * single traces. Reviewers may read all of them; trace-derived text is redacted for non-admins.
 */
export const createInsightRoutes = (deps: WebDeps, signedIn: MiddlewareHandler<WebEnv>, traceViews: TraceViewCache) => {
  const app = new Hono<WebEnv>();

  /** A page with the project's open alerts in its nav bar. */
  const withAlerts = async (projectId: string, page: Child) => (
    <WithAlerts summary={await loadAlertSummary(deps.pool, projectId)}>{page}</WithAlerts>
  );

  const engineView = async (id: string): Promise<EngineView | null> => {
    try {
      return await deps.engine.status(id);
    } catch {
      return null;
    }
  };

  app.get('/evaluators', signedIn, async (c) => {
    const caller = c.get('caller');
    const [all, modes, alerts, runs] = await Promise.all([
      listEvaluatorVersions(deps.pool, caller.projectId),
      listFailureModes(deps.pool, caller.projectId),
      loadAlertSummary(deps.pool, caller.projectId),
      listGenerationRuns(deps.pool, caller.projectId, RECENT_RUNS),
    ]);
    const counts = new Map<string, number>();
    for (const v of all) counts.set(v.evaluatorId, (counts.get(v.evaluatorId) ?? 0) + 1);
    const seen = new Set<string>();
    const latest: EvaluatorRow[] = all
      .filter((v) => !seen.has(v.evaluatorId) && seen.add(v.evaluatorId))
      .map((v) => ({ ...v, versionCount: counts.get(v.evaluatorId) ?? 1 }));
    const shown = modes
      .filter((m) => m.status !== 'retired' || latest.some((v) => v.failureMode === m.key))
      .sort((a, b) => Number(a.status !== 'active') - Number(b.status !== 'active') || a.key.localeCompare(b.key));
    return c.html(
      <WithAlerts summary={alerts}>
        <EvaluatorsPage
          who={caller.name}
          modes={shown}
          latest={latest}
          alerts={alerts}
          canManage={roleAllows(caller.role, 'manage')}
          runs={runs}
        />
      </WithAlerts>,
    );
  });

  app.get('/evaluators/generations/:id', signedIn, async (c) => {
    const caller = c.get('caller');
    const id = c.req.param('id');
    const run = isUuid(id) ? await findGenerationRun(deps.pool, caller.projectId, id) : null;
    if (!run)
      return c.html(
        <ErrorPage who={caller.name} title="No such generation run" message={`No generation run ${id}.`} />,
        404,
      );
    return c.html(await withAlerts(caller.projectId, <GenerationRunPage who={caller.name} run={run} />));
  });

  const renderEvaluator = async (c: Context<WebEnv>, id: string, edit?: EditState) => {
    const caller = c.get('caller');
    const version = isUuid(id) ? await findEvaluatorVersion(deps.pool, caller.projectId, id) : null;
    if (!version)
      return c.html(
        <ErrorPage who={caller.name} title="No such evaluator version" message={`No evaluator version ${id}.`} />,
        404,
      );
    const [history, stored, siblings, agreement, versionAlerts, alerts, ceiling, takeovers] = await Promise.all([
      statusHistory(deps.pool, version.id),
      latestCalibrationReport(deps.pool, version.id),
      listEvaluatorVersions(deps.pool, caller.projectId, version.failureMode),
      loadAgreement(deps.pool, caller.projectId, version.evaluatorId),
      loadVersionAlerts(deps.pool, caller.projectId, version.id),
      loadAlertSummary(deps.pool, caller.projectId),
      loadHumanCeiling(deps.pool, caller.projectId, version.failureMode, version.metrics),
      loadVersionTakeovers(deps.pool, caller.projectId, version.id),
    ]);
    // Phrases, patterns, few-shot examples and critiques come from traces: redacted like trace text.
    const config = await deps.redactTrace(caller, displayConfig(version.config));
    const versions = siblings.filter((v) => v.evaluatorId === version.evaluatorId);
    const previous = versions.find((v) => v.version === version.version - 1) ?? null;
    // Both configs quote trace text (phrases, few-shot examples): one redaction keeps placeholders consistent.
    const shownDiff = previous
      ? await deps.redactTrace(caller, { before: previous.config, after: version.config })
      : null;
    const versionDiff =
      previous && shownDiff
        ? {
            against: previous.version,
            lines: configDiff(
              { config: shownDiff.before, threshold: previous.threshold },
              { config: shownDiff.after, threshold: version.threshold },
            ),
          }
        : null;
    const admin = roleAllows(caller.role, 'manage');
    const parsed = stored ? readReport(stored.report) : null;
    const report = parsed && {
      ...parsed,
      datasetVersionId: stored.datasetVersionId as string | null,
      createdAt: stored.createdAt as string,
      disagreements: await Promise.all(
        parsed.disagreements.map(async (d) => ({
          ...d,
          ...(await deps.redactTrace(caller, { critique: d.critique, explanation: d.explanation })),
        })),
      ),
    };
    return c.html(
      <WithAlerts summary={alerts}>
        <EvaluatorPage
          who={caller.name}
          version={version}
          config={config}
          history={history}
          versions={versions}
          report={report}
          unredacted={roleAllows(caller.role, 'manage')}
          agreement={agreement}
          alerts={versionAlerts}
          humanCeiling={ceiling}
          takeovers={takeovers}
          versionDiff={versionDiff}
          edit={
            admin
              ? (edit ?? { fields: fieldsOfConfig(version.config), threshold: String(version.threshold) })
              : undefined
          }
        />
      </WithAlerts>,
      edit?.error ? 400 : 200,
    );
  };

  app.get('/evaluators/:id', signedIn, (c) => renderEvaluator(c, c.req.param('id')));
  app.route('/', createEvaluatorEditRoutes(deps, signedIn, renderEvaluator));

  app.get('/adjudication', signedIn, async (c) => {
    const caller = c.get('caller');
    const [agreement, disagreements, settings] = await Promise.all([
      loadReviewerAgreement(deps.pool, caller.projectId),
      listDisagreements(deps.pool, caller.projectId, { status: 'all' }),
      deps.settingsOf(caller.projectId),
    ]);
    // One redaction per trace: critiques and notes quote it.
    const redacted = await Promise.all(disagreements.map((d) => deps.redactTrace(caller, d)));
    return c.html(
      await withAlerts(
        caller.projectId,
        <AdjudicationPage
          who={caller.name}
          agreement={agreement}
          disagreements={redacted}
          canAdjudicate={mayAdjudicate(caller, settings)}
          doubleReviewShare={settings.review.doubleReviewShare}
        />,
      ),
    );
  });

  app.get('/traces/:traceId', signedIn, async (c) => {
    const caller = c.get('caller');
    const traceId = c.req.param('traceId').toLowerCase();
    const view = isTraceId(traceId) ? await loadTraceView(deps, caller.projectId, traceId) : null;
    if (!view)
      return c.html(<ErrorPage who={caller.name} title="No such trace" message={`No trace ${traceId}.`} />, 404);
    if (!(await mayOpenTrace(deps.pool, caller, traceId)))
      return c.html(
        <ErrorPage
          who={caller.name}
          title="No consent to review"
          message={`Trace ${traceId}: ${NO_CONSENT_MESSAGE}.`}
        />,
        403,
      );
    const [labels, hiddenLabels] = await Promise.all([
      listLabels(deps.pool, { projectId: caller.projectId, traceId, limit: TRACE_LABELS, viewer: caller.name }),
      hiddenLabelCount(deps.pool, caller.projectId, traceId, caller.name),
    ]);
    // One redaction for the trace and its labels' critiques: the same value gets the same placeholder.
    const red = await redactTraceView(deps.redactTrace, caller, view, labels);
    const settings = (await deps.settingsOf(caller.projectId)).redaction;
    traceViews.set(traceViewKey(caller, traceId, settings, view.version), { trace: red.trace, spans: red.spans });
    const back = c.req.query('back');
    return c.html(
      await withAlerts(
        caller.projectId,
        <TracePage
          who={caller.name}
          traceId={traceId}
          trace={red.trace}
          spans={red.spans}
          labels={red.reasons}
          hiddenLabels={hiddenLabels}
          back={back ? safeNext(back) : null}
          unredacted={roleAllows(caller.role, 'manage')}
          session={sessionLink(traceId, view.trace.sessionId, red.trace.sessionId)}
        />,
      ),
    );
  });

  const renderCycles = async (c: Context<WebEnv>, form?: { error: string; values: Record<string, string> }) => {
    const caller = c.get('caller');
    const cycles = await loadCycles(deps.pool, caller.projectId);
    const [progress, engines] = await Promise.all([
      progressOf(
        deps.pool,
        caller.projectId,
        cycles.map((x) => x.id),
      ),
      Promise.all(cycles.map((x) => engineView(x.id))),
    ]);
    const rows = cycles.map((cycle, i) => ({ cycle, engine: engines[i] ?? null, progress: progress.get(cycle.id)! }));
    return c.html(
      await withAlerts(
        caller.projectId,
        <CyclesPage
          who={caller.name}
          rows={rows}
          canManage={roleAllows(caller.role, 'manage')}
          origin={requestOrigin(c, deps.trustProxy)}
          form={form}
        />,
      ),
      form ? 400 : 200,
    );
  };

  app.get('/cycles', signedIn, (c) => renderCycles(c));
  app.route('/', createOperatorRoutes(deps, signedIn, renderCycles));

  app.get('/cycles/:id', signedIn, async (c) => {
    const caller = c.get('caller');
    const id = c.req.param('id');
    const cycle = await loadCycle(deps.pool, caller.projectId, id);
    if (!cycle) return c.html(<ErrorPage who={caller.name} title="No such cycle" message={`No cycle ${id}.`} />, 404);
    const engine = await engineView(id);
    const quotaOf = (v: unknown) => (typeof v === 'number' && v > 0 ? v : null);
    const quota =
      quotaOf(obj(obj(engine?.stage).labels).quota) ??
      quotaOf(obj(obj(obj(cycle.report).reviewed).labels).quota) ??
      DEFAULT_QUOTA;
    const [progress, labels] = await Promise.all([
      progressOf(deps.pool, caller.projectId, [id]),
      cycleLabelStatus(deps.pool, caller.projectId, id, quota),
    ]);
    return c.html(
      await withAlerts(
        caller.projectId,
        <CyclePage who={caller.name} cycle={cycle} engine={engine} progress={progress.get(id)!} labels={labels} />,
      ),
    );
  });

  app.route('/', createGateRoutes(deps, signedIn));
  return app;
};
