import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { FrozenLabel } from '../core/calibration/human-verdicts.js';
import {
  type HumanCeiling,
  humanCeiling,
  type ModeDisagreement,
  type ModeReviewerAgreement,
  modeDisagreements,
  reviewerAgreement,
} from '../core/calibration/reviewer-agreement.js';
import { AppError } from '../core/errors.js';
import { FROZEN_LABEL_COLUMNS, type FrozenLabelRow, withCoverage } from './label-coverage.js';

/**
 * Current (not superseded) labels on double-reviewed traces whose copies are all done — what
 * reviewer agreement and adjudication read. A trace with a copy still pending is left out: its
 * double review is still blind. `traceId`: one trace only.
 */
export const loadDoubleReviewLabels = async (
  pool: pg.Pool | pg.PoolClient,
  projectId: string,
  traceId?: string,
): Promise<FrozenLabel[]> => {
  const { rows } = await pool.query<FrozenLabelRow>(
    `select ${FROZEN_LABEL_COLUMNS}
     from labels l left join failure_modes m on m.id = l.failure_mode_id
     where l.project_id = $1 and ($2::text is null or l.trace_id = $2)
       and exists (select 1 from review_tasks t where t.project_id = l.project_id and t.trace_id = l.trace_id
                     and t.double_review)
       and not exists (select 1 from review_tasks t where t.project_id = l.project_id and t.trace_id = l.trace_id
                         and t.double_review and t.status = 'pending')
       and not exists (select 1 from labels s where s.project_id = l.project_id and s.supersedes = l.id)`,
    [projectId, traceId ?? null],
  );
  return withCoverage(pool, projectId, rows);
};

/** The project's failure modes that labels may judge (proposed ones are not yet in use). */
const modeKeys = async (pool: pg.Pool, projectId: string, only?: string) =>
  (
    await pool.query<{ key: string }>(
      `select key from failure_modes where project_id = $1 and status <> 'proposed' and ($2::text is null or key = $2)
       order by key`,
      [projectId, only ?? null],
    )
  ).rows.map((r) => r.key);

/** Per failure mode, how well the reviewers agree on the double-reviewed traces (κ or α with its interval). */
export const loadReviewerAgreement = async (
  pool: pg.Pool,
  projectId: string,
  failureMode?: string,
): Promise<ModeReviewerAgreement[]> => {
  const [labels, modes] = await Promise.all([
    loadDoubleReviewLabels(pool, projectId),
    modeKeys(pool, projectId, failureMode),
  ]);
  return modes.map((mode) => reviewerAgreement(labels, mode, { seed: projectId }));
};

/** Double-reviewed traces where the reviewers disagree, per failure mode; `open`: only those not adjudicated yet. */
export const listDisagreements = async (
  pool: pg.Pool,
  projectId: string,
  f: { failureMode?: string; status: 'open' | 'settled' | 'all' },
): Promise<ModeDisagreement[]> => {
  const [labels, modes] = await Promise.all([
    loadDoubleReviewLabels(pool, projectId),
    modeKeys(pool, projectId, f.failureMode),
  ]);
  return modes
    .flatMap((mode) => modeDisagreements(labels, mode))
    .filter((d) => f.status === 'all' || (f.status === 'open') === (d.adjudication === null));
};

/** The reviewers' agreement on an evaluator's failure mode next to the evaluator's own (its stored metrics). */
export const loadHumanCeiling = async (
  pool: pg.Pool,
  projectId: string,
  failureMode: string,
  metrics: unknown,
): Promise<HumanCeiling | null> => {
  const [reviewers] = await loadReviewerAgreement(pool, projectId, failureMode);
  return reviewers ? humanCeiling(reviewers, metrics) : null;
};

export interface NewAdjudication {
  projectId: string;
  traceId: string;
  failureMode: string;
  verdict: 'pass' | 'fail';
  note: string;
  adjudicator: string;
}

