import { randomUUID } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import type { Activities } from '../activities/registry.js';
import { AppError } from '../core/errors.js';
import { GROUPINGS, scorecardCsv } from '../core/scorecard/build.js';
import { gateEvaluatorVersions } from '../db/gate-evidence.js';
import { loadScorecard, recentReleaseTraces } from '../db/scorecard.js';
import { type AppEnv, type KeyLookup, requirePermission } from './auth.js';
import { validate } from './validate.js';

/** Traces of a release that "compute" judges at most (the most recent). */
export const COMPUTE_TRACE_LIMIT = 2_000;

export interface ScorecardRouteDeps {
  pool: pg.Pool;
  lookupKey: KeyLookup;
  activities: Pick<Activities, 'runEvaluator'>;
}

/** `POST /api/scorecard/compute`: the release whose closed traces the gating and signal evaluators run over. */
export const computeBody = z.object({ release: z.string().min(1).max(200) }).strict();

export const scorecardQuery = z
  .object({
    by: z.enum(GROUPINGS).default('release').describe('group by release, prompt_version or model_version'),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

/**
 * Runs every gating and signal evaluator over the release's most recent closed traces (at most
 * `COMPUTE_TRACE_LIMIT`), through the evaluator-run path; results land in evaluation_results.
 */
export const computeReleaseScorecard = async (
  deps: Pick<ScorecardRouteDeps, 'pool' | 'activities'>,
  projectId: string,
  release: string,
) => {
  const [traces, versions] = await Promise.all([
    recentReleaseTraces(deps.pool, projectId, release, COMPUTE_TRACE_LIMIT),
    gateEvaluatorVersions(deps.pool, projectId),
  ]);
  if (traces.length === 0) {
    throw new AppError('not_found', `release "${release}" has no closed traces`, { field: 'release' });
  }
  if (versions.length === 0) {
    throw new AppError('conflict', 'no gating or signal evaluator to run: publish or promote one first');
  }
  const runs = [];
  for (const v of versions) {
    runs.push(
      await deps.activities.runEvaluator({
        projectId,
        versionId: v.id,
        target: { release, newest: COMPUTE_TRACE_LIMIT },
        runId: `scorecard:${release}:${randomUUID()}`,
      }),
    );
  }
  return { release, traces: traces.length, runs };
};

/** read_traces (review, admin) or gate (ci): the scorecard holds figures, no trace text. */
const readOrGate = (lookup: KeyLookup): MiddlewareHandler<AppEnv> => {
  const read = requirePermission(lookup, 'read_traces');
  const gate = requirePermission(lookup, 'gate');
  const done = async () => {};
  return async (c, next) => {
    try {
      await read(c, done);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'forbidden')) throw err;
      try {
        await gate(c, done);
      } catch (inner) {
        if (!(inner instanceof AppError && inner.code === 'forbidden')) throw inner;
        throw new AppError(
          'forbidden',
          'the scorecard needs a key that may read traces or gate (review, ci or admin)',
          {
            cause: inner,
          },
        );
      }
    }
    await next();
  };
};

/**
 * The scorecard: GET /api/scorecard (JSON or CSV) and POST /api/scorecard/compute, which runs the
 * gating and signal evaluators over a release's most recent closed traces (admin).
 */
export const createScorecardRoutes = (deps: ScorecardRouteDeps) => {
  const app = new Hono<AppEnv>();

  app.get('/', readOrGate(deps.lookupKey), validate('query', scorecardQuery), async (c) => {
    const q = c.req.valid('query');
    const scorecard = await loadScorecard(deps.pool, c.get('caller').projectId, q.by);
    if (q.format === 'json') return c.json(scorecard);
    return c.body(scorecardCsv(scorecard), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="scorecard-${q.by}.csv"`,
    });
  });

  app.post('/compute', requirePermission(deps.lookupKey, 'manage'), validate('json', computeBody), async (c) => {
    const { release } = c.req.valid('json');
    const projectId = c.get('caller').projectId;
    return c.json(await computeReleaseScorecard(deps, projectId, release));
  });
  return app;
};
