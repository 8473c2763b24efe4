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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

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
  },
  (t) => [index('api_keys_project_idx').on(t.projectId)],
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
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.traceId] }),
    index('traces_open_idx').on(t.lastSpanAt).where(sql`status = 'open'`),
    index('traces_project_start_idx').on(t.projectId, t.startTime),
    index('traces_session_idx').on(t.projectId, t.sessionId, t.startTime),
    index('traces_user_idx').on(t.projectId, t.userId, t.startTime),
    index('traces_release_idx').on(t.projectId, t.release),
    index('traces_baseline_idx').on(t.projectId, t.route, t.promptVersion, t.modelVersion, t.startTime),
  ],
);

export type Project = typeof projects.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type TraceRow = typeof traces.$inferSelect;
export type SpanRow = typeof spans.$inferSelect;

/** Explicit user feedback on a trace (`POST /api/feedback`); becomes the user_feedback signal. */
export const feedback = pgTable(
  'feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id').notNull(),
    traceId: text('trace_id').notNull(),
    score: doublePrecision('score').notNull(),
    comment: text('comment'),
    source: text('source'),
    createdAt: createdAt(),
  },
  (t) => [index('feedback_trace_idx').on(t.projectId, t.traceId)],
);

/** A project's failure-mode taxonomy; reviewers may propose new modes while labeling. */
export const failureModes = pgTable(
  'failure_modes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id').notNull(),
    key: text('key').notNull(),
    title: text('title').notNull(),
    /** active | proposed | retired */
    status: text('status').notNull().default('active'),
    /** Graded modes take a score 0..1 instead of pass/fail. */
    graded: boolean('graded').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('failure_modes_key_idx').on(t.projectId, t.key)],
);

/** Rubric text of a failure mode, versioned; rows are immutable (trigger). */
export const rubricVersions = pgTable(
  'rubric_versions',
  {
    failureModeId: uuid('failure_mode_id')
      .notNull()
      .references(() => failureModes.id),
    version: integer('version').notNull(),
    rubric: text('rubric').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.failureModeId, t.version] })],
);

/** A review cycle: the traces of one time window, ranked into a queue within a budget. */
export const cycles = pgTable(
  'cycles',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true, mode: 'string' }).notNull(),
    windowEnd: timestamp('window_end', { withTimezone: true, mode: 'string' }).notNull(),
    budget: integer('budget').notNull(),
    randomFraction: doublePrecision('random_fraction').notNull(),
    status: text('status').notNull().default('reviewing'),
    /** The workflow's current stage, and the error of a failed step. */
    stage: text('stage'),
    error: text('error'),
    /** What the fill saw and chose: candidates, strata, duplicates collapsed. */
    fillStats: jsonb('fill_stats').notNull().default({}),
    /** The cycle report: what was reviewed, what was learned, which evaluators changed status. */
    report: jsonb('report'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cycles_project_idx').on(t.projectId, t.windowStart)],
);

/** One trace to review in one cycle, with why and how likely it was picked. */
export const reviewTasks = pgTable(
  'review_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id').notNull(),
    cycleId: text('cycle_id')
      .notNull()
      .references(() => cycles.id),
    traceId: text('trace_id').notNull(),
    /** anomaly | random */
    sampling: text('sampling').notNull(),
    /** The stratum it was drawn from: a signal name, or 'random'. */
    stratum: text('stratum').notNull(),
    probability: doublePrecision('probability').notNull(),
    priority: doublePrecision('priority').notNull(),
    /** The signals (name, strength, explanation) that made it a candidate. */
    reasons: jsonb('reasons').notNull(),
    duplicateCount: integer('duplicate_count').notNull().default(0),
    duplicateTraceIds: jsonb('duplicate_trace_ids').notNull().default([]),
    /** pending | labeled | skipped */
    status: text('status').notNull().default('pending'),
    assignedTo: text('assigned_to'),
    lockedBy: text('locked_by'),
    lockExpiresAt: timestamp('lock_expires_at', { withTimezone: true }),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('review_tasks_cycle_trace_idx').on(t.cycleId, t.traceId),
    index('review_tasks_queue_idx').on(t.projectId, t.status, t.priority),
  ],
);

/**
 * Human labels: append-only (a trigger rejects UPDATE, DELETE and TRUNCATE). A correction is
 * a new label whose `supersedes` names the old one. `failure_mode_id` null = "no failure",
 * a negative example for every mode.
 */
