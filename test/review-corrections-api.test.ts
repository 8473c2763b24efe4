import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../db/api-keys.js';
import { getCycle, sleep, waitForCycle } from './helpers/cycle-fixture.js';
import { request } from './helpers/http.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { seedReviewQueue } from './helpers/review-fixture.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** A waiting cycle re-checks only every 10 minutes by itself: a wake must move it within this. */
const WAKE_MS = 10_000;

let server: TestServer;
let alice: string;
let bob: string;
let other: { ingest: string; admin: string };
let otherReview: string;
let otherTask: string;

const call = (method: string, path: string, key: string, body?: unknown) =>
  request(server.url, method, path, { key, body });

const taskRows = async () =>
  (
    await server.runtime.pool.query<{ id: string; trace_id: string; status: string }>(
      `select id, trace_id, status from review_tasks where project_id = 'default' order by priority desc, id`,
    )
  ).rows;

const label = (key: string, taskId: string, traceId: string, extra: Record<string, unknown> = {}) =>
  call('POST', '/api/labels', key, {
    id: randomUUID(),
    traceId,
    taskId,
    failureModes: ['hallucination'],
    critique: 'invents a date',
    ...extra,
  });

beforeAll(async () => {
  server = await startTestServer();
  alice = await createApiKey(server.runtime.db, 'default', 'review', 'alice');
  bob = await createApiKey(server.runtime.db, 'default', 'review', 'bob');
  for (const key of ['hallucination', 'pii_leak']) {
    const made = await call('POST', '/api/failure-modes', server.keys.admin, {
      key,
      title: key,
      rubric: `The ${key} rubric. Fail: an example. Pass: another.`,
    });
    expect(made.status).toBe(201);
  }
  await seedReviewQueue(server, 8);
  other = await server.createProject('corrections-other');
  otherReview = await createApiKey(server.runtime.db, 'corrections-other', 'review', 'carol');
  const traceId = newTraceId();
  const t0 = Date.UTC(2026, 4, 4, 9, 0, 0);
  await postJson(
    server.url,
    other.ingest,
    otlpJsonTraces([
      { traceId, spanId: newSpanId(), name: 'chat', startMs: t0, attributes: chatAttributes('hi', 'hello') },
    ]),
  );
  await server.runtime.activities.closeTraces({ idleSeconds: 0 });
  const fill = await call('POST', '/api/queue/fill', other.admin, {
    from: new Date(t0 - 60_000).toISOString(),
    to: new Date(t0 + 60_000).toISOString(),
    budget: 1,
  });
  expect(fill.status, fill.text).toBe(200);
  const { rows } = await server.runtime.pool.query<{ id: string }>(
    `select id from review_tasks where project_id = 'corrections-other'`,
  );
  otherTask = rows[0]!.id;
});

afterAll(async () => {
  await server?.stop();
});

describe('correcting a label', () => {
  it('records a correction that supersedes the label, keeps both in the history, and refuses a second correction of the old one', async () => {
    const [task] = await taskRows();
    const first = await label(alice, task!.id, task!.trace_id);
    expect(first.status, first.text).toBe(201);
    expect((await taskRows()).find((t) => t.id === task!.id)?.status).toBe('labeled');

    const fixId = randomUUID();
    const fix = await label(alice, task!.id, task!.trace_id, {
      id: fixId,
      failureModes: ['pii_leak'],
      critique: 'it reads the email back',
      supersedes: first.body.label.id,
    });
    expect(fix.status, fix.text).toBe(201);
    expect(fix.body.label).toMatchObject({ supersedes: first.body.label.id, failureModes: ['pii_leak'] });
    // A retry of the same correction is the same label.
    const retry = await label(alice, task!.id, task!.trace_id, {
      id: fixId,
      failureModes: ['pii_leak'],
      critique: 'it reads the email back',
      supersedes: first.body.label.id,
    });
    expect(retry.status).toBe(200);

    const history = await call('GET', `/api/labels?traceId=${task!.trace_id}`, alice);
    expect(history.status).toBe(200);
    expect(history.body.labels.map((l: { id: string; supersededBy: string | null }) => [l.id, l.supersededBy])).toEqual(
      [
        [fixId, null],
        [first.body.label.id, fixId],
      ],
    );
    // The task stays labeled, and the ground truth is the correction only.
    expect((await taskRows()).find((t) => t.id === task!.id)?.status).toBe('labeled');

    const again = await label(bob, task!.id, task!.trace_id, { supersedes: first.body.label.id });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(`already corrected by label ${fixId}`);
  });

  it.each([
    ['an unknown label', () => randomUUID(), 400, 'supersedes: no label'],
    ['a label of another trace', async () => 'other-trace', 400, 'is for another trace'],
  ])('refuses a correction of %s', async (_what, target, status, message) => {
    const tasks = await taskRows();
    const [a, b] = [tasks[1]!, tasks[2]!];
    let supersedes = await target();
    if (supersedes === 'other-trace') {
      const elsewhere = await label(alice, b.id, b.trace_id);
      expect(elsewhere.status, elsewhere.text).toBe(201);
      supersedes = elsewhere.body.label.id;
    }
    const answer = await call('POST', '/api/labels', alice, {
      id: randomUUID(),
      traceId: a.trace_id,
      failureModes: [],
      supersedes,
    });
    expect(answer.status, answer.text).toBe(status);
    expect(answer.body.error.message).toContain(message);
  });
});

