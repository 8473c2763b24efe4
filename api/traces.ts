import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import type { ProjectSettings } from '../core/project-settings.js';
import { buildSpanTree } from '../core/span-tree.js';
import { loadTraceDetail } from '../db/trace-detail.js';
import { listTraces } from '../db/trace-queries.js';
import { type AppEnv, type Caller, type KeyLookup, requirePermission } from './auth.js';
import { isoInstant, validate } from './validate.js';

export interface TraceRouteDeps {
  pool: pg.Pool;
  lookupKey: KeyLookup;
  settingsOf: (projectId: string) => Promise<ProjectSettings>;
  /** Non-admin callers (reviewers) see traces with personal data redacted. */
  redactTrace: <T>(caller: Caller, value: T) => Promise<T>;
}

const cursorSchema = z.object({ time: z.string(), traceId: z.string() });

const encodeCursor = (c: z.infer<typeof cursorSchema>) => Buffer.from(JSON.stringify(c)).toString('base64url');
const decodeCursor = (s: string) => {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('bad_request', 'cursor: not a cursor returned by this API', { field: 'cursor' });
  }
};

export const listQuery = z.object({
  from: isoInstant.optional().describe('traces that started at or after this instant'),
  to: isoInstant.optional().describe('traces that started before this instant'),
  session: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  release: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  hasError: z.enum(['true', 'false']).optional(),
  status: z
    .enum(['open', 'closed', 'close_failed'])
    .optional()
    .describe('close_failed: traces set aside because closing them failed (see closeError)'),
  text: z.string().min(1).max(500).optional().describe('substring of the input, output or root span name'),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
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

  app.get('/', validate('query', listQuery), async (c) => {
    const q = c.req.valid('query');
    const { traces, next } = await listTraces(deps.pool, {
      projectId: c.get('caller').projectId,
      from: q.from,
      to: q.to,
      sessionId: q.session,
      userId: q.user,
      release: q.release,
      model: q.model,
      hasError: q.hasError === undefined ? undefined : q.hasError === 'true',
      status: q.status,
      text: q.text,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit,
    });
    const caller = c.get('caller');
    const redacted = await Promise.all(traces.map((t) => deps.redactTrace(caller, t)));
    return c.json({ traces: redacted, nextCursor: next ? encodeCursor(next) : null });
  });

  app.get('/:id', validate('param', traceIdParam), async (c) => {
    const projectId = c.get('caller').projectId;
    const traceId = c.req.valid('param').id.toLowerCase();
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
