import type pg from 'pg';
import { AppError } from '../core/errors.js';
import type { EvaluatorConfig } from '../core/evaluators/types.js';
import { recordGatingTakeover } from './gating-takeover.js';

export type EvaluatorStatus = 'gate' | 'signal' | 'revise' | 'retired';

/** Everything a new evaluator version records. */
export interface NewEvaluatorVersion {
  projectId: string;
  failureModeKey: string;
  name: string;
  config: EvaluatorConfig;
  threshold: number;
  calibrationDatasetVersionId: string | null;
  metrics: Record<string, unknown>;
  status: EvaluatorStatus;
  statusReason: string;
  parentVersionId: string | null;
  createdBy: string;
  report: Record<string, unknown> | null;
  /** Idempotency key: publishing again with the same key returns the version already published. */
  sourceKey?: string | null;
}

export interface EvaluatorVersionView {
  id: string;
  evaluatorId: string;
  name: string;
  failureMode: string;
  version: number;
  kind: string;
  config: EvaluatorConfig;
  rubric: string | null;
  threshold: number;
  model: string | null;
  provider: string | null;
  calibrationDatasetVersionId: string | null;
  metrics: Record<string, unknown>;
  status: EvaluatorStatus;
  statusReason: string;
  parentVersionId: string | null;
  createdBy: string;
  createdAt: string;
}

const SELECT_VERSIONS = `
  select v.id, v.evaluator_id as "evaluatorId", e.name, m.key as "failureMode", v.version, v.kind, v.config, v.rubric,
         v.threshold, v.model, v.provider, v.calibration_dataset_version_id as "calibrationDatasetVersionId", v.metrics,
         coalesce(s.status, v.initial_status) as status, coalesce(s.reason, '') as "statusReason",
         v.parent_version_id as "parentVersionId", v.created_by as "createdBy", v.created_at::text as "createdAt"
  from evaluator_versions v
  join evaluators e on e.id = v.evaluator_id
  join failure_modes m on m.id = e.failure_mode_id
  left join lateral (select status, reason from evaluator_status_changes c where c.evaluator_version_id = v.id
                     order by created_at desc, id desc limit 1) s on true`;

/**
 * Publishes an immutable evaluator version (creating the evaluator on first use) with its status
 * and report. A version with the same `sourceKey` is returned instead of a second one; losing a race
 * for it is looked up once more (`attempt`), never retried in a loop.
 */
export const publishEvaluatorVersion = async (
  pool: pg.Pool,
  v: NewEvaluatorVersion,
  attempt = 1,
): Promise<EvaluatorVersionView> => {
  if (v.sourceKey) {
    const existing = await pool.query('select id from evaluator_versions where source_key = $1', [v.sourceKey]);
    if (existing.rows[0]) {
      const found = await findEvaluatorVersion(pool, v.projectId, existing.rows[0].id);
      // Source keys are global; one held by another project's version is not this caller's to see.
      if (!found) throw new AppError('conflict', `source key ${v.sourceKey} is already taken`);
      return found;
    }
  }
  const client = await pool.connect();
  let id: string;
  try {
    await client.query('begin');
    const mode = await client.query('select id from failure_modes where project_id = $1 and key = $2', [
      v.projectId,
      v.failureModeKey,
    ]);
    if (mode.rowCount === 0) throw new AppError('not_found', `no failure mode "${v.failureModeKey}"`);
    await client.query(
      `insert into evaluators (project_id, failure_mode_id, name) values ($1, $2, $3) on conflict do nothing`,
      [v.projectId, mode.rows[0].id, v.name],
    );
    const evaluator = await client.query(
      'select id from evaluators where project_id = $1 and failure_mode_id = $2 and name = $3 for update',
      [v.projectId, mode.rows[0].id, v.name],
    );
    const evaluatorId = evaluator.rows[0].id as string;
    const judge = v.config.kind === 'judge' ? v.config : null;
    const inserted = await client.query(
      `insert into evaluator_versions (evaluator_id, version, kind, config, rubric, threshold, model, provider,
         calibration_dataset_version_id, metrics, initial_status, parent_version_id, created_by, source_key)
       select $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
       from evaluator_versions where evaluator_id = $1
       returning id`,
      [
        evaluatorId,
        v.config.kind,
        JSON.stringify(v.config),
        judge?.rubric ?? null,
        v.threshold,
        judge?.model ?? null,
        judge?.provider ?? null,
        v.calibrationDatasetVersionId,
        JSON.stringify(v.metrics),
        v.status,
        v.parentVersionId,
        v.createdBy,
        v.sourceKey ?? null,
      ],
    );
    id = inserted.rows[0].id;
    await client.query(
      'insert into evaluator_status_changes (evaluator_version_id, status, reason, created_by) values ($1, $2, $3, $4)',
      [id, v.status, v.statusReason, v.createdBy],
    );
    const mcc = typeof v.metrics.mcc === 'number' ? v.metrics.mcc : null;
    const ci = v.metrics.mccCI as { lower: number; upper: number } | null | undefined;
    await client.query(
      `insert into agreement_history (evaluator_version_id, trigger, model, mcc, mcc_lower, mcc_upper, n, details)
       values ($1, 'calibration', $2, $3, $4, $5, $6, $7)`,
      [
        id,
        judge?.model ?? null,
        mcc,
        ci?.lower ?? null,
        ci?.upper ?? null,
        Number(v.metrics.nFail ?? 0) + Number(v.metrics.nPass ?? 0),
        JSON.stringify({ tpr: v.metrics.tpr ?? null, tnr: v.metrics.tnr ?? null }),
      ],
    );
    if (v.report) {
      await client.query(
        'insert into calibration_reports (evaluator_version_id, dataset_version_id, report) values ($1, $2, $3)',
        [id, v.calibrationDatasetVersionId, JSON.stringify(v.report)],
      );
    }
    if (v.status === 'gate') await recordGatingTakeover(client, id, v.createdBy);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    client.release();
    if ((err as { code?: string }).code !== '23505') throw err;
    // Another worker published the same step first: its version is returned by the lookup above.
    if (v.sourceKey && attempt === 1) return publishEvaluatorVersion(pool, v, 2);
    throw new AppError('conflict', `evaluator "${v.name}" of "${v.failureModeKey}" was published concurrently`, {
      cause: err,
      retryable: true,
    });
  }
  client.release();
  return (await findEvaluatorVersion(pool, v.projectId, id))!;
};

