import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
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
import { createdAt } from './common.js';

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
    /** 1, or 2 for the second (blind) copy of a double-reviewed trace. */
    copy: smallint('copy').notNull().default(1),
    /** The trace is queued twice in this cycle, for two different reviewers who do not see each other's label. */
    doubleReview: boolean('double_review').notNull().default(false),
    assignedTo: text('assigned_to'),
    lockedBy: text('locked_by'),
    lockExpiresAt: timestamp('lock_expires_at', { withTimezone: true }),
    /** Set when the task left the queue without a reviewer's skip (e.g. 'consent': consent was withdrawn). */
    skipReason: text('skip_reason'),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('review_tasks_cycle_trace_idx').on(t.cycleId, t.traceId, t.copy),
    index('review_tasks_queue_idx').on(t.projectId, t.status, t.priority),
    index('review_tasks_trace_idx').on(t.projectId, t.traceId),
    check('review_tasks_copy_check', sql`${t.copy} in (1, 2) and (${t.copy} = 1 or ${t.doubleReview})`),
  ],
);

/** One failure mode a label judged, as stored in `labels.covered`. */
export interface CoveredModeRow {
  failureModeId: string;
  /** The mode's key (keys never change; kept so the row reads on its own). */
  key: string;
  /** The rubric version in force when the label was made. */
  rubricVersion: number | null;
  verdict: 'fail' | 'pass';
  /** Graded modes: 0..1. */
  score: number | null;
}

/**
 * Human labels: append-only (a trigger rejects UPDATE, DELETE and TRUNCATE). A correction is
 * a new label whose `supersedes` names the old one; it replaces the old label for every mode.
 *
 * Storage of coverage: one row per submission, with `covered` listing every failure mode the
 * reviewer judged (a fail for each mode marked, a pass for each other mode shown on the form),
 * each at the rubric version in force. One row keeps a submission atomic under the row trigger,
 * keeps the client id a plain primary key (idempotent), and lets `supersedes` correct the whole
 * judgement at once. `failure_mode_id`/`verdict`/`score`/`rubric_version` still describe the
 * first failing mode (or "no failure": null, pass) for older readers; `covered` is authoritative.
 * `covered` null = a label from before coverage was recorded: it judges only its own
 * `failure_mode_id`, and a "no failure" one passes the modes that existed when it was made
 * (core/calibration/label-coverage.ts).
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
    /** Every failure mode this label judged; null for labels made before coverage was recorded. */
    covered: jsonb('covered').$type<CoveredModeRow[]>(),
    /**
     * Non-null: this label is an adjudication — the ground truth of its one failure mode on a
     * double-reviewed trace whose reviewers disagreed; lists the disagreeing labels' ids.
     */
    adjudicates: jsonb('adjudicates').$type<string[]>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('labels_adjudication_idx')
      .on(t.projectId, t.traceId, t.failureModeId)
      .where(sql`${t.adjudicates} is not null`),
    check(
      'labels_adjudicates_shape',
      sql`${t.adjudicates} is null or (jsonb_typeof(${t.adjudicates}) = 'array' and ${t.failureModeId} is not null)`,
    ),
    index('labels_project_mode_idx').on(t.projectId, t.failureModeId),
    index('labels_trace_idx').on(t.projectId, t.traceId),
    index('labels_covered_idx').using('gin', sql`${t.covered} jsonb_path_ops`),
    check('labels_covered_shape', sql`${t.covered} is null or jsonb_typeof(${t.covered}) = 'array'`),
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
    /** Labels left out because their traces may not be reviewed (no consent). */
    excludedNoConsent: integer('excluded_no_consent').notNull().default(0),
    /** Labels on synthetic traces (generated, not observed). */
    syntheticLabels: integer('synthetic_labels').notNull().default(0),
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
