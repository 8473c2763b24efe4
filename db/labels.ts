import type pg from 'pg';
import type { CoveredVerdict } from '../core/calibration/human-verdicts.js';
import { coverageOf } from '../core/calibration/label-coverage.js';
import { AppError } from '../core/errors.js';
import { coveredFromRow, loadModeHistory } from './label-coverage.js';
import type { CoveredModeRow } from './schema/annotate.js';

/** A verdict the reviewer gave one failure mode explicitly. */
export interface ModeVerdict {
  failureModeKey: string;
  verdict: 'fail' | 'pass';
  /** Graded modes: 0..1. */
  score: number | null;
}

export interface NewLabel {
  /** Client-supplied: repeating the same request is harmless. */
  id: string;
  projectId: string;
  traceId: string;
  taskId: string | null;
  /** The modes judged explicitly, in the reviewer's order (the marked modes fail). */
  verdicts: ModeVerdict[];
  /**
   * The other modes the label passes: `'active'` = every active mode when it is recorded, a list =
   * exactly these modes (the ones the reviewer's form presented), `[]` = none (an old single-mode label).
   */
  alsoPassing: 'active' | string[];
  critique: string | null;
  reviewer: string;
  supersedes: string | null;
  /** The request field that named the modes, for error messages (default 'failureModes'). */
  field?: string;
}

export interface LabelView {
  id: string;
  traceId: string;
  taskId: string | null;
  /** The first failing mode (null = "no failure"); see `covered` for every mode judged. */
  failureMode: string | null;
  /** Every mode the label marked failing. */
  failureModes: string[];
  /** Every mode the label judged, at the rubric version in force (legacy labels: as read by `coverageOf`). */
  covered: CoveredVerdict[];
  /** False for labels made before coverage was recorded. */
  coverageRecorded: boolean;
  verdict: string;
  score: number | null;
  critique: string | null;
  reviewer: string;
  rubricVersion: number | null;
  sampling: string | null;
  samplingProbability: number | null;
  supersedes: string | null;
  /** The label that corrected this one, or null while it is current. */
  supersededBy: string | null;
  /** Non-null: an adjudication (the ids of the disagreeing labels it settled). */
  adjudicates: string[] | null;
  createdAt: string;
}

const SELECT_LABELS = `
  select l.id, l.trace_id as "traceId", l.task_id as "taskId", m.key as "failureMode", l.verdict, l.score, l.critique,
         l.reviewer, l.rubric_version as "rubricVersion", l.sampling, l.sampling_probability as "samplingProbability",
         l.supersedes, l.covered, l.adjudicates, l.created_at::text as "createdAt",
         (select s.id from labels s where s.project_id = l.project_id and s.supersedes = l.id
          order by s.created_at limit 1) as "supersededBy"
  from labels l left join failure_modes m on m.id = l.failure_mode_id`;

/**
 * SQL (needs `l` and a parameter `viewer`): the label is visible to `viewer` — their own, or its
 * trace has no double-review copy still pending. Double review is blind: until both reviewers
 * have labeled, neither sees the other's label (nor does anyone else).
 */
export const visibleTo = (viewer: string) => `(l.reviewer = ${viewer} or not exists (
  select 1 from review_tasks bt where bt.project_id = l.project_id and bt.trace_id = l.trace_id
    and bt.double_review and bt.status = 'pending'))`;

type LabelRow = Omit<LabelView, 'covered' | 'failureModes' | 'coverageRecorded'> & { covered: CoveredModeRow[] | null };

const toViews = async (pool: pg.Pool, projectId: string, rows: LabelRow[]) => {
  const needsHistory = rows.some((r) => r.covered === null && r.failureMode === null);
  const modes = needsHistory ? await loadModeHistory(pool, projectId) : [];
  return rows.map((r): LabelView => {
    const recorded = coveredFromRow(r.covered);
    const covered = coverageOf({ ...r, verdict: r.verdict as 'fail' | 'pass', covered: recorded }, modes);
    return {
      ...r,
      covered,
      coverageRecorded: recorded !== null,
      failureModes: covered.filter((c) => c.verdict === 'fail').map((c) => c.failureMode),
    };
  });
};

