import type pg from 'pg';
import {
  buildScorecard,
  type Grouping,
  type Scorecard,
  type ScorecardEvaluator,
  type ScorecardGroup,
  type VerdictCounts,
} from '../core/scorecard/build.js';
import { calibrationCountsOf } from '../core/scorecard/release-rate.js';
import { latestCalibrationReport } from './evaluators.js';
import { gateEvaluatorVersions } from './gate-evidence.js';

/** Groups shown at most (the most recent by first trace). */
export const MAX_SCORECARD_GROUPS = 50;

/** Column per grouping: a fixed map, never text from the request. */
const COLUMN: Record<Grouping, string> = {
  release: 'release',
  prompt_version: 'prompt_version',
  model_version: 'model_version',
};

/** The groups with closed traces, oldest first by first trace (the newest `MAX_SCORECARD_GROUPS`). */
export const scorecardGroups = async (pool: pg.Pool, projectId: string, by: Grouping): Promise<ScorecardGroup[]> => {
  const col = COLUMN[by];
  const { rows } = await pool.query<ScorecardGroup>(
    `select * from (
       select ${col} as key, min(start_time)::text as "firstTraceAt", count(*)::int as traces from traces
       where project_id = $1 and status = 'closed' and ${col} is not null and ${col} <> ''
       group by ${col} order by min(start_time) desc, ${col} limit $2) g
     order by "firstTraceAt", key`,
    [projectId, MAX_SCORECARD_GROUPS],
  );
  return rows;
};

/** The gating and signal evaluator versions with their calibration (TPR/TNR and out-of-fold counts). */
export const scorecardEvaluators = async (pool: pg.Pool, projectId: string): Promise<ScorecardEvaluator[]> => {
  const versions = await gateEvaluatorVersions(pool, projectId);
  return Promise.all(
    versions.map(async (v) => {
      const report = await latestCalibrationReport(pool, v.id);
      const predictions = report?.report?.predictions;
      return {
        versionId: v.id,
        failureMode: v.failureMode,
        name: v.name,
        version: v.version,
        status: v.status === 'gate' ? ('gate' as const) : ('signal' as const),
        tpr: typeof v.metrics.tpr === 'number' ? v.metrics.tpr : null,
        tnr: typeof v.metrics.tnr === 'number' ? v.metrics.tnr : null,
        calibration: Array.isArray(predictions) ? calibrationCountsOf(predictions) : null,
      };
    }),
  );
};

/**
 * Pass and fail counts per (group, evaluator version) over the groups' closed traces: the latest
 * result of each version on each trace (gate runs and evaluator runs may both have judged it);
 * errors (no verdict) are not counted. `meanScore` scores each result as core/evaluators/result-score.ts does.
 */
export const scorecardCounts = async (
  pool: pg.Pool,
  projectId: string,
  by: Grouping,
  groups: readonly string[],
  versionIds: readonly string[],
): Promise<VerdictCounts[]> => {
  if (groups.length === 0 || versionIds.length === 0) return [];
  const col = COLUMN[by];
  const { rows } = await pool.query<VerdictCounts>(
    `select t.${col} as "group", r.evaluator_version_id::text as "versionId",
            count(*) filter (where r.verdict = 'pass')::int as pass, count(*) filter (where r.verdict = 'fail')::int as fail,
            avg(case when r.score is not null and r.score <> 'NaN'::float8 then least(greatest(r.score, 0), 1)
                     when r.verdict = 'pass' then 1 else 0 end)::float8 as "meanScore"
     from traces t
     join lateral (select evaluator_version_id, verdict, score from (
         select distinct on (x.evaluator_version_id) x.evaluator_version_id, x.verdict, x.score from evaluation_results x
         where x.project_id = t.project_id and x.trace_id = t.trace_id and x.evaluator_version_id = any($3::uuid[])
           and x.verdict is not null
         order by x.evaluator_version_id, x.created_at desc, x.id) latest) r on true
     where t.project_id = $1 and t.status = 'closed' and t.${col} = any($2::text[])
     group by 1, 2`,
    [projectId, groups, versionIds],
  );
  return rows;
};

/** The most recent closed traces of a release, at most `limit` (what "compute" judges). */
export const recentReleaseTraces = async (pool: pg.Pool, projectId: string, release: string, limit: number) =>
  (
    await pool.query<{ trace_id: string }>(
      `select trace_id from traces where project_id = $1 and release = $2 and status = 'closed'
       order by start_time desc, trace_id limit $3`,
      [projectId, release, limit],
    )
  ).rows.map((r) => r.trace_id);

/** The whole scorecard of a project, grouped `by` (see core/scorecard/build.ts). */
export const loadScorecard = async (pool: pg.Pool, projectId: string, by: Grouping): Promise<Scorecard> => {
  const [groups, evaluators] = await Promise.all([
    scorecardGroups(pool, projectId, by),
    scorecardEvaluators(pool, projectId),
  ]);
  const counts = await scorecardCounts(
    pool,
    projectId,
    by,
    groups.map((g) => g.key),
    evaluators.map((e) => e.versionId),
  );
  return buildScorecard(by, groups, evaluators, counts);
};
