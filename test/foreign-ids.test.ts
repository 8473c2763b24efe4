import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../db/api-keys.js';
import { type Answer, request, signIn } from './helpers/http.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const T0 = Date.UTC(2026, 4, 4, 9, 0, 0);
const WINDOW = { from: new Date(T0 - 60_000).toISOString(), to: new Date(T0 + 3_600_000).toISOString() };

let server: TestServer;
let other: { ingest: string; admin: string; review: string };
/** Ids that exist in the other project only. */
const foreign = { task: '', cycle: '', trace: '', dataset: '', key: '' };
let ownTrace = '';

const call = (method: string, path: string, key: string, body?: unknown): Promise<Answer> =>
  request(server.url, method, path, { key, body });

const ingest = async (key: string, n: number) => {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const traceId = newTraceId();
    ids.push(traceId);
    const attributes = chatAttributes(`question ${i}`, i % 2 ? '' : 'an answer', {
      'gen_ai.response.finish_reasons': i % 2 ? 'length' : 'stop',
    });
    const posted = await postJson(
      server.url,
      key,
      otlpJsonTraces([{ traceId, spanId: newSpanId(), name: 'chat', startMs: T0 + i * 1000, attributes }]),
    );
    expect(posted.status).toBe(200);
  }
  return ids;
};

beforeAll(async () => {
  server = await startTestServer();
  const created = await server.createProject('other');
  other = { ...created, review: await createApiKey(server.runtime.db, 'other', 'review', 'olga') };
  const [ownTraceId] = await ingest(server.keys.ingest, 1);
  ownTrace = ownTraceId!;
  const otherTraces = await ingest(other.ingest, 4);
  foreign.trace = otherTraces[0]!;
  await server.runtime.activities.closeTraces({ idleSeconds: 0 });
  const fill = await call('POST', '/api/queue/fill', other.admin, { ...WINDOW, budget: 4, randomFraction: 0.25 });
  expect(fill.status).toBe(200);
  foreign.cycle = fill.body.cycleId;
  const next = await call('POST', '/api/queue/next', other.review, { cycle: foreign.cycle });
  foreign.task = next.body.task.id;
  const dataset = await call('POST', '/api/datasets', other.admin, { name: 'all' });
  expect(dataset.status).toBe(201);
  foreign.dataset = dataset.body.dataset.id;
  expect((await call('POST', `/api/datasets/${foreign.dataset}/freeze`, other.admin)).status).toBe(201);
  const key = await call('POST', '/api/keys', other.admin, { role: 'ci', label: 'other ci' });
  foreign.key = key.body.key.id;
  expect(
    (await call('POST', '/api/failure-modes', other.admin, { key: 'only_there', title: 'x', rubric: 'r' })).status,
  ).toBe(201);
});
afterAll(() => server?.stop());

type Ids = typeof foreign;
const unknown: Ids = {
  task: randomUUID(),
  cycle: 'cyc_does_not_exist',
  trace: 'f'.repeat(32),
  dataset: randomUUID(),
  key: randomUUID(),
};