export const findLabel = async (pool: pg.Pool, projectId: string, id: string): Promise<LabelView | null> => {
  const { rows } = await pool.query<LabelRow>(`${SELECT_LABELS} where l.project_id = $1 and l.id = $2`, [
    projectId,
    id,
  ]);
  return (await toViews(pool, projectId, rows))[0] ?? null;
};

/**
 * The project's labels, newest first (one trace's with `traceId`). `viewer`: whose eyes — other
 * reviewers' labels on a trace still out for blind double review are left out (`visibleTo`).
 */
export const listLabels = async (
  pool: pg.Pool,
  f: { projectId: string; traceId?: string; limit: number; viewer: string },
): Promise<LabelView[]> => {
  const params: unknown[] = [f.projectId];
  const where = ['l.project_id = $1'];
  if (f.traceId) where.push(`l.trace_id = $${params.push(f.traceId)}`);
  where.push(visibleTo(`$${params.push(f.viewer)}`));
  params.push(f.limit);
  const { rows } = await pool.query<LabelRow>(
    `${SELECT_LABELS} where ${where.join(' and ')} order by l.created_at desc limit $${params.length}`,
    params,
  );
  return toViews(pool, f.projectId, rows);
};

/** How many labels of a trace `viewer` may not see yet (blind double review still out). */
export const hiddenLabelCount = async (pool: pg.Pool, projectId: string, traceId: string, viewer: string) =>
  (
    await pool.query<{ n: number }>(
      `select count(*)::int as n from labels l where l.project_id = $1 and l.trace_id = $2 and not ${visibleTo('$3')}`,
      [projectId, traceId, viewer],
    )
  ).rows[0]!.n;

/**
 * Whether a stored label is what this request would record: the same trace, critique and
 * correction, the same verdict (and score) on every mode the request names, the same failing
 * modes, and — when the request lists the modes it passes — the same covered modes. (`'active'`
 * is not compared: a mode activated between two tries of one request must not turn a retry into a conflict.)
 */
const sameLabel = (stored: LabelView, next: NewLabel) => {
  if (stored.traceId !== next.traceId) return false;
  if ((stored.critique ?? null) !== next.critique || (stored.supersedes ?? null) !== next.supersedes) return false;
  const byMode = new Map(stored.covered.map((c) => [c.failureMode, c]));
  for (const v of next.verdicts) {
    const c = byMode.get(v.failureModeKey);
    if (!c || c.verdict !== v.verdict || (c.score ?? null) !== v.score) return false;
  }
  const failing = new Set(next.verdicts.filter((v) => v.verdict === 'fail').map((v) => v.failureModeKey));
  if (stored.failureModes.length !== failing.size || stored.failureModes.some((m) => !failing.has(m))) return false;
  if (next.alsoPassing === 'active') return true;
  const keys = new Set([...next.verdicts.map((v) => v.failureModeKey), ...next.alsoPassing]);
  return byMode.size === keys.size && [...keys].every((k) => byMode.has(k));
};

/** The stored label with this id, or a conflict when it is not the same label (or not this project's). */
const existingLabel = async (pool: pg.Pool, label: NewLabel) => {
  const existing = await findLabel(pool, label.projectId, label.id);
  if (existing) {
    if (!sameLabel(existing, label)) {
      throw new AppError('conflict', `label id ${label.id} was already used for a different label`, { field: 'id' });
    }
    return existing;
  }
  const taken = await pool.query('select 1 from labels where id = $1', [label.id]);
  if (taken.rowCount) {
    // Ids are global; the label that holds this one belongs to another project, and nothing of it is told.
    throw new AppError('conflict', `label id ${label.id} is already taken: send a new UUID for a new label`, {
      field: 'id',
    });
  }
  return null;
};

