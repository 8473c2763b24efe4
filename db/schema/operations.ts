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
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt } from './common.js';
import { evaluatorVersions } from './evaluators.js';

/** Live evalloop processes (servers and workers): a dead one's workflows are handed to the others. */
export const executors = pgTable('executors', {
  executorId: text('executor_id').primaryKey(),
  kind: text('kind').notNull(),
  pid: integer('pid').notNull(),
  lastSeen: timestamp('last_seen', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A release gate run: one per (project, release, evidence fingerprint, run number); its verdict and
 * report once decided. A decided run is reused while its evidence is unchanged.
 */
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
    /** running | pass | blocked | inconclusive | error */
    status: text('status').notNull().default('running'),
    result: jsonb('result'),
    markdown: text('markdown'),
    error: text('error'),
    /** SHA-256 of the evidence (core/gate/evidence.ts): candidate items, baseline, evaluator versions, policy. */
    evidence: text('evidence'),
    /** { candidate, baseline, evaluators } counts of that evidence. */
    evidenceSummary: jsonb('evidence_summary'),
    /** How often this decided verdict was handed out again because the evidence was unchanged. */
    reuseCount: integer('reuse_count').notNull().default(0),
    lastReusedAt: timestamp('last_reused_at', { withTimezone: true }),
    createdAt: createdAt(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('gate_runs_release_idx').on(t.projectId, t.release),
    index('gate_runs_time_idx').on(t.projectId, t.createdAt),
    index('gate_runs_evidence_idx').on(t.projectId, t.release, t.evidence),
    check('gate_runs_status_check', sql`${t.status} in ('running', 'pass', 'blocked', 'inconclusive', 'error')`),
  ],
);

/** The items a gate run judged, per side, with their pairing keys (verdicts live in evaluation_results). */
export const gateItems = pgTable(
  'gate_items',
  {
    gateId: text('gate_id').notNull(),
    /** candidate | baseline */
    side: text('side').notNull(),
    itemKey: text('item_key').notNull(),
    traceId: text('trace_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.gateId, t.side, t.traceId] })],
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

/** An admin's waiver of a blocked or inconclusive gate run: who, when, why (immutable, one per run). */
export const gateWaivers = pgTable(
  'gate_waivers',
  {
    gateId: text('gate_id')
      .primaryKey()
      .references(() => gateRuns.id),
    projectId: text('project_id').notNull(),
    waivedBy: text('waived_by').notNull(),
    keyId: text('key_id').notNull(),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [check('gate_waivers_reason_check', sql`length(btrim(${t.reason})) between 1 and 2000`)],
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

/** Alerts raised by drift watch and gating takeovers (shown in the UI, sent to ALERT_WEBHOOK_URL). */
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
    /** Set when an operator acknowledges the alert on the alerts page (null while open). */
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: text('acknowledged_by'),
  },
  (t) => [
    index('alerts_project_idx').on(t.projectId, t.createdAt),
    index('alerts_project_kind_idx').on(t.projectId, t.kind, t.createdAt),
  ],
);

/** Small facts the runtime remembers across restarts (e.g. the judge model last configured). */
export const runtimeState = pgTable('runtime_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
