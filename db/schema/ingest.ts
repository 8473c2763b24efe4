import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt } from './common.js';

/** One project = one AI system whose traces evalloop observes. */
export const projects = pgTable('projects', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Per-project settings (tag mapping, model context limits, ...); see core/project-settings.ts. */
  settings: jsonb('settings').notNull().default({}),
  createdAt: createdAt(),
});

/** API keys are stored only as SHA-256 hashes; the key itself is shown once, at creation. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id),
    role: text('role').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    /** First characters of the key, to tell keys apart in listings. */
    keyPrefix: text('key_prefix').notNull(),
    label: text('label'),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** When the key last authenticated a request (updated at most once a minute). */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('api_keys_project_idx').on(t.projectId)],
);

/**
 * Web UI sign-ins: the cookie holds a random token, only its SHA-256 hash is stored. A session
 * ends at `expires_at`, after an idle gap (checked against `last_seen_at`), on sign-out (row
 * deleted), or when its key is revoked (rows deleted, and lookups join on a live key).
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    keyId: uuid('key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    projectId: text('project_id').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_key_idx').on(t.keyId), index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Every span received, keyed by (project, trace id, span id): re-sent spans are no-ops.
 * The raw OTLP resource, scope, attributes, events and links are always kept beside the
 * normalized fields (`content` holds messages, tool calls, documents; see core/normalize).
 */
export const spans = pgTable(
  'spans',
  {
    projectId: text('project_id').notNull(),
    traceId: text('trace_id').notNull(),
    spanId: text('span_id').notNull(),
    parentSpanId: text('parent_span_id'),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    otelKind: smallint('otel_kind').notNull(),
    startTime: timestamp('start_time', { withTimezone: true, mode: 'string', precision: 6 }).notNull(),
    endTime: timestamp('end_time', { withTimezone: true, mode: 'string', precision: 6 }).notNull(),
    startNs: bigint('start_ns', { mode: 'bigint' }).notNull(),
    durationMs: doublePrecision('duration_ms').notNull(),
    statusCode: smallint('status_code').notNull(),
    statusMessage: text('status_message'),
    isError: boolean('is_error').notNull(),
    errorType: text('error_type'),
    provider: text('provider'),
    requestModel: text('request_model'),
    responseModel: text('response_model'),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    totalTokens: integer('total_tokens'),
    cacheReadTokens: integer('cache_read_tokens'),
    cacheWriteTokens: integer('cache_write_tokens'),
    reasoningTokens: integer('reasoning_tokens'),
    sessionId: text('session_id'),
    userId: text('user_id'),
    tags: jsonb('tags').notNull(),
    content: jsonb('content').notNull(),
    resource: jsonb('resource').notNull(),
    scope: jsonb('scope').notNull(),
    attributes: jsonb('attributes').notNull(),
    events: jsonb('events').notNull(),
    links: jsonb('links').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.traceId, t.spanId] })],
);

/** OTLP log records (GenAI message events of legacy instrumentations attach to their span through these). */
export const logRecords = pgTable(
  'log_records',
  {
    projectId: text('project_id').notNull(),
    /** Content hash of the record: a re-sent record is a no-op. */
    recordId: text('record_id').notNull(),
    traceId: text('trace_id'),
    spanId: text('span_id'),
    timeNs: bigint('time_ns', { mode: 'bigint' }).notNull(),
    eventName: text('event_name'),
    severityNumber: smallint('severity_number').notNull(),
    severityText: text('severity_text'),
    body: jsonb('body'),
    attributes: jsonb('attributes').notNull(),
    resource: jsonb('resource').notNull(),
    scope: jsonb('scope').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.recordId] }),
    index('log_records_trace_idx').on(t.projectId, t.traceId),
  ],
);

/**
 * One rollup row per trace. Created `open` when its first span arrives; the close-traces
 * workflow fills the rollup once no span has arrived for TRACE_IDLE_SECONDS; a later span
 * reopens it and the next close recomputes it. `signals` holds the anomaly signals.
 */
export const traces = pgTable(
  'traces',
  {
    projectId: text('project_id').notNull(),
    traceId: text('trace_id').notNull(),
    status: text('status').notNull().default('open'),
    firstReceivedAt: timestamp('first_received_at', { withTimezone: true }).notNull().defaultNow(),
    lastSpanAt: timestamp('last_span_at', { withTimezone: true, mode: 'string', precision: 6 }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    rootSpanName: text('root_span_name'),
    sessionId: text('session_id'),
    userId: text('user_id'),
    release: text('release'),
    environment: text('environment'),
    promptVersion: text('prompt_version'),
    modelVersion: text('model_version'),
    featureFlags: jsonb('feature_flags').notNull().default({}),
    tags: jsonb('tags').notNull().default({}),
    models: jsonb('models').notNull().default([]),
    input: text('input'),
    output: text('output'),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    totalTokens: integer('total_tokens'),
    spanCount: integer('span_count').notNull().default(0),
    llmCalls: integer('llm_calls').notNull().default(0),
    toolCalls: integer('tool_calls').notNull().default(0),
    toolErrors: integer('tool_errors').notNull().default(0),
    hasError: boolean('has_error').notNull().default(false),
    startTime: timestamp('start_time', { withTimezone: true, mode: 'string', precision: 6 }),
    endTime: timestamp('end_time', { withTimezone: true, mode: 'string', precision: 6 }),
    latencyMs: doublePrecision('latency_ms'),
    /** Anomaly signals (next stage): [{ name, strength 0..1, explanation }]. */
    signals: jsonb('signals').notNull().default([]),
    /** Why a signal could not be computed (e.g. an unknown model's context limit). */
    signalNotes: jsonb('signal_notes').notNull().default([]),
    anomalyScore: doublePrecision('anomaly_score'),
    /** The trace's route (agent or root span name): the group token and latency baselines are kept for. */
    route: text('route'),
    /** Near-duplicate key (input SimHash + signal set) for collapsing the review queue. */
    fingerprint: text('fingerprint'),
    /**
     * Why closing this trace failed (status `close_failed`): it is set aside so the other traces
     * close; a new span reopens it and clears this.
     */
    closeError: text('close_error'),
    /** What the spans said about consent to review: granted | refused | invalid, null when none said (core/consent.ts). */
    consent: text('consent'),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.traceId] }),
    index('traces_open_idx').on(t.lastSpanAt).where(sql`status = 'open'`),
    index('traces_project_start_idx').on(t.projectId, t.startTime),
    index('traces_session_idx').on(t.projectId, t.sessionId, t.startTime),
    index('traces_user_idx').on(t.projectId, t.userId, t.startTime),
    index('traces_release_idx').on(t.projectId, t.release),
    index('traces_baseline_idx').on(t.projectId, t.route, t.promptVersion, t.modelVersion, t.startTime),
    index('traces_list_idx').on(t.projectId, sql`(coalesce(${t.startTime}, ${t.lastSpanAt})) desc`, t.traceId.desc()),
    index('traces_signals_idx').using('gin', sql`${t.signals} jsonb_path_ops`),
  ],
);

export type Project = typeof projects.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type TraceRow = typeof traces.$inferSelect;
export type SpanRow = typeof spans.$inferSelect;
