import { doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { datasetVersions, failureModes } from './annotate.js';
import { createdAt } from './common.js';

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

/**
 * One run of evaluator generation: every candidate with its figures (marked as its own
 * cross-validated score), each family's selection-aware pick, what was published and why the rest
 * was not. Immutable (trigger); `run_key` makes a retried run return the same record.
 */
export const generationRuns = pgTable(
  'generation_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id').notNull(),
    runKey: text('run_key').notNull(),
    datasetVersionId: uuid('dataset_version_id')
      .notNull()
      .references(() => datasetVersions.id),
    /** The failure modes asked for; null = every active mode with labels. */
    failureModes: jsonb('failure_modes'),
    createdBy: text('created_by').notNull(),
    publishedCount: integer('published_count').notNull(),
    /** One sentence: what was published, or why nothing was. */
    summary: text('summary').notNull(),
    report: jsonb('report').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('generation_runs_key_idx').on(t.projectId, t.runKey),
    index('generation_runs_project_idx').on(t.projectId, t.createdAt),
  ],
);
