import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../db/api-keys.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let alice: string;
let bob: string;
const traceIds: string[] = [];
const T0 = Date.UTC(2026, 10, 16, 9, 0, 0);

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON loosely
type Json = any;
const call = async (
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: Json; text: string }> => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed, text };
};

beforeAll(async () => {
  server = await startTestServer();
  alice = await createApiKey(server.runtime.db, 'default', 'review', 'alice');
  bob = await createApiKey(server.runtime.db, 'default', 'review', 'bob');
  const topics = [
    'refund policy',
    'shipping to Canada',
    'password reset',
    'invoice copy',
    'warranty claim',
    'API limits',
  ];
  for (let i = 0; i < 12; i++) {
    const traceId = newTraceId();
    traceIds.push(traceId);
    // Traces 0, 3, 6, 9 are cut off; 9 asks the same as 0 (a near-duplicate); 4 fails.
    const topic = topics[i === 9 ? 0 : i % topics.length];
    const attributes =
      i % 3 === 0
        ? chatAttributes(`What is your ${topic}? Mail me at jane${i}@example.com`, '', {
            'gen_ai.response.finish_reasons': 'length',
          })
        : chatAttributes(`Tell me about ${topic}`, `Here is how ${topic} works.`);
    await postJson(
      server.url,
      server.keys.ingest,
      otlpJsonTraces([
        {
          traceId,
          spanId: newSpanId(),
          name: 'chat gpt-4o',
          startMs: T0 + i * 60_000,
          attributes,
          error: i === 4 ? 'boom' : undefined,
        },
      ]),
    );
  }
  await server.runtime.activities.closeTraces({ idleSeconds: 0 });
  const fm = [
    { key: 'hallucination', title: 'Invents facts', rubric: 'Fails when the answer states facts not in the sources.' },
    { key: 'truncated', title: 'Cut off', rubric: 'Fails when the answer stops mid-sentence.' },
  ];
  for (const mode of fm) expect((await call('POST', '/api/failure-modes', server.keys.admin, mode)).status).toBe(201);
});
afterAll(() => server?.stop());