describe('un-skipping a task', () => {
  it('returns a skipped task to pending, opened by the reviewer who un-skips it; a second un-skip is a conflict', async () => {
    const pending = (await taskRows()).filter((t) => t.status === 'pending');
    const task = pending[0]!;
    expect((await call('POST', `/api/queue/${task.id}/skip`, alice)).status).toBe(200);
    const back = await call('POST', `/api/queue/${task.id}/unskip`, bob);
    expect(back.status, back.text).toBe(200);
    expect(back.body.task).toMatchObject({ id: task.id, status: 'pending', lockedBy: 'bob' });
    // Bob holds it now: Alice cannot lock it.
    expect((await call('POST', `/api/queue/${task.id}/lock`, alice)).status).toBe(409);
    const twice = await call('POST', `/api/queue/${task.id}/unskip`, bob);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('is pending, not skipped');
    // Bob can label it now.
    expect((await label(bob, task.id, task.trace_id)).status).toBe(201);
    const labeled = await call('POST', `/api/queue/${task.id}/unskip`, bob);
    expect(labeled.status).toBe(409);
    expect(labeled.body.error.message).toContain('is labeled, not skipped');
  });

  it('refuses to un-skip a task assigned to someone else', async () => {
    const task = (await taskRows()).find((t) => t.status === 'pending')!;
    expect((await call('POST', `/api/queue/${task.id}/skip`, alice)).status).toBe(200);
    expect((await call('POST', `/api/queue/${task.id}/assign`, server.keys.admin, { reviewer: 'alice' })).status).toBe(
      200,
    );
    const bobs = await call('POST', `/api/queue/${task.id}/unskip`, bob);
    expect(bobs.status).toBe(409);
    expect(bobs.body.error.message).toContain('assigned to alice');
    expect((await call('POST', `/api/queue/${task.id}/unskip`, alice)).status).toBe(200);
  });

  it.each([
    ['an unknown task', () => randomUUID(), () => alice, 404],
    ["another project's task", () => otherTask, () => alice, 404],
    ['a malformed id', () => 'not-a-uuid', () => alice, 400],
    ['an ingest key', () => randomUUID(), () => server.keys.ingest, 403],
    ['no key', () => randomUUID(), () => '', 401],
  ])('answers %s with %s', async (_what, id, key, status) => {
    const answer = await call('POST', `/api/queue/${id()}/unskip`, key());
    expect(answer.status, answer.text).toBe(status);
  });

  it("leaves another project's skipped task alone", async () => {
    expect((await call('POST', `/api/queue/${otherTask}/skip`, otherReview)).status).toBe(200);
    expect((await call('POST', `/api/queue/${otherTask}/unskip`, alice)).status).toBe(404);
    const { rows } = await server.runtime.pool.query('select status from review_tasks where id = $1', [otherTask]);
    expect(rows[0].status).toBe('skipped');
  });
});

