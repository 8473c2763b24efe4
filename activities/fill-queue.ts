import { cycleIdOf } from '../core/cycle-id.js';
import { pickDoubleReview } from '../core/queue/double-review.js';
import { createDuplicateTest } from '../core/queue/duplicates.js';
import { planQueue } from '../core/queue/fill.js';
import { ensureCycle, saveFillStats } from '../db/cycles.js';
import { cycleContents, insertTasks } from '../db/review-tasks.js';
import { windowCandidates } from '../db/trace-signals.js';
import type { ActivityDeps } from './deps.js';

export interface FillQueueInput {
  projectId: string;
  /** ISO instants: the window's closed traces are the candidates. */
  windowStart: string;
  windowEnd: string;
  budget?: number;
  randomFraction?: number;
  /** Share of the added traces queued blind to two reviewers; default: the project's `review.doubleReviewShare`. */
  doubleReviewShare?: number;
  /** The cycle to fill; default: derived from project and window (so a repeated fill is the same cycle). */
  cycleId?: string;
}

/**
 * Fills a cycle's review queue from the closed traces of its window: a random slice plus
 * stratified anomaly picks, near-duplicates collapsed (see core/queue/fill.ts). Idempotent: a
 * trace is never added twice to one cycle, and a repeated fill only tops the queue up to its budget.
 * Traces that may not be reviewed (core/consent.ts) are never candidates; the fill says how many and why.
 * A share of the added traces is queued twice, blind, for two different reviewers (double review);
 * the budget counts traces, so the second copies are reviewing work on top of it.
 */
export const createFillQueueActivity = (deps: ActivityDeps) => async (input: FillQueueInput) => {
  const cycle = await ensureCycle(deps.pool, {
    id: input.cycleId ?? cycleIdOf(input.projectId, input.windowStart, input.windowEnd),
    projectId: input.projectId,
    windowStart: input.windowStart,
    windowEnd: input.windowEnd,
    budget: input.budget ?? deps.config.REVIEW_BUDGET,
    randomFraction: input.randomFraction ?? deps.config.REVIEW_RANDOM_FRACTION,
  });
  const existing = await cycleContents(deps.pool, cycle.id);
  const { consent } = await deps.settingsOf(input.projectId);
  const { candidates, excluded } = await windowCandidates(
    deps.pool,
    input.projectId,
    cycle.windowStart,
    cycle.windowEnd,
    consent,
  );
  const plan = planQueue(candidates, {
    budget: cycle.budget - existing.queued,
    randomFraction: cycle.randomFraction,
    seed: cycle.id,
    duplicates: createDuplicateTest(),
    exclude: existing.covered,
    queued: existing.queued,
    randomAlready: existing.random,
  });
  const share = input.doubleReviewShare ?? (await deps.settingsOf(input.projectId)).review.doubleReviewShare;
  const double = pickDoubleReview(
    plan.tasks.map((t) => t.traceId),
    share,
    `${cycle.id}:${existing.queued}`,
  );
  const { added, copies } = await insertTasks(deps.pool, input.projectId, cycle.id, plan.tasks, double);
  const excludedNoConsent = excluded.missing + excluded.refused + excluded.invalid;
  const stats = { ...plan.stats, excludedNoConsent, excludedByReason: excluded };
  await saveFillStats(deps.pool, cycle.id, {
    ...stats,
    added,
    alreadyQueued: existing.queued,
    doubleReview: { share, added: copies },
  });
  return { cycleId: cycle.id, added, doubleReviewed: copies, queued: existing.queued + added, stats };
};
