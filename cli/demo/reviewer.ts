import { randomUUID } from 'node:crypto';
import { writeCritique } from './critiques.js';
import { type FailureModeKey, failureModeKeys } from './failure-modes.js';
import { createRng, type Rng } from './rng.js';
import type { TraceTruth } from './types.js';

export interface SimulatedReviewerOptions {
  /** evalloop's base URL. */
  url: string;
  /** A review key; its label names the reviewer on every label (the demo uses 'simulated-reviewer (demo)'). */
  reviewKey: string;
  /** The cycle whose queue to work through. */
  cycleId: string;
  /** Ground truth by trace id, from the simulated agent. */
  truth: Map<string, TraceTruth>;
  /** Share of tasks where the reviewer makes the wrong call (a miss, a false alarm or another mode); default 0.08. */
  disagreement?: number;
  seed: number;
  onProgress?: (progress: ReviewerCounts) => void;
}

export interface ReviewerCounts {
  labeled: number;
  /** Labels with a failure mode (verdict fail). */
  failures: number;
  /** Labels of "no failure". */
  passes: number;
  /** Labels whose call differs from the ground truth. */
  disagreements: number;
  /** Tasks whose trace the reviewer has no ground truth for (skipped). */
  skipped: number;
  byMode: Record<FailureModeKey, number>;
}

interface QueueTask {
  id: string;
  traceId: string;
}

/** The reviewer's call: usually the truth; with probability `disagreement` a wrong one. */
const decide = (rng: Rng, truth: TraceTruth, disagreement: number): FailureModeKey | null => {
  if (!rng.chance(disagreement)) return truth.mode;
  if (truth.mode === null) return rng.pick(failureModeKeys);
  return rng.chance(0.7) ? null : rng.pick(failureModeKeys.filter((k) => k !== truth.mode));
};

/**
 * Works through a cycle's review queue like a human reviewer: takes the next task, labels its trace
 * from the ground truth (with a realistic share of wrong calls) with a short critique, until the
 * queue is empty. Returns what it did.
 */
export const runSimulatedReviewer = async (options: SimulatedReviewerOptions): Promise<ReviewerCounts> => {
  const base = options.url.replace(/\/$/, '');
  const rng = createRng(options.seed);
  const disagreement = options.disagreement ?? 0.08;
  const post = async (path: string, body: unknown) => {
    // One retry for transient failures; the label id makes a repeated label harmless.
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.reviewKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).catch((err: unknown) => (attempt < 2 ? null : Promise.reject(err)));
      if (response?.ok) return response.json();
      if (response && (response.status < 500 || attempt >= 2)) {
        throw new Error(`simulated reviewer: POST ${path} answered ${response.status}: ${await response.text()}`);
      }
    }
  };
  const counts: ReviewerCounts = {
    labeled: 0,
    failures: 0,
    passes: 0,
    disagreements: 0,
    skipped: 0,
    byMode: { invented_citation: 0, wrong_tool: 0, ignored_tool_result: 0, over_budget: 0 },
  };
  for (;;) {
    const { task } = (await post('/api/queue/next', { cycle: options.cycleId })) as { task: QueueTask | null };
    if (!task) break;
    const truth = options.truth.get(task.traceId);
    if (!truth) {
      await post(`/api/queue/${task.id}/skip`, {});
      counts.skipped++;
      continue;
    }
    const call = decide(rng, truth, disagreement);
    // Like the review form: the mode the trace shows (or none), judged against every active mode.
    await post('/api/labels', {
      id: randomUUID(),
      traceId: task.traceId,
      taskId: task.id,
      failureModes: call === null ? [] : [call],
      critique: writeCritique(rng, truth, call),
    });
    counts.labeled++;
    if (call === null) counts.passes++;
    else {
      counts.failures++;
      counts.byMode[call]++;
    }
    if (call !== truth.mode) counts.disagreements++;
    options.onProgress?.({ ...counts, byMode: { ...counts.byMode } });
  }
  return counts;
};