/** Every queue, task, cycle, label, dataset, trace and key route that takes an id. */
const routes: [string, string, (ids: Ids) => string, ((ids: Ids) => unknown)?][] = [
  ['GET', 'task', (x) => `/api/queue/${x.task}`],
  ['POST', 'lock', (x) => `/api/queue/${x.task}/lock`],
  ['POST', 'release', (x) => `/api/queue/${x.task}/release`],
  ['POST', 'skip', (x) => `/api/queue/${x.task}/skip`],
  ['POST', 'assign', (x) => `/api/queue/${x.task}/assign`, () => ({ reviewer: 'mallory' })],
  ['GET', 'queue of a cycle', (x) => `/api/queue?cycle=${encodeURIComponent(x.cycle)}`],
  ['POST', 'next task of a cycle', () => '/api/queue/next', (x) => ({ cycle: x.cycle })],
  ['GET', 'cycle progress', (x) => `/api/queue/progress/${encodeURIComponent(x.cycle)}`],
  ['GET', 'cycle', (x) => `/api/cycles/${encodeURIComponent(x.cycle)}`],
  ['POST', 'resume cycle', (x) => `/api/cycles/${encodeURIComponent(x.cycle)}/resume`],
  ['POST', 'cancel cycle', (x) => `/api/cycles/${encodeURIComponent(x.cycle)}/cancel`],
  ['GET', 'labels of a trace', (x) => `/api/labels?traceId=${x.trace}`],
  [
    'POST',
    'label a trace',
    () => '/api/labels',
    (x) => ({ id: randomUUID(), traceId: x.trace, failureMode: null, verdict: 'pass' }),
  ],
  [
    'POST',
    'label with a task',
    () => '/api/labels',
    (x) => ({ id: randomUUID(), traceId: ownTrace, taskId: x.task, failureMode: null, verdict: 'pass' }),
  ],
  ['GET', 'trace', (x) => `/api/traces/${x.trace}`],
  ['POST', 'freeze dataset', (x) => `/api/datasets/${x.dataset}/freeze`],
  ['GET', 'export dataset version', (x) => `/api/datasets/${x.dataset}/versions/1/export`],
  ['POST', 'revoke key', (x) => `/api/keys/${x.key}/revoke`],
  ['POST', 'revise rubric', () => '/api/failure-modes/only_there/rubric', () => ({ rubric: 'mine now' })],
  ['POST', 'set mode status', () => '/api/failure-modes/only_there/status', () => ({ status: 'retired' })],
  ['POST', 'feedback on a trace', () => '/api/feedback', (x) => ({ traceId: x.trace, score: 1 })],
];

/** The web pages that take an id (signed in as an admin of the default project). */
const pages: [string, string, (ids: Ids) => string][] = [
  ['GET', 'task page', (x) => `/tasks/${x.task}`],
  ['GET', 'cycle page', (x) => `/cycles/${encodeURIComponent(x.cycle)}`],
  ['GET', 'trace page', (x) => `/traces/${x.trace}`],
  ['POST', 'revoke on the keys page', (x) => `/keys/${x.key}/revoke`],
];

describe('ids of another project, or unknown ids, answer 404 and change nothing', () => {
  it.each(routes)('%s %s', async (method, _what, path, body) => {
    for (const ids of [foreign, unknown]) {
      const answer = await call(method, path(ids), server.keys.admin, body?.(ids));
      expect({ ids: ids === foreign ? 'foreign' : 'unknown', status: answer.status }).toEqual({
        ids: ids === foreign ? 'foreign' : 'unknown',
        status: 404,
      });
      expect(answer.body.error.code).toBe('not_found');
    }
  });

  it.each(pages)('%s %s (web)', async (method, _what, path) => {
    const cookie = await signIn(server.url, server.keys.admin);
    for (const ids of [foreign, unknown]) {
      const answer = await request(server.url, method, path(ids), {
        headers: { cookie, origin: server.url, 'sec-fetch-site': 'same-origin' },
      });
      expect({ ids: ids === foreign ? 'foreign' : 'unknown', status: answer.status }).toEqual({
        ids: ids === foreign ? 'foreign' : 'unknown',
        status: 404,
      });
    }
  });

  it("leaves the other project's task, key, dataset and failure mode as they were", async () => {
    const { rows } = await server.runtime.pool.query(
      'select status, locked_by, assigned_to from review_tasks where id = $1',
      [foreign.task],
    );
    expect(rows[0]).toEqual({ status: 'pending', locked_by: 'olga', assigned_to: null });
    const keys = await call('GET', '/api/keys', other.admin);
    expect(keys.body.keys.find((k: { id: string }) => k.id === foreign.key).revokedAt).toBeNull();
    const modes = await call('GET', '/api/failure-modes', other.admin);
    expect(modes.body.failureModes.find((m: { key: string }) => m.key === 'only_there')).toMatchObject({
      status: 'active',
      rubricVersion: 1,
    });
  });

  it('still answers the owner: the release that was refused above works for its own project', async () => {
    expect((await call('POST', `/api/queue/${foreign.task}/release`, other.review)).body).toEqual({ released: true });
    expect((await call('GET', `/api/queue/progress/${encodeURIComponent(foreign.cycle)}`, other.review)).status).toBe(
      200,
    );
  });
});
