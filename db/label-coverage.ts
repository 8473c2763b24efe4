import type pg from 'pg';
import type { CoveredVerdict, FrozenLabel } from '../core/calibration/human-verdicts.js';
import { coverageOf, type ModeHistory } from '../core/calibration/label-coverage.js';
import type { CoveredModeRow } from './schema/annotate.js';

/** When each failure mode of the project (retired ones too) and each of its rubric versions was written. */
export const loadModeHistory = async (pool: pg.Pool | pg.PoolClient, projectId: string): Promise<ModeHistory[]> =>
  (
    await pool.query(
      `select m.key, m.status, m.created_at::text as "createdAt",
              coalesce((select json_agg(json_build_object('version', r.version, 'createdAt', r.created_at::text))
                        from rubric_versions r where r.failure_mode_id = m.id), '[]') as "rubricVersions"
       from failure_modes m where m.project_id = $1 order by m.key`,
      [projectId],
    )
  ).rows;

/** The stored `labels.covered` as the core reads it (null stays null: a legacy label). */
export const coveredFromRow = (rows: CoveredModeRow[] | null | undefined): CoveredVerdict[] | null =>
  rows
    ? rows.map((c) => ({ failureMode: c.key, rubricVersion: c.rubricVersion, verdict: c.verdict, score: c.score }))
    : null;

/**
 * SQL: one row `c(key, verdict)` per failure mode a label `l` judged, for counting in SQL (needs
 * `m` = the label's own failure mode, left-joined). Legacy labels judge their own mode only; a legacy
 * "no failure" label yields no row (it fails nothing, and its passes depend on mode history: read
 * those in TypeScript with `coverageOf`).
 */
export const LABEL_VERDICTS_SQL = `jsonb_to_recordset(coalesce(l.covered,
    case when m.key is null then '[]'::jsonb
         else jsonb_build_array(jsonb_build_object('key', m.key, 'verdict', l.verdict)) end)) as c(key text, verdict text)`;

/** A label row as selected with `FROZEN_LABEL_COLUMNS`. */
export type FrozenLabelRow = Omit<FrozenLabel, 'covered'> & { covered: CoveredModeRow[] | null };

/**
 * Label columns a `FrozenLabel` is read from (alias `l`, with `m` = its own failure mode
 * left-joined); `doubleReview`: the trace was queued blind to two reviewers in some cycle.
 */
export const FROZEN_LABEL_COLUMNS = `l.id, l.trace_id as "traceId", m.key as "failureMode", l.verdict, l.score, l.critique,
  l.reviewer, l.created_at::text as "createdAt", l.covered, l.rubric_version as "rubricVersion", l.supersedes,
  l.adjudicates, exists (select 1 from review_tasks dt where dt.project_id = l.project_id and dt.trace_id = l.trace_id
    and dt.double_review) as "doubleReview"`;

/**
 * Labels as the core reads them, with `covered` always filled in: as recorded, or for a legacy
 * label as `coverageOf` reads it against the project's mode history.
 */
export const withCoverage = async <R extends FrozenLabelRow>(
  pool: pg.Pool | pg.PoolClient,
  projectId: string,
  rows: R[],
): Promise<(Omit<R, 'covered'> & { covered: CoveredVerdict[] })[]> => {
  const legacyNoFailure = rows.some((r) => r.covered === null && r.failureMode === null);
  const modes = legacyNoFailure ? await loadModeHistory(pool, projectId) : [];
  return rows.map((r) => ({ ...r, covered: coverageOf({ ...r, covered: coveredFromRow(r.covered) }, modes) }));
};