interface ModeRow {
  id: string;
  key: string;
  status: string;
  version: number | null;
}

/** The covered modes of a new label, each resolved to its id and current rubric version; unknown or retired keys are a 400. */
const resolveCoverage = async (client: pg.PoolClient, label: NewLabel): Promise<CoveredModeRow[]> => {
  const { rows } = await client.query<ModeRow>(
    `select m.id, m.key, m.status, (select max(version) from rubric_versions r where r.failure_mode_id = m.id) as version
     from failure_modes m where m.project_id = $1 order by m.key`,
    [label.projectId],
  );
  const byKey = new Map(rows.map((m) => [m.key, m]));
  const field = label.field ?? 'failureModes';
  const modeOf = (key: string, where: string) => {
    const mode = byKey.get(key);
    if (!mode)
      throw new AppError('bad_request', `${where}: no failure mode "${key}" in this project`, { field: where });
    if (mode.status === 'retired')
      throw new AppError('bad_request', `${where}: failure mode "${key}" is retired`, { field: where });
    return mode;
  };
  const seen = new Set<string>();
  const covered: CoveredModeRow[] = [];
  const add = (mode: ModeRow, verdict: 'fail' | 'pass', score: number | null) => {
    if (seen.has(mode.key)) return;
    seen.add(mode.key);
    covered.push({ failureModeId: mode.id, key: mode.key, rubricVersion: mode.version, verdict, score });
  };
  for (const v of label.verdicts) add(modeOf(v.failureModeKey, field), v.verdict, v.score);
  const passing =
    label.alsoPassing === 'active'
      ? rows.filter((m) => m.status === 'active')
      : label.alsoPassing.map((k) => modeOf(k, 'covered'));
  for (const mode of passing) add(mode, 'pass', null);
  return covered;
};

/** Locks the review task (when the label names one) and returns its sampling reason and probability. */
const taskSampling = async (client: pg.PoolClient, label: NewLabel) => {
  if (!label.taskId) return null;
  const task = await client.query(
    `select t.sampling, t.probability, t.status, t.locked_by, t.lock_expires_at > now() as locked, t.trace_id,
            exists (select 1 from review_tasks s where s.cycle_id = t.cycle_id and s.trace_id = t.trace_id and s.id <> t.id
                      and (s.assigned_to = $3 or (s.locked_by = $3 and s.lock_expires_at > now())
                           or exists (select 1 from labels o where o.task_id = s.id and o.reviewer = $3))) as other_copy
     from review_tasks t where t.project_id = $1 and t.id = $2 for update of t`,
    [label.projectId, label.taskId, label.reviewer],
  );
  const t = task.rows[0];
  if (!t) throw new AppError('not_found', `no review task ${label.taskId}`, { field: 'taskId' });
  if (t.trace_id !== label.traceId)
    throw new AppError('bad_request', `taskId: task ${label.taskId} is for another trace`, { field: 'taskId' });
  if (t.locked && t.locked_by !== label.reviewer)
    throw new AppError('conflict', `task ${label.taskId} is being reviewed by ${t.locked_by}`);
  if (t.other_copy)
    throw new AppError(
      'conflict',
      `task ${label.taskId} is the second copy of a double-reviewed trace whose other copy you hold or labeled: ` +
        'another reviewer must label it',
      { field: 'taskId' },
    );
  return { sampling: t.sampling as string, probability: t.probability as number };
};

/**
 * A correction must name a current label of the same trace: correcting a label that was already
 * corrected would leave two current labels. Serialized per superseded label (a transaction-scoped
 * advisory lock), so two corrections racing for one label cannot both pass.
 */
