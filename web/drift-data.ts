/**
 * Read-only queries for drift watch's records: an evaluator's agreement with humans over time
 * (`agreement_history`) and the project's alerts (`alerts`). Every query is scoped to the project.
 */
import type pg from 'pg';
import { isUuid } from './web-env.js';

export interface AgreementPoint {
  versionId: string;
  version: number;
  /** calibration | scheduled | model_change | manual */
  trigger: string;
  model: string | null;
  mcc: number | null;
  lower: number | null;
  upper: number | null;
  n: number;
  measuredAt: string;
  /** measured_at in epoch milliseconds (the chart's x). */
  t: number;
}

/** Measurements per version the chart draws (the newest ones). */
const POINTS_PER_VERSION = 400;

/** Every version's agreement measurements of one evaluator, oldest first. */
export const loadAgreement = async (pool: pg.Pool, projectId: string, evaluatorId: string) =>
  (
    await pool.query(
      `select "versionId", version, trigger, model, mcc, lower, upper, n, "measuredAt", t from (
         select h.evaluator_version_id as "versionId", v.version, h.trigger, h.model, h.mcc,
                h.mcc_lower as lower, h.mcc_upper as upper, h.n, h.measured_at::text as "measuredAt",
                (extract(epoch from h.measured_at) * 1000)::float8 as t, h.measured_at, h.id,
                row_number() over (partition by h.evaluator_version_id order by h.measured_at desc, h.id desc) as k
         from agreement_history h
         join evaluator_versions v on v.id = h.evaluator_version_id
         join evaluators e on e.id = v.evaluator_id
         where e.project_id = $1 and v.evaluator_id = $2) x
       where k <= $3 order by measured_at, id`,
      [projectId, evaluatorId, POINTS_PER_VERSION],
    )
  ).rows as AgreementPoint[];

export interface AlertView {
  id: string;
  kind: string;
  message: string;
  delivered: boolean;
  createdAt: string;
  /** The evaluator version the alert is about (`details.versionId`), when it names a valid one. */
  versionId: string | null;
}

const ALERT_COLUMNS = `id, kind, message, delivered, created_at::text as "createdAt",
  coalesce(details->>'versionId', details->>'evaluatorVersionId') as "versionId"`;

const view = (r: AlertView): AlertView => ({
  ...r,
  versionId: r.versionId && isUuid(r.versionId) ? r.versionId : null,
});

/** Alerts about one evaluator version, newest first. */
export const loadVersionAlerts = async (pool: pg.Pool, projectId: string, versionId: string, limit = 20) =>
  (
    await pool.query(
      `select ${ALERT_COLUMNS} from alerts where project_id = $1
         and coalesce(details->>'versionId', details->>'evaluatorVersionId') = $2
       order by created_at desc, id limit $3`,
      [projectId, versionId, limit],
    )
  ).rows.map(view);

export interface AlertSummary {
  /** Alerts not acknowledged that are not yet delivered, or raised in the last 7 days. */
  count: number;
  undelivered: number;
  latest: AlertView;
}

/** The project's open alerts (not acknowledged; undelivered or from the last 7 days): how many, and the latest; null when none. */
export const loadAlertSummary = async (pool: pg.Pool, projectId: string): Promise<AlertSummary | null> => {
  const { rows } = await pool.query(
    `select ${ALERT_COLUMNS}, count(*) over ()::int as count,
            (count(*) filter (where not delivered) over ())::int as undelivered
     from alerts where project_id = $1 and acknowledged_at is null
       and (not delivered or created_at > now() - interval '7 days')
     order by created_at desc, id limit 1`,
    [projectId],
  );
  const r = rows[0];
  if (!r) return null;
  const { count, undelivered, ...latest } = r;
  return { count, undelivered, latest: view(latest) };
};