export const findEvaluatorVersion = async (pool: pg.Pool, projectId: string, id: string) =>
  ((await pool.query(`${SELECT_VERSIONS} where e.project_id = $1 and v.id = $2`, [projectId, id])).rows[0] ??
    null) as EvaluatorVersionView | null;

/** Every evaluator version of a project (optionally one failure mode), newest version first per evaluator. */
export const listEvaluatorVersions = async (
  pool: pg.Pool,
  projectId: string,
  failureModeKey?: string,
): Promise<EvaluatorVersionView[]> =>
  (
    await pool.query(
      `${SELECT_VERSIONS} where e.project_id = $1 and ($2::text is null or m.key = $2)
       order by m.key, e.name, v.version desc`,
      [projectId, failureModeKey ?? null],
    )
  ).rows;

/** The latest version of each evaluator (what gates and dashboards use). */
export const latestEvaluatorVersions = async (pool: pg.Pool, projectId: string, failureModeKey?: string) => {
  const all = await listEvaluatorVersions(pool, projectId, failureModeKey);
  const seen = new Set<string>();
  return all.filter((v) => !seen.has(v.evaluatorId) && seen.add(v.evaluatorId));
};

/** Records a status change (append-only) with its reason. */
export const changeEvaluatorStatus = async (
  pool: pg.Pool,
  projectId: string,
  versionId: string,
  status: EvaluatorStatus,
  reason: string,
  by: string,
) => {
  const before = await findEvaluatorVersion(pool, projectId, versionId);
  if (!before) throw new AppError('not_found', `no evaluator version ${versionId}`);
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      'insert into evaluator_status_changes (evaluator_version_id, status, reason, created_by) values ($1, $2, $3, $4)',
      [versionId, status, reason, by],
    );
    if (status === 'gate' && before.status !== 'gate') await recordGatingTakeover(client, versionId, by);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
  return (await findEvaluatorVersion(pool, projectId, versionId))!;
};

/** The status history of a version, oldest first. */
export const statusHistory = async (pool: pg.Pool, versionId: string) =>
  (
    await pool.query(
      `select status, reason, created_by as "createdBy", created_at::text as "createdAt"
       from evaluator_status_changes where evaluator_version_id = $1 order by created_at, id`,
      [versionId],
    )
  ).rows as { status: EvaluatorStatus; reason: string; createdBy: string; createdAt: string }[];

/** The newest calibration report of a version. */
export const latestCalibrationReport = async (pool: pg.Pool, versionId: string) =>
  (
    await pool.query(
      `select id, dataset_version_id as "datasetVersionId", report, created_at::text as "createdAt"
       from calibration_reports where evaluator_version_id = $1 order by created_at desc limit 1`,
      [versionId],
    )
  ).rows[0] ?? null;
