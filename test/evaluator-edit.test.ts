import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON loosely
const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.keys.admin}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

const banned = { kind: 'banned_phrases', phrases: ['as an ai'], field: 'output' };

beforeAll(async () => {
  server = await startTestServer();
  await call('POST', '/api/failure-modes', {
    key: 'boilerplate',
    title: 'Boilerplate',
    rubric: 'Fails on AI boilerplate.',
  });
});
afterAll(() => server?.stop());

describe('hand-made evaluators', () => {
  it('calibrating without labels publishes nothing that can gate, and says why', async () => {
    const { status, body } = await call('POST', '/api/evaluators', {
      failureMode: 'boilerplate',
      name: 'no-boilerplate',
      config: banned,
    });
    expect(status).toBe(201);
    expect(body.version.status).toBe('revise');
    expect(body.version.statusReason).toMatch(/not measurable: 0 labels/);
  });

  it('calibrates a hand-made evaluator on the labels and publishes a new version of it', async () => {
    for (let i = 0; i < 24; i++) {
      const traceId = newTraceId();
      const output = i % 2 ? `As an AI, I cannot say. (${i})` : `The answer is ${i}.`;
      await postJson(
        server.url,
        server.keys.ingest,
        otlpJsonTraces([{ traceId, spanId: newSpanId(), attributes: chatAttributes(`q${i}`, output) }]),
      );
      await server.runtime.activities.closeTraces({ idleSeconds: 0 });
      const label = i % 2 ? { failureMode: 'boilerplate', verdict: 'fail' } : { failureMode: null };
      expect((await call('POST', '/api/labels', { id: randomUUID(), traceId, ...label })).status).toBe(201);
    }
    const { status, body } = await call('POST', '/api/evaluators', {
      failureMode: 'boilerplate',
      name: 'no-boilerplate',
      config: banned,
    });
    expect(status).toBe(201);
    expect(body.version).toMatchObject({ version: 2, status: 'gate' });
    expect(body.version.metrics.mcc).toBe(1);
    const bad = await call('POST', '/api/evaluators', {
      failureMode: 'boilerplate',
      name: 'x1',
      config: { kind: 'regex', pattern: '(["\'])\\w+\\1', mode: 'must_not_match', field: 'output' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toMatch(/pattern/);
    expect(bad.body.error.message).toMatch(/uses a backreference \(\\1\), which the linear-time pattern engine/);
  });
});