export const labels = pgTable(
  'labels',
  {
    id: uuid('id').primaryKey(),
    projectId: text('project_id').notNull(),
    traceId: text('trace_id').notNull(),
    taskId: uuid('task_id'),
    failureModeId: uuid('failure_mode_id').references(() => failureModes.id),
    /** fail | pass (for that mode; "no failure" labels are pass) */
    verdict: text('verdict').notNull(),
    /** Graded modes: 0..1. */
    score: doublePrecision('score'),
    critique: text('critique'),
    reviewer: text('reviewer').notNull(),
    rubricVersion: integer('rubric_version'),
    sampling: text('sampling'),
    samplingProbability: doublePrecision('sampling_probability'),
    supersedes: uuid('supersedes'),
    createdAt: createdAt(),
  },
  (t) => [
    index('labels_project_mode_idx').on(t.projectId, t.failureModeId),
    index('labels_trace_idx').on(t.projectId, t.traceId),
  ],
);

/** A named set of labels (one failure mode, or all when failure_mode_id is null). */
export const datasets = pgTable(
  'datasets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id').notNull(),
    name: text('name').notNull(),
    failureModeId: uuid('failure_mode_id').references(() => failureModes.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('datasets_name_idx').on(t.projectId, t.name)],
);

/** A frozen, content-hashed version of a dataset: exactly these labels under these rubrics. Immutable. */
export const datasetVersions = pgTable(
  'dataset_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    version: integer('version').notNull(),
    contentHash: text('content_hash').notNull(),
    labelCount: integer('label_count').notNull(),
    /** failure mode key → rubric version the labels were made under. */
    rubricVersions: jsonb('rubric_versions').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('dataset_versions_idx').on(t.datasetId, t.version)],
);

/** The labels of a dataset version. Immutable. */
export const datasetVersionLabels = pgTable(
  'dataset_version_labels',
  {
    datasetVersionId: uuid('dataset_version_id')
      .notNull()
      .references(() => datasetVersions.id),
    labelId: uuid('label_id')
      .notNull()
      .references(() => labels.id),
  },
  (t) => [primaryKey({ columns: [t.datasetVersionId, t.labelId] })],
);

/** An evaluator: one implementation slot for a failure mode (its versions carry the substance). */
export const evaluators = pgTable(
  'evaluators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id').notNull(),
    failureModeId: uuid('failure_mode_id')
      .notNull()
      .references(() => failureModes.id),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('evaluators_name_idx').on(t.projectId, t.failureModeId, t.name)],
);

/**
 * An immutable evaluator version: kind, config, threshold, judge pin, the dataset version it
 * was calibrated on and the agreement measured there. Changing anything makes a new version;
 * status changes are recorded in `evaluator_status_changes`.
 */
export const evaluatorVersions = pgTable(
  'evaluator_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    evaluatorId: uuid('evaluator_id')
      .notNull()
      .references(() => evaluators.id),
    version: integer('version').notNull(),
    kind: text('kind').notNull(),
    config: jsonb('config').notNull(),
    rubric: text('rubric'),
    threshold: doublePrecision('threshold').notNull(),
    model: text('model'),
    provider: text('provider'),
    calibrationDatasetVersionId: uuid('calibration_dataset_version_id').references(() => datasetVersions.id),
    /** Agreement with humans: MCC and its interval, confusion, TPR/TNR, n per class, flip rate. */
    metrics: jsonb('metrics').notNull(),
    /** The status it was published with (gate | signal | revise | retired); later changes: status table. */
    initialStatus: text('initial_status').notNull(),
    parentVersionId: uuid('parent_version_id'),
    /** A person's name, or 'generator'. */
    createdBy: text('created_by').notNull(),
    /** Idempotency key of the step that published it (a retried step finds its version instead of adding one). */
    sourceKey: text('source_key').unique(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('evaluator_versions_idx').on(t.evaluatorId, t.version)],
);

/** Append-only history of an evaluator version's status (gate | signal | revise | retired), with reasons. */
export const evaluatorStatusChanges = pgTable(
  'evaluator_status_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    evaluatorVersionId: uuid('evaluator_version_id')
      .notNull()
      .references(() => evaluatorVersions.id),
    status: text('status').notNull(),
    reason: text('reason').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('evaluator_status_version_idx').on(t.evaluatorVersionId, t.createdAt)],
);