describe('failure modes', () => {
  it('lists modes with their current rubric version, and versions rubric revisions', async () => {
    const revised = await call('POST', '/api/failure-modes/hallucination/rubric', server.keys.admin, {
      rubric: 'Fails when any claim is not supported by the retrieved documents.',
    });
    expect(revised.body.failureMode.rubricVersion).toBe(2);
    const { body } = await call('GET', '/api/failure-modes', alice);
    expect(body.failureModes.map((m: { key: string }) => m.key)).toEqual(['hallucination', 'truncated']);
  });

  it('lets a reviewer propose a mode (status proposed) but not revise rubrics', async () => {
    const proposed = await call('POST', '/api/failure-modes', alice, {
      key: 'wrong_tool',
      title: 'Wrong tool',
      rubric: 'r',
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body.failureMode).toMatchObject({ status: 'proposed', createdBy: 'alice' });
    expect((await call('POST', '/api/failure-modes/wrong_tool/rubric', alice, { rubric: 'x' })).status).toBe(403);
  });

  it.each([
    [{ key: 'Bad Key', title: 't', rubric: 'r' }, 'key'],
    [{ key: 'ok_key', title: '', rubric: 'r' }, 'title'],
    [{ key: 'hallucination', title: 't', rubric: 'r' }, 'key'],
  ])('rejects %o naming the field', async (body, field) => {
    const response = await call('POST', '/api/failure-modes', server.keys.admin, body);
    expect([400, 409]).toContain(response.status);
    expect(response.body.error.field).toBe(field);
  });
});

describe('review queue', () => {
  let cycle: string;

  it('fills a cycle within its budget, with a random slice and reasons, never twice', async () => {
    const window = { from: new Date(T0).toISOString(), to: new Date(T0 + 3_600_000).toISOString() };
    const fill = { ...window, budget: 6, randomFraction: 0.17 };
    // A random slice of 1 from all 12; the anomalous traces (0, 3, 6, 9 cut off; 4 failed) fill the rest.
    const first = await call('POST', '/api/queue/fill', server.keys.admin, fill);
    expect(first.status).toBe(200);
    cycle = first.body.cycleId;
    expect(first.body.stats.randomPicked).toBe(1);
    const queued = first.body.added;
    expect(queued).toBeGreaterThanOrEqual(4);
    expect(queued).toBeLessThanOrEqual(6);
    const again = await call('POST', '/api/queue/fill', server.keys.admin, fill);
    expect(again.body).toMatchObject({ cycleId: cycle, added: 0, queued });
    const { body } = await call('GET', `/api/queue?cycle=${encodeURIComponent(cycle)}`, alice);
    expect(body.tasks).toHaveLength(queued);
    expect(body.progress).toEqual({ total: queued, pending: queued, labeled: 0, skipped: 0 });
    const random = body.tasks.filter((t: { sampling: string }) => t.sampling === 'random');
    expect(random).toHaveLength(1);
    expect(random[0].probability).toBeCloseTo(1 / 12);
    const anomalies = body.tasks.filter((t: { sampling: string }) => t.sampling === 'anomaly');
    for (const t of anomalies) expect(t.reasons.length).toBeGreaterThan(0);
    expect(new Set(anomalies.map((t: { stratum: string }) => t.stratum))).toContain('truncation');
    // Trace 9 repeats trace 0: exactly one of them is queued as an anomaly. It counts the other as its
    // duplicate, unless the other was the random pick (random picks leave the anomaly pool).
    const pair = (t: { traceId: string }) => t.traceId === traceIds[0] || t.traceId === traceIds[9];
    const repeats = anomalies.filter(pair);
    expect(repeats).toHaveLength(1);
    expect(repeats[0].duplicateCount).toBe(random.some(pair) ? 0 : 1);
    // Reviewers never see the raw email.
    expect(JSON.stringify(body)).not.toMatch(/jane\d+@example\.com/);
  });

  it('locks a task for one reviewer at a time; skip and release work', async () => {
    const next = await call('POST', '/api/queue/next', alice, { cycle });
    const task = next.body.task;
    expect(task.lockedBy).toBe('alice');
    const bobTry = await call('POST', `/api/queue/${task.id}/lock`, bob);
    expect(bobTry.status).toBe(409);
    expect(bobTry.body.error.message).toMatch(/being reviewed by alice/);
    const bobNext = await call('POST', '/api/queue/next', bob, { cycle });
    expect(bobNext.body.task.id).not.toBe(task.id);
    expect((await call('POST', `/api/queue/${bobNext.body.task.id}/skip`, bob)).body.task.status).toBe('skipped');
    await call('POST', `/api/queue/${task.id}/release`, alice);
    expect((await call('POST', `/api/queue/${task.id}/lock`, bob)).status).toBe(200);
    const progress = await call('GET', `/api/queue/progress/${encodeURIComponent(cycle)}`, alice);
    expect(progress.body.skipped).toBe(1);
    expect(progress.body.pending).toBe(progress.body.total - 1);
  });

  it('labels a task: attributed, with rubric version and sampling; the same id twice is harmless', async () => {
    const { body } = await call('POST', '/api/queue/next', alice, { cycle });
    const task = body.task;
    const label = {
      id: randomUUID(),
      traceId: task.traceId,
      taskId: task.id,
      failureMode: 'hallucination',
      verdict: 'fail',
      critique: 'made up a date',
    };
    const first = await call('POST', '/api/labels', alice, label);
    expect(first.status).toBe(201);
    expect(first.body.label).toMatchObject({
      failureMode: 'hallucination',
      verdict: 'fail',
      reviewer: 'alice',
      rubricVersion: 2,
      sampling: task.sampling,
      samplingProbability: task.probability,
    });
    const repeat = await call('POST', '/api/labels', alice, label);
    expect(repeat.status).toBe(200);
    expect(repeat.body.label.id).toBe(label.id);
    const conflict = await call('POST', '/api/labels', alice, { ...label, verdict: 'pass' });
    expect(conflict.status).toBe(409);
    const { rows } = await server.runtime.pool.query('select count(*)::int as n from labels where id = $1', [label.id]);
    expect(rows[0].n).toBe(1);
    expect((await call('GET', `/api/queue/${task.id}`, alice)).body.task.status).toBe('labeled');
  });

  it.each([
    [{ traceId: 'nope' }, 'id'],
    [{ id: randomUUID(), traceId: 'abc', failureMode: null }, 'traceId'],
    [{ id: randomUUID(), traceId: 'a'.repeat(32), failureMode: 'hallucination', verdict: 'maybe' }, 'verdict'],
    [{ id: randomUUID(), traceId: 'a'.repeat(32), failureMode: null, verdict: 'fail' }, 'verdict'],
    [{ id: randomUUID(), traceId: 'a'.repeat(32), failureMode: 'nope', verdict: 'fail' }, 'traceId'],
  ])('rejects label %o naming the field', async (body, field) => {
    const response = await call('POST', '/api/labels', alice, body);
    expect([400, 404]).toContain(response.status);
    expect(response.body.error.field).toBe(field);
  });
});

describe('labels are immutable', () => {
  it('the database rejects UPDATE, DELETE and TRUNCATE on labels', async () => {
    const id = randomUUID();
    await call('POST', '/api/labels', alice, { id, traceId: traceIds[1], failureMode: null });
    const pool = server.runtime.pool;
    await expect(pool.query(`update labels set verdict = 'fail' where id = $1`, [id])).rejects.toThrow(/immutable/);
    await expect(pool.query('delete from labels where id = $1', [id])).rejects.toThrow(/immutable/);
    // The server's login holds no TRUNCATE right at all (test/db-roles.test.ts); owners hit the trigger.
    await expect(pool.query('truncate labels cascade')).rejects.toThrow(/permission denied/);
    await expect(pool.query('update rubric_versions set rubric = $1', ['x'])).rejects.toThrow(/immutable/);
    const { rows } = await pool.query('select verdict from labels where id = $1', [id]);
    expect(rows[0].verdict).toBe('pass');
  });

  it('refuses PUT and DELETE through the API', async () => {
    expect((await call('DELETE', `/api/labels/${randomUUID()}`, alice)).status).toBe(400);
  });
});

describe('datasets', () => {
  it('freezes content-hashed versions; unchanged labels give the same version; a correction gives a new one', async () => {
    const created = await call('POST', '/api/datasets', server.keys.admin, {
      name: 'hallucination-set',
      failureMode: 'hallucination',
    });
    expect(created.status).toBe(201);
    const id = created.body.dataset.id;
    const labelIds: string[] = [];
    for (const traceId of traceIds.slice(5, 9)) {
      const labelId = randomUUID();
      labelIds.push(labelId);
      await call('POST', '/api/labels', alice, {
        id: labelId,
        traceId,
        failureMode: 'hallucination',
        verdict: 'fail',
        critique: `about ${traceId}`,
      });
    }
    const v1 = await call('POST', `/api/datasets/${id}/freeze`, server.keys.admin);
    expect(v1.status).toBe(201);
    expect(v1.body.version).toMatchObject({ version: 1, created: true });
    expect(v1.body.version.rubricVersions).toEqual({ hallucination: [2] });
    const same = await call('POST', `/api/datasets/${id}/freeze`, server.keys.admin);
    expect(same.status).toBe(200);
    expect(same.body.version).toMatchObject({ version: 1, created: false, contentHash: v1.body.version.contentHash });

    await call('POST', '/api/failure-modes/hallucination/rubric', server.keys.admin, { rubric: 'v3 rubric' });
    const correction = await call('POST', '/api/labels', bob, {
      id: randomUUID(),
      traceId: traceIds[5],
      failureMode: 'hallucination',
      verdict: 'pass',
      critique: 'under v3 this is fine',
      supersedes: labelIds[0],
    });
    expect(correction.status, correction.text).toBe(201);
    const v2 = await call('POST', `/api/datasets/${id}/freeze`, server.keys.admin);
    expect(v2.body.version).toMatchObject({ version: 2, created: true });
    expect(v2.body.version.contentHash).not.toBe(v1.body.version.contentHash);
    expect(v2.body.version.rubricVersions).toEqual({ hallucination: [2, 3] });

    const export1 = await call('GET', `/api/datasets/${id}/versions/1/export`, alice);
    expect(export1.status).toBe(200);
    const rows1 = export1.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows1.map((r) => r.id)).toEqual(expect.arrayContaining(labelIds));
    const rows2 = (await call('GET', `/api/datasets/${id}/versions/2/export`, alice)).text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows2.map((r) => r.id)).not.toContain(labelIds[0]);
    expect(rows2.find((r) => r.supersedes === labelIds[0])).toMatchObject({
      verdict: 'pass',
      rubricVersion: 3,
      reviewer: 'bob',
    });
    // Version 1 is unchanged by the later freeze.
    const again1 = await call('GET', `/api/datasets/${id}/versions/1/export`, alice);
    expect(again1.text).toBe(export1.text);
    const list = await call('GET', '/api/datasets', alice);
    expect(list.body.datasets.find((d: { id: string }) => d.id === id).versions).toHaveLength(2);
    expect((await call('GET', `/api/datasets/${id}/versions/9/export`, alice)).status).toBe(404);
  });
});

describe('feedback', () => {
  it('records feedback and turns it into a user_feedback signal at the next close', async () => {
    const traceId = traceIds[2]!;
    expect(
      (await call('POST', '/api/feedback', server.keys.ingest, { traceId, score: 0, comment: 'wrong answer' })).status,
    ).toBe(201);
    await server.runtime.activities.closeTraces({ idleSeconds: 0 });
    const { rows } = await server.runtime.pool.query('select signals from traces where trace_id = $1', [traceId]);
    expect(rows[0].signals.map((s: { name: string }) => s.name)).toContain('user_feedback');
    expect(
      (await call('POST', '/api/feedback', server.keys.ingest, { traceId: 'f'.repeat(32), score: 1 })).status,
    ).toBe(404);
    expect((await call('POST', '/api/feedback', server.keys.ingest, { traceId, score: 2 })).body.error.field).toBe(
      'score',
    );
  });
});