const checkSupersedes = async (client: pg.PoolClient, label: NewLabel, supersedes: string) => {
  await client.query('select pg_advisory_xact_lock(hashtext($1))', [`supersedes:${supersedes}`]);
  const old = await client.query<{ trace_id: string; by: string | null; adjudicates: string[] | null }>(
    `select l.trace_id, l.adjudicates, (select s.id::text from labels s where s.project_id = l.project_id
       and s.supersedes = l.id limit 1) as by
     from labels l where l.project_id = $1 and l.id = $2`,
    [label.projectId, supersedes],
  );
  const row = old.rows[0];
  if (!row) throw new AppError('bad_request', `supersedes: no label ${supersedes}`, { field: 'supersedes' });
  if (row.adjudicates !== null)
    throw new AppError('bad_request', `supersedes: label ${supersedes} is an adjudication, which is final`, {
      field: 'supersedes',
    });
  if (row.trace_id !== label.traceId)
    throw new AppError('bad_request', `supersedes: label ${supersedes} is for another trace`, { field: 'supersedes' });
  if (row.by)
    throw new AppError(
      'conflict',
      `supersedes: label ${supersedes} was already corrected by label ${row.by}; correct that one instead`,
      { field: 'supersedes' },
    );
};

const insertLabel = async (client: pg.PoolClient, label: NewLabel) => {
  const trace = await client.query('select 1 from traces where project_id = $1 and trace_id = $2', [
    label.projectId,
    label.traceId,
  ]);
  if (trace.rowCount === 0)
    throw new AppError('not_found', `no trace ${label.traceId} in this project`, { field: 'traceId' });
  const covered = await resolveCoverage(client, label);
  const sampling = await taskSampling(client, label);
  if (label.supersedes) await checkSupersedes(client, label, label.supersedes);
  // The row's single-mode columns describe the first failing mode (or the one mode of an old-style label).
  const oldStyle = Array.isArray(label.alsoPassing) && label.alsoPassing.length === 0;
  const first = label.verdicts.find((v) => v.verdict === 'fail') ?? (oldStyle ? label.verdicts[0] : undefined);
  const primary = first ? covered.find((c) => c.key === first.failureModeKey) : undefined;
  await client.query(
    `insert into labels (id, project_id, trace_id, task_id, failure_mode_id, verdict, score, critique, reviewer,
       rubric_version, sampling, sampling_probability, supersedes, covered)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      label.id,
      label.projectId,
      label.traceId,
      label.taskId,
      primary?.failureModeId ?? null,
      primary?.verdict ?? 'pass',
      primary?.score ?? null,
      label.critique,
      label.reviewer,
      primary?.rubricVersion ?? null,
      sampling?.sampling ?? null,
      sampling?.probability ?? null,
      label.supersedes,
      JSON.stringify(covered),
    ],
  );
  if (label.taskId) {
    await client.query(
      `update review_tasks set status = 'labeled', completed_at = now(), locked_by = null, lock_expires_at = null
       where id = $1 and status = 'pending'`,
      [label.taskId],
    );
  }
};

/**
 * Records a label with every failure mode it covered (each at the rubric version in force) and
 * the task's sampling reason and probability, and completes the task — in one transaction. The
 * same id sent again returns the stored label; the same id with different content, or an id
 * another project's label holds, is a conflict. A unique violation (two tries of one request
 * racing) is looked up once, never retried in a loop.
 */
export const recordLabel = async (pool: pg.Pool, label: NewLabel): Promise<{ label: LabelView; created: boolean }> => {
  const before = await existingLabel(pool, label);
  if (before) return { label: before, created: false };
  const client = await pool.connect();
  try {
    await client.query('begin');
    await insertLabel(client, label);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    if ((err as { code?: string }).code !== '23505') throw err;
    const raced = await existingLabel(pool, label);
    if (raced) return { label: raced, created: false };
    throw new AppError('conflict', `label id ${label.id} could not be stored; send it again`, { cause: err });
  } finally {
    client.release();
  }
  return { label: (await findLabel(pool, label.projectId, label.id))!, created: true };
};