/** Why `mode` of `traceId` cannot be adjudicated (409), or the disagreement to settle. */
const disagreementToSettle = async (client: pg.PoolClient, a: NewAdjudication) => {
  const tasks = await client.query<{ pending: number; copies: number }>(
    `select count(*) filter (where status = 'pending')::int as pending, count(*)::int as copies
     from review_tasks where project_id = $1 and trace_id = $2 and double_review`,
    [a.projectId, a.traceId],
  );
  const t = tasks.rows[0]!;
  if (t.copies === 0)
    throw new AppError(
      'conflict',
      `trace ${a.traceId} was not double-reviewed: there is no disagreement to adjudicate`,
    );
  if (t.pending > 0)
    throw new AppError(
      'conflict',
      `trace ${a.traceId} is still out for blind double review: adjudicate once both reviewers have labeled it`,
    );
  const labels = await loadDoubleReviewLabels(client, a.projectId, a.traceId);
  const found = modeDisagreements(labels, a.failureMode)[0];
  if (!found)
    throw new AppError(
      'conflict',
      `the reviewers of trace ${a.traceId} do not disagree on "${a.failureMode}": nothing to adjudicate`,
      { field: 'failureMode' },
    );
  if (found.adjudication)
    throw new AppError(
      'conflict',
      `"${a.failureMode}" on trace ${a.traceId} was already adjudicated (${found.adjudication.verdict}) by ` +
        `${found.adjudication.by} at ${found.adjudication.at}: adjudications are final`,
    );
  if (found.verdicts.some((v) => v.reviewer === a.adjudicator))
    throw new AppError(
      'forbidden',
      `${a.adjudicator} labeled trace ${a.traceId}: a reviewer of the disagreement may not adjudicate it`,
    );
  return found;
};

/**
 * Records the outcome of a disagreement: an adjudication label (append-only like every label;
 * attributed, dated) judging only `failureMode`, naming the labels it settles. It becomes that
 * trace's ground truth for the mode (core/calibration/human-verdicts.ts). One per trace and mode:
 * a second is a 409, also under a race (the partial unique index).
 */
export const recordAdjudication = async (pool: pg.Pool, a: NewAdjudication) => {
  const client = await pool.connect();
  const id = randomUUID();
  try {
    await client.query('begin');
    const mode = await client.query<{ id: string; version: number | null }>(
      `select m.id, (select max(version) from rubric_versions r where r.failure_mode_id = m.id) as version
       from failure_modes m where m.project_id = $1 and m.key = $2`,
      [a.projectId, a.failureMode],
    );
    if (!mode.rows[0])
      throw new AppError('bad_request', `failureMode: no failure mode "${a.failureMode}" in this project`, {
        field: 'failureMode',
      });
    const trace = await client.query('select 1 from traces where project_id = $1 and trace_id = $2', [
      a.projectId,
      a.traceId,
    ]);
    if (trace.rowCount === 0)
      throw new AppError('not_found', `no trace ${a.traceId} in this project`, { field: 'traceId' });
    const found = await disagreementToSettle(client, a);
    const { id: modeId, version } = mode.rows[0];
    await client.query(
      `insert into labels (id, project_id, trace_id, task_id, failure_mode_id, verdict, score, critique, reviewer,
         rubric_version, covered, adjudicates)
       values ($1, $2, $3, null, $4, $5, null, $6, $7, $8, $9, $10)`,
      [
        id,
        a.projectId,
        a.traceId,
        modeId,
        a.verdict,
        a.note,
        a.adjudicator,
        version,
        JSON.stringify([
          { failureModeId: modeId, key: a.failureMode, rubricVersion: version, verdict: a.verdict, score: null },
        ]),
        JSON.stringify(found.verdicts.map((v) => v.labelId)),
      ],
    );
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    if ((err as { code?: string }).code === '23505')
      throw new AppError('conflict', `"${a.failureMode}" on trace ${a.traceId} was just adjudicated by someone else`, {
        cause: err,
      });
    throw err;
  } finally {
    client.release();
  }
  const labels = await loadDoubleReviewLabels(pool, a.projectId, a.traceId);
  return modeDisagreements(labels, a.failureMode).find((d) => d.adjudication?.labelId === id)!;
};