describe('queue instructions', () => {
  it('are set by an admin, read by reviewers, cleared with an empty text, and stay in their project', async () => {
    expect((await call('GET', '/api/queue/instructions', alice)).body).toEqual({ instructions: null });
    const text = 'Mark pii_leak for any email.\n<b>Not bold</b> & no Markdown';
    const set = await call('PUT', '/api/queue/instructions', server.keys.admin, { instructions: `  ${text}\n` });
    expect(set.status, set.text).toBe(200);
    const read = await call('GET', '/api/queue/instructions', alice);
    expect(read.body.instructions).toMatchObject({ text, updatedBy: expect.any(String) });
    expect(Date.parse(read.body.instructions.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Other settings are kept, and the other project sees none.
    expect((await call('GET', '/api/queue/instructions', otherReview)).body).toEqual({ instructions: null });
    const cleared = await call('PUT', '/api/queue/instructions', server.keys.admin, { instructions: '' });
    expect(cleared.body).toEqual({ instructions: null });
    expect((await call('GET', '/api/queue/instructions', alice)).body).toEqual({ instructions: null });
  });

  it.each([
    ['a reviewer', () => alice, { instructions: 'x' }, 403, 'manage'],
    ['an ingest key', () => server.keys.ingest, { instructions: 'x' }, 403, ''],
    ['too long a text', () => server.keys.admin, { instructions: 'x'.repeat(4001) }, 400, 'at most 4000 characters'],
    ['a number', () => server.keys.admin, { instructions: 5 }, 400, 'instructions:'],
    ['no field', () => server.keys.admin, {}, 400, 'instructions:'],
    ['a NUL', () => server.keys.admin, { instructions: 'a\u0000b' }, 400, 'NUL'],
  ])('refuses %s', async (_what, key, body, status, message) => {
    const answer = await call('PUT', '/api/queue/instructions', key(), body);
    expect(answer.status, answer.text).toBe(status);
    expect(answer.body.error.message).toContain(message);
  });
});

/** `budget` (≤ 2) closed traces around `t0`, and a cycle over that window waiting for labels, one task per trace. */
const waitingCycle = async (t0: number, quota: number, budget: number) => {
  const questions = ['How do refunds for a broken kettle work?', 'Can you ship a sofa to Anchorage in winter?'];
  for (const [i, question] of questions.slice(0, budget).entries()) {
    await postJson(
      server.url,
      server.keys.ingest,
      otlpJsonTraces([
        {
          traceId: newTraceId(),
          spanId: newSpanId(),
          name: 'chat',
          startMs: t0 + i * 1000,
          // Cut off: every trace is an anomaly, so the fill queues each one.
          attributes: chatAttributes(question, '', { 'gen_ai.response.finish_reasons': 'length' }),
        },
      ]),
    );
  }
  await server.runtime.activities.closeTraces({ idleSeconds: 0 });
  const started = await call('POST', '/api/cycles', server.keys.admin, {
    from: new Date(t0 - 3_600_000).toISOString(),
    to: new Date(t0 + 3_600_000).toISOString(),
    budget,
    quota,
    randomFraction: 0,
    reviewDeadlineSeconds: 3600,
  });
  expect(started.status, started.text).toBe(201);
  const id: string = started.body.cycle.id;
  const waiting = await waitForCycle(
    server.url,
    alice,
    id,
    'waiting for labels',
    (c) => c.stage === 'waiting for labels',
    {
      timeoutMs: 60_000,
    },
  );
  expect(waiting.progress).toMatchObject({ total: budget, pending: budget });
  const { rows } = await server.runtime.pool.query<{ id: string; trace_id: string }>(
    'select id, trace_id from review_tasks where cycle_id = $1 order by priority desc, id',
    [id],
  );
  return { id, tasks: rows };
};

/** Asserts the cycle still waits a second after `what`, i.e. it is not merely moving on by itself. */
const stillWaiting = async (id: string) => {
  await sleep(1000);
  expect((await getCycle(server.url, alice, id)).stage).toBe('waiting for labels');
};

const leavesWaitingPromptly = async (id: string, after: string) => {
  const from = Date.now();
  const moved = await waitForCycle(
    server.url,
    alice,
    id,
    `the cycle to leave "waiting for labels" after ${after}`,
    (c) => c.stage !== 'waiting for labels',
    { timeoutMs: WAKE_MS, intervalMs: 100 },
  );
  console.log(`the cycle moved on ${Date.now() - from} ms after ${after} (stage ${moved.stage})`);
  return moved;
};

describe('a waiting cycle', () => {
  it('moves on promptly when a correction meets its quota', { timeout: 90_000 }, async () => {
    const { id, tasks } = await waitingCycle(Date.UTC(2026, 7, 1, 9, 0, 0), 1, 2);
    const task = tasks[0]!;
    const none = await label(alice, task.id, task.trace_id, { failureModes: [], critique: 'looks fine' });
    expect(none.status, none.text).toBe(201);
    await stillWaiting(id);
    const fix = await label(alice, task.id, task.trace_id, { supersedes: none.body.label.id });
    expect(fix.status, fix.text).toBe(201);
    const moved = await leavesWaitingPromptly(id, 'the correction');
    expect(moved.progress).toMatchObject({ total: 2, pending: 1, labeled: 1 });
  });

  it('moves on promptly when its last pending task is skipped', { timeout: 90_000 }, async () => {
    const { id, tasks } = await waitingCycle(Date.UTC(2026, 6, 1, 9, 0, 0), 50, 1);
    // It keeps waiting while the task is pending (its own re-check is 10 minutes away).
    await stillWaiting(id);
    expect((await call('POST', `/api/queue/${tasks[0]!.id}/skip`, alice)).status).toBe(200);
    const moved = await leavesWaitingPromptly(id, 'the skip');
    expect(moved.progress).toMatchObject({ total: 1, pending: 0, skipped: 1 });
  });
});
