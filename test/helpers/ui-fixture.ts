import { randomUUID } from 'node:crypto';
import { decideEvaluator } from '../../core/gate/decide.js';
import { decideGate } from '../../core/gate/gate.js';
import type { GateItem } from '../../core/gate/types.js';
import { callApi } from './cycle-fixture.js';
import { newTraceId } from './otlp-json.js';
import { seedReviewQueue } from './review-fixture.js';
import type { TestServer } from './server.js';

/** The ids behind every page of the web UI, as `seedUiPages` left them. */
export interface UiPages {
  cycleId: string;
  /** A pending task nobody holds. */
  pendingTaskId: string;
  /** A task labeled through the API. */
  labeledTaskId: string;
  traceId: string;
  evaluatorVersionId: string;
  generationRunId: string;
  gateId: string;
}

const LABELED = 22;

/**
 * Data for every page: a review cycle of 26 chat traces (every other one cut off, see
 * seedReviewQueue), 22 of them labeled for the `cut_off` failure mode, a real generation run over
 * those labels (it publishes evaluators), and a decided release gate that uses the first one.
 */
export const seedUiPages = async (server: TestServer): Promise<UiPages> => {
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await callApi(server.url, server.keys.admin, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  await api('POST', '/api/failure-modes', {
    key: 'cut_off',
    title: 'Answer cut off',
    rubric: 'Fails when the answer is empty or stops mid-sentence.',
  });
  await api('POST', '/api/failure-modes', {
    key: 'tone',
    title: 'Tone',
    rubric: 'How polite and clear the answer is (0 = rude).',
    graded: true,
  });
  const { cycleId, traceIds } = await seedReviewQueue(server, LABELED + 4);
  const { rows: tasks } = await server.runtime.pool.query<{ id: string; trace_id: string }>(
    `select id, trace_id from review_tasks where project_id = 'default' and cycle_id = $1`,
    [cycleId],
  );
  const taskOf = new Map(tasks.map((t) => [t.trace_id, t.id]));
  for (const [i, traceId] of traceIds.slice(0, LABELED).entries()) {
    await api('POST', '/api/labels', {
      id: randomUUID(),
      traceId,
      taskId: taskOf.get(traceId),
      failureMode: 'cut_off',
      verdict: i % 2 ? 'fail' : 'pass',
      critique: i % 2 ? 'The answer is empty: the model ran out of tokens.' : 'Answers the question.',
    });
  }
  const generated = await api('POST', '/api/evaluators/generate', { failureMode: 'cut_off' });
  const published = generated.failureModes[0]?.published[0];
  if (!published) throw new Error(`generation published nothing: ${JSON.stringify(generated.summary)}`);
  const version = (await api('GET', `/api/evaluators/versions/${published.id}`)).version;

  const items = (verdictOf: (i: number) => 'pass' | 'fail'): GateItem[] =>
    Array.from({ length: 40 }, (_, i) => ({ key: `question ${i}`, verdict: verdictOf(i), traceId: newTraceId() }));
  const result = decideGate(
    [
      decideEvaluator({
        evaluator: {
          id: version.id,
          name: version.name,
          failureMode: 'cut_off',
          status: 'gate',
          version: version.version,
          mcc: 0.8,
          tpr: 0.9,
          tnr: 0.9,
        },
        candidate: items((i) => (i < 9 ? 'fail' : 'pass')),
        baseline: items((i) => (i < 1 ? 'fail' : 'pass')),
      }),
    ],
    { release: '2.4.0', baseline: '2.3.0' },
  );
  const gateId = `gate-${randomUUID()}`;
  await server.runtime.pool.query(
    `insert into gate_runs (id, project_id, release, baseline, source, status, result, markdown, created_at, decided_at)
     values ($1, 'default', '2.4.0', '2.3.0', 'traces', $2, $3, '', now() - interval '2 minutes', now())`,
    [gateId, result.verdict, JSON.stringify(result)],
  );

  const pending = traceIds.slice(LABELED).find((t) => taskOf.has(t));
  const labeled = traceIds.find((t) => taskOf.has(t));
  if (!pending || !labeled) throw new Error('the queue holds too few of the seeded traces');
  return {
    cycleId,
    pendingTaskId: taskOf.get(pending)!,
    labeledTaskId: taskOf.get(labeled)!,
    traceId: labeled,
    evaluatorVersionId: version.id,
    generationRunId: generated.runId,
    gateId,
  };
};
