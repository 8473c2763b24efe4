import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { mayOpenTrace, reviewableScope } from '../api/consent-scope.js';
import { loadSessionView } from '../api/session-view.js';
import { encodeCursor, traceFilterOf, traceListQuery } from '../api/traces.js';
import { AppError } from '../core/errors.js';
import { latestEvaluatorVersions } from '../db/evaluators.js';
import { listFailureModes } from '../db/failure-modes.js';
import { listTraces } from '../db/trace-list.js';
import { getTrace } from '../db/trace-queries.js';
import { ErrorPage } from './error-page.js';
import { SessionPage } from './session-page.js';
import { SpanBody } from './span-tree.js';
import { loadTraceView, redactTraceView } from './trace-data.js';
import { type TraceViewCache, traceViewKey } from './trace-view-cache.js';
import { type ExplorerRow, pageQuery, TracesPage } from './traces-page.js';
import { isTraceId, type WebDeps, type WebEnv } from './web-env.js';

/**
 * Where a trace's session link goes: `/sessions/:id` when the viewer may see the id as stored
 * (and it fits a path segment), else through the trace (`/traces/:id/session`), so a redacted
 * id never appears in a URL.
 */
export const sessionLink = (traceId: string, raw: string | null, shown: string | null) => {
  if (!raw) return null;
  const plain = shown === raw && !raw.includes('/');
  return {
    shown: shown ?? '',
    href: plain ? `/sessions/${encodeURIComponent(raw)}` : `/traces/${traceId}/session`,
  };
};

/** A datetime-local value (`YYYY-MM-DDTHH:MM[:SS]`, read as UTC) as an ISO instant; other text unchanged. */
const asInstant = (v: string) =>
  /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(v) ? `${v}:00Z` : /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$/.test(v) ? `${v}Z` : v;

const signalNamesOf = (v: unknown) =>
  Array.isArray(v) ? v.map((s) => (s && typeof s === 'object' ? String((s as { name?: unknown }).name) : '')) : [];

/**
 * The trace explorer (`/traces`), session pages (`/sessions/:id`, `/traces/:id/session`) and the
 * span content a large trace page loads on demand (`/traces/:id/spans/:spanId`). Every trace text
 * is redacted for non-admins, as on the trace page.
 */
export const createExplorerRoutes = (
  deps: WebDeps,
  signedIn: MiddlewareHandler<WebEnv>,
  traceViews: TraceViewCache,
) => {
  const app = new Hono<WebEnv>();

  app.get('/traces', signedIn, async (c) => {
    const caller = c.get('caller');
    // An empty form field means "any": dropped before validation.
    const values = Object.fromEntries(
      Object.entries(c.req.query())
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [k, k === 'from' || k === 'to' ? asInstant(v) : v]),
    );
    const [modes, evaluators] = await Promise.all([
      listFailureModes(deps.pool, caller.projectId),
      latestEvaluatorVersions(deps.pool, caller.projectId),
    ]);
    const base = {
      who: caller.name,
      values,
      failureModes: modes.filter((m) => m.status !== 'retired').map((m) => ({ key: m.key, title: m.title })),
      evaluators: evaluators.map((e) => ({ id: e.evaluatorId, name: e.name, failureMode: e.failureMode })),
    };
    const fail = (message: string) =>
      c.html(<TracesPage {...base} rows={[]} nextHref={null} scan={null} error={message} />, 400);
    const parsed = traceListQuery.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(`${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
    }
    let filter: ReturnType<typeof traceFilterOf>;
    try {
      filter = traceFilterOf(caller.projectId, parsed.data);
    } catch (err) {
      if (err instanceof AppError && err.code === 'bad_request') return fail(err.message);
      throw err;
    }
    const { traces, next, scan } = await listTraces(deps.pool, {
      ...filter,
      reviewableOnly: await reviewableScope(caller, deps.settingsOf),
    });
    const rows: ExplorerRow[] = await Promise.all(
      traces.map(async (raw) => {
        const red = await deps.redactTrace(caller, raw);
        return {
          traceId: raw.trace_id,
          time: raw.sort_time,
          status: raw.status,
          rootSpanName: red.root_span_name,
          input: red.input,
          output: red.output,
          hasError: Boolean(raw.has_error),
          latencyMs: raw.latency_ms,
          release: red.release,
          models: Array.isArray(red.models) ? red.models.map(String) : [],
          promptVersion: red.prompt_version,
          userId: red.user_id,
          session: sessionLink(raw.trace_id, raw.session_id, red.session_id),
          signals: signalNamesOf(raw.signals),
        };
      }),
    );
    return c.html(
      <TracesPage
        {...base}
        rows={rows}
        nextHref={next ? `/traces?${pageQuery(values, encodeCursor(next))}` : null}
        scan={scan}
        error={null}
      />,
    );
  });

  const sessionPage = async (c: Context<WebEnv>, sessionId: string) => {
    const caller = c.get('caller');
    const view = await loadSessionView(deps, caller, sessionId);
    if (!view)
      return c.html(
        <ErrorPage who={caller.name} title="No such session" message="No trace of this project has that session." />,
        404,
      );
    const listHref = view.sessionId === sessionId ? `/traces?${new URLSearchParams({ session: sessionId })}` : null;
    return c.html(<SessionPage who={caller.name} view={view} listHref={listHref} />);
  };

  app.get('/sessions/:id', signedIn, (c) => sessionPage(c, c.req.param('id')));

  app.get('/traces/:traceId/session', signedIn, async (c) => {
    const caller = c.get('caller');
    const traceId = c.req.param('traceId').toLowerCase();
    const trace = isTraceId(traceId) ? await getTrace(deps.pool, caller.projectId, traceId) : null;
    if (!trace?.session_id)
      return c.html(
        <ErrorPage who={caller.name} title="No session" message={`Trace ${traceId} has no session here.`} />,
        404,
      );
    return sessionPage(c, trace.session_id);
  });

  // One span's content, for a large trace page that loads it when the span is opened.
  app.get('/traces/:traceId/spans/:spanId', signedIn, async (c) => {
    const caller = c.get('caller');
    const traceId = c.req.param('traceId').toLowerCase();
    const spanId = c.req.param('spanId').toLowerCase();
    const trace = isTraceId(traceId) ? await getTrace(deps.pool, caller.projectId, traceId) : null;
    const missing = () => c.html(<div class="body muted small">No such span.</div>, 404);
    if (!trace || !(await mayOpenTrace(deps.pool, caller, traceId))) return missing();
    const settings = (await deps.settingsOf(caller.projectId)).redaction;
    const key = traceViewKey(caller, traceId, settings, trace);
    let red = traceViews.get(key);
    if (!red) {
      const view = await loadTraceView(deps, caller.projectId, traceId);
      if (!view) return missing();
      // The whole trace in one redaction, as the page did: the same value gets the same placeholder.
      red = await redactTraceView(deps.redactTrace, caller, view, null);
      traceViews.set(traceViewKey(caller, traceId, settings, view.version), red);
    }
    const span = red.spans.find((s) => s.spanId === spanId);
    if (!span) return missing();
    const names = new Map(red.spans.map((s) => [s.spanId, s.name]));
    return c.html(<SpanBody span={span} nameOf={(id) => names.get(id) ?? id} />);
  });

  return app;
};
