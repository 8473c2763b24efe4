/**
 * Names, postal addresses and national-format phones planted in a trace, a tool call's arguments
 * and a reviewer's critique never reach a review key: not in the trace detail, the trace list, the
 * queue, a locked task, the labels (critiques) or the dataset export. Admins see what was stored.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './helpers/http.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
const traceId = newTraceId();
const T0 = Date.now() - 3_600_000;

const PLANTED = [
  'Shanie Jerde',
  'Shanie',
  '7031 Heidi Mill Apt. 728, West Palm Beach, FL 64511',
  'Levin Filipowski',
  'Hans-Schlehahn-Str. 13b, 35462 Augsburg',
  '(09927) 6537551',
  '974 33 68 68',
  '0117 820 0411',
  'Sylvie Fabre',
  '12 rue de la Paix, 75002 Paris',
];

const call = async (method: string, path: string, key: string, body?: unknown) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: text.startsWith('{') ? JSON.parse(text) : null };
};

beforeAll(async () => {
  server = await startTestServer();
  const rootId = newSpanId();
  const question =
    'Hi, my name is Shanie Jerde. Please send the replacement to 7031 Heidi Mill Apt. 728, West Palm Beach, FL 64511 or call (09927) 6537551.';
  const toolCall = JSON.stringify({
    name: 'create_shipment',
    arguments: {
      recipient: 'Levin Filipowski',
      address: 'Hans-Schlehahn-Str. 13b, 35462 Augsburg',
      phone: '974 33 68 68',
    },
  });
  await postJson(
    server.url,
    server.keys.ingest,
    otlpJsonTraces([
      { traceId, spanId: rootId, name: 'support agent', startMs: T0 },
      {
        traceId,
        spanId: newSpanId(),
        parentSpanId: rootId,
        name: 'chat gpt-4o',
        startMs: T0 + 10,
        attributes: chatAttributes(question, `Done, Shanie. I called create_shipment with ${toolCall}`),
      },
      {
        traceId,
        spanId: newSpanId(),
        parentSpanId: rootId,
        name: 'retrieve customer',
        startMs: T0 + 20,
        attributes: {
          'retrieval.documents': JSON.stringify([
            {
              content:
                'Customer record. Name: Sylvie Fabre\nAddress: 12 rue de la Paix, 75002 Paris\nTel: 0117 820 0411',
            },
          ]),
        },
      },
    ]),
  );
  await server.runtime.activities.closeTraces({ idleSeconds: 0 });
  const mode = { key: 'wrong_address', title: 'Wrong address', rubric: 'Fails when the address is wrong.' };
  expect((await call('POST', '/api/failure-modes', server.keys.admin, mode)).status).toBe(201);
});
afterAll(() => server?.stop());

const leaks = (text: string) => PLANTED.filter((p) => text.includes(p));

describe('names, addresses and phones for review keys', () => {
  let cycle: string;
  let taskId: string;
  let evaluatorId: string;

  it('are redacted in the trace detail and list, with consistent placeholders; admins see them', async () => {
    const detail = await call('GET', `/api/traces/${traceId}`, server.keys.review);
    expect(detail.status).toBe(200);
    expect(leaks(detail.text)).toEqual([]);
    expect(detail.text).toMatch(/<NAME_1>/);
    expect(detail.text).toMatch(/<ADDRESS_1>/);
    expect(detail.text).toMatch(/<PHONE_1>/);
    // The same person in the question and the answer's tool call: one placeholder each time.
    expect(detail.text).toContain(traceId);
    const list = await call('GET', '/api/traces?limit=50', server.keys.review);
    expect(list.status).toBe(200);
    expect(leaks(list.text)).toEqual([]);

    const admin = await call('GET', `/api/traces/${traceId}`, server.keys.admin);
    expect(leaks(admin.text).length).toBeGreaterThanOrEqual(5);
  });

  it('are redacted in the queue and in a locked task', async () => {
    const fill = await call('POST', '/api/queue/fill', server.keys.admin, {
      from: new Date(T0 - 60_000).toISOString(),
      to: new Date(T0 + 60_000).toISOString(),
      budget: 5,
      randomFraction: 1,
    });
    expect(fill.status).toBe(200);
    cycle = fill.body.cycleId;
    const queue = await call('GET', `/api/queue?cycle=${encodeURIComponent(cycle)}`, server.keys.review);
    expect(queue.body.tasks.length).toBeGreaterThan(0);
    expect(leaks(queue.text)).toEqual([]);
    const next = await call('POST', '/api/queue/next', server.keys.review, { cycle });
    expect(next.status).toBe(200);
    expect(leaks(next.text)).toEqual([]);
    taskId = next.body.task.id;
  });

  it('are redacted in critiques and in the dataset export', async () => {
    const critique =
      'Sent to Shanie Jerde at 7031 Heidi Mill Apt. 728, West Palm Beach, FL 64511 instead of (09927) 6537551';
    const label = await call('POST', '/api/labels', server.keys.review, {
      id: randomUUID(),
      traceId,
      failureMode: 'wrong_address',
      verdict: 'fail',
      critique,
    });
    expect(label.status).toBe(201);
    const labels = await call('GET', `/api/labels?traceId=${traceId}`, server.keys.review);
    expect(labels.body.labels).toHaveLength(1);
    expect(leaks(labels.text)).toEqual([]);
    expect(labels.body.labels[0].critique).toMatch(/<NAME_1> at <ADDRESS_1>/);

    const dataset = await call('POST', '/api/datasets', server.keys.admin, {
      name: 'addr',
      failureMode: 'wrong_address',
    });
    const id = dataset.body.dataset.id;
    expect((await call('POST', `/api/datasets/${id}/freeze`, server.keys.admin)).status).toBe(201);
    const exported = await call('GET', `/api/datasets/${id}/versions/1/export`, server.keys.review);
    expect(exported.status).toBe(200);
    expect(exported.text.length).toBeGreaterThan(0);
    expect(leaks(exported.text)).toEqual([]);
    expect(exported.text).toMatch(/<NAME_\d+>/);
    const adminExport = await call('GET', `/api/datasets/${id}/versions/1/export`, server.keys.admin);
    expect(adminExport.text).toContain('Shanie Jerde');
  });

  it('are redacted in evaluator configs and calibration reports', async () => {
    const created = await call('POST', '/api/evaluators', server.keys.admin, {
      failureMode: 'wrong_address',
      name: 'no-customer-details',
      config: { kind: 'banned_phrases', phrases: ['Shanie Jerde', '7031 Heidi Mill Apt. 728'], field: 'output' },
    });
    expect(created.status).toBe(201);
    const list = await call('GET', '/api/evaluators?all=true', server.keys.review);
    expect(list.body.evaluators).toHaveLength(1);
    expect(leaks(list.text)).toEqual([]);
    expect(list.body.evaluators[0].config.phrases).toEqual(['<NAME_1>', '<ADDRESS_1>']);
    const detail = await call('GET', `/api/evaluators/versions/${created.body.version.id}`, server.keys.review);
    expect(detail.status).toBe(200);
    expect(detail.body.version.id).toBe(created.body.version.id);
    expect(leaks(detail.text)).toEqual([]);
    const admin = await call('GET', `/api/evaluators/versions/${created.body.version.id}`, server.keys.admin);
    expect(admin.body.version.config.phrases).toContain('Shanie Jerde');
    evaluatorId = created.body.version.id;
  });

  it('are redacted on the web pages a reviewer opens', async () => {
    // The pages read the web UI's session, opened by signing in with the key.
    const sessions = new Map<string, string>();
    const page = async (path: string, key: string) => {
      const cookie = sessions.get(key) ?? (await signIn(server.url, key));
      sessions.set(key, cookie);
      const response = await fetch(`${server.url}${path}`, { headers: { cookie } });
      return { status: response.status, text: await response.text() };
    };
    for (const path of [
      `/?cycle=${encodeURIComponent(cycle)}`,
      `/tasks/${taskId}`,
      `/traces/${traceId}`,
      `/evaluators/${evaluatorId}`,
    ]) {
      const reviewer = await page(path, server.keys.review);
      expect(reviewer.status, path).toBe(200);
      expect(leaks(reviewer.text), path).toEqual([]);
      expect(reviewer.text, path).toMatch(/&lt;NAME_1&gt;|<NAME_1>/);
    }
    expect((await page(`/traces/${traceId}`, server.keys.admin)).text).toContain('Shanie Jerde');
  });
});