/** A calibration run of one evaluator version on one dataset version: the full report. Immutable. */
export const calibrationReports = pgTable(
  'calibration_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    evaluatorVersionId: uuid('evaluator_version_id')
      .notNull()
      .references(() => evaluatorVersions.id),
    datasetVersionId: uuid('dataset_version_id').references(() => datasetVersions.id),
    /** Protocol, agreement, per-item out-of-fold predictions, disagreements with critiques. */
    report: jsonb('report').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('calibration_reports_version_idx').on(t.evaluatorVersionId, t.createdAt)],
);

/** Results of running an evaluator version over traces (a dataset version or a trace filter). */
export const evaluationResults = pgTable(
  'evaluation_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id').notNull(),
    evaluatorVersionId: uuid('evaluator_version_id')
      .notNull()
      .references(() => evaluatorVersions.id),
    runId: text('run_id').notNull(),
    traceId: text('trace_id').notNull(),
    score: doublePrecision('score'),
    verdict: text('verdict'),
    explanation: text('explanation'),
    /** Tokens and USD for judges. */
    cost: jsonb('cost'),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('evaluation_results_run_idx').on(t.runId, t.evaluatorVersionId, t.traceId),
    index('evaluation_results_trace_idx').on(t.projectId, t.traceId),
  ],
);

/** Judge results by (evaluator config hash, item content hash, sample): a re-run costs nothing. */
export const judgeCache = pgTable('judge_cache', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  createdAt: createdAt(),
});

/** Live evalloop processes (servers and workers): a dead one's workflows are handed to the others. */
export const executors = pgTable('executors', {
  executorId: text('executor_id').primaryKey(),
  kind: text('kind').notNull(),
  pid: integer('pid').notNull(),
  lastSeen: timestamp('last_seen', { withTimezone: true }).notNull().defaultNow(),
});

/** A release gate: one per (project, release); its verdict and report once decided. */
export const gateRuns = pgTable(
  'gate_runs',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id').notNull(),
    release: text('release').notNull(),
    baseline: text('baseline'),
    /** traces (tagged with the release) | upload (outputs for a dataset version's inputs) */
    source: text('source').notNull(),
    datasetVersionId: uuid('dataset_version_id'),
    /** running | pass | blocked | error */
    status: text('status').notNull().default('running'),
    result: jsonb('result'),
    markdown: text('markdown'),
    error: text('error'),
    createdAt: createdAt(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('gate_runs_release_idx').on(t.projectId, t.release),
    index('gate_runs_time_idx').on(t.projectId, t.createdAt),
  ],
);

/** Candidate outputs uploaded for a gate (for a dataset version's inputs), keyed by item. */
export const gateOutputs = pgTable(
  'gate_outputs',
  {
    gateId: text('gate_id').notNull(),
    itemKey: text('item_key').notNull(),
    input: text('input').notNull(),
    output: text('output').notNull(),
    context: jsonb('context'),
  },
  (t) => [primaryKey({ columns: [t.gateId, t.itemKey] })],
);

/** Agreement of an evaluator version with humans over time (calibration and every recalibration). */
export const agreementHistory = pgTable(
  'agreement_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    evaluatorVersionId: uuid('evaluator_version_id')
      .notNull()
      .references(() => evaluatorVersions.id),
    /** calibration | scheduled | model_change | manual */
    trigger: text('trigger').notNull(),
    model: text('model'),
    mcc: doublePrecision('mcc'),
    mccLower: doublePrecision('mcc_lower'),
    mccUpper: doublePrecision('mcc_upper'),
    n: integer('n').notNull(),
    details: jsonb('details').notNull(),
    measuredAt: timestamp('measured_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('agreement_history_version_idx').on(t.evaluatorVersionId, t.measuredAt)],
);

/** Alerts raised by drift watch (shown in the UI, sent to ALERT_WEBHOOK_URL). */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id').notNull(),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    details: jsonb('details').notNull(),
    delivered: boolean('delivered').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('alerts_project_idx').on(t.projectId, t.createdAt)],
);

/** Small facts the runtime remembers across restarts (e.g. the judge model last configured). */
export const runtimeState = pgTable('runtime_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
