import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import type { ProjectSettings } from '../core/project-settings.js';
import { signalNames } from '../core/signals/types.js';
import { buildSpanTree } from '../core/span-tree.js';
import { loadTraceDetail } from '../db/trace-detail.js';
import { listTraces } from '../db/trace-list.js';
import { type AppEnv, type Caller, type KeyLookup, requirePermission } from './auth.js';
import { mayOpenTrace, NO_CONSENT_MESSAGE, reviewableScope } from './consent-scope.js';
import { isoInstant, validate } from './validate.js';

export interface TraceRouteDeps {
  pool: pg.Pool;
  lookupKey: KeyLookup;
  settingsOf: (projectId: string) => Promise<ProjectSettings>;
  /** Non-admin callers (reviewers) see traces with personal data redacted. */
  redactTrace: <T>(caller: Caller, value: T) => Promise<T>;
}

const cursorSchema = z.object({
  time: z.iso.datetime({ offset: true }),
  traceId: z.string().min(1).max(256),
});

/** An opaque page cursor: the last row's (sort time, trace id), base64url JSON. */
export const encodeCursor = (c: z.infer<typeof cursorSchema>) => Buffer.from(JSON.stringify(c)).toString('base64url');

export const decodeCursor = (s: string) => {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('bad_request', 'cursor: not a cursor returned by this API (pass nextCursor as it came)', {
      field: 'cursor',
    });
  }
};

// Long values (a session id of kilobytes) are matched by their bounded stored form (core/ingest/bounds.ts).
const key = z.string().min(1).max(100_000);
const bool = z.enum(['true', 'false']);

/** Query parameters of the trace list (`GET /api/traces`, and the `/traces` page's form). */
export const traceListQuery = z.object({
  from: isoInstant.optional().describe('traces that started at or after this instant'),
  to: isoInstant.optional().describe('traces that started before this instant'),
  session: key.optional(),
  user: key.optional(),
  release: key.optional().describe('the release (service.version) the trace was tagged with'),
  model: key.optional().describe('a model the trace called (requested or responding)'),
  promptVersion: key.optional(),
  hasError: bool.optional(),
  status: z
    .enum(['open', 'closed', 'close_failed'])
    .optional()
    .describe('close_failed: traces set aside because closing them failed (see closeError)'),
  signal: z.enum(signalNames).optional().describe('traces carrying this anomaly signal'),
  labeled: bool.optional().describe('true: some human label; false: none yet'),
  failureMode: key.optional().describe('a failure mode key a human label marked the trace as failing'),
  evaluator: z.uuid().optional().describe('an evaluator id: traces it judged (its latest result)'),
  verdict: z.enum(['pass', 'fail']).optional().describe('the verdict (of `evaluator` when given, else of any)'),
  text: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('substring of the input, output or root span name; scans at most 5000 traces per page'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export type TraceListQuery = z.infer<typeof traceListQuery>;

/** The list filter a validated query describes (the cursor decoded: a bad one is a 400). */
export const traceFilterOf = (projectId: string, q: TraceListQuery) => ({
  projectId,
  from: q.from,
  to: q.to,
  sessionId: q.session,
  userId: q.user,
  release: q.release,
  model: q.model,
  promptVersion: q.promptVersion,
  hasError: q.hasError === undefined ? undefined : q.hasError === 'true',
  status: q.status,
  signal: q.signal,
  labeled: q.labeled === undefined ? undefined : q.labeled === 'true',
  failureMode: q.failureMode,
  evaluatorId: q.evaluator,
  verdict: q.verdict,
  text: q.text,
  after: q.cursor ? decodeCursor(q.cursor) : undefined,
  limit: q.limit,
});

export const traceIdParam = z.object({ id: z.string().regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hex characters') });

// biome-ignore lint/suspicious/noExplicitAny: rows straight from pg
const spanView = (r: any) => ({
  spanId: r.span_id as string,
  parentSpanId: (r.parent_span_id as string | null) ?? null,
  name: r.name,
  kind: r.kind,
  startTime: r.start_time,
  endTime: r.end_time,
  durationMs: r.duration_ms,
  status: { code: r.status_code, message: r.status_message },
  isError: r.is_error,
  errorType: r.error_type,
  provider: r.provider,
  requestModel: r.request_model,
  responseModel: r.response_model,
  usage: {
    input: r.input_tokens,
    output: r.output_tokens,
    total: r.total_tokens,
    cacheRead: r.cache_read_tokens,
    cacheWrite: r.cache_write_tokens,
    reasoning: r.reasoning_tokens,
  },
  sessionId: r.session_id,
  userId: r.user_id,
  tags: r.tags,
  ...r.content,
  raw: { resource: r.resource, scope: r.scope, attributes: r.attributes, events: r.events, links: r.links },
});

/**
 * `GET /api/traces` (filtered, cursor-paginated) and `GET /api/traces/:id` (the span tree).
 * Admins read traces as stored; reviewers read them redacted.
 */
export const createTraceRoutes = (deps: TraceRouteDeps) => {
  const app = new Hono<AppEnv>();
  app.use('*', requirePermission(deps.lookupKey, 'read_traces'));

  app.get('/', validate('query', traceListQuery), async (c) => {
    const caller = c.get('caller');
    const { traces, next, scan } = await listTraces(deps.pool, {
      ...traceFilterOf(caller.projectId, c.req.valid('query')),
      reviewableOnly: await reviewableScope(caller, deps.settingsOf),
    });
    // One redaction per row: each row is one trace.
    const redacted = await Promise.all(traces.map((t) => deps.redactTrace(caller, t)));
    return c.json({ traces: redacted, nextCursor: next ? encodeCursor(next) : null, scan });
  });

  app.get('/:id', validate('param', traceIdParam), async (c) => {
    const projectId = c.get('caller').projectId;
    const traceId = c.req.valid('param').id.toLowerCase();
    if (!(await mayOpenTrace(deps.pool, c.get('caller'), traceId))) throw new AppError('forbidden', NO_CONSENT_MESSAGE);
    const detail = await loadTraceDetail(
      deps.pool,
      async (p) => (await deps.settingsOf(p)).tagMapping,
      projectId,
      traceId,
    );
    if (!detail) throw new AppError('not_found', `no trace ${traceId} in this project`);
    const { trace } = detail;
    const spans = detail.rows.map(spanView);
    return c.json(await deps.redactTrace(c.get('caller'), { trace, spans: buildSpanTree(spans) }));
  });

  return app;
};
