import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleError } from '../api/errors.js';
import { newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
const traceId = newTraceId();

beforeAll(async () => {
  server = await startTestServer();
  const res = await postJson(server.url, server.keys.ingest, otlpJsonTraces([{ traceId, spanId: newSpanId() }]));
  expect(res.status).toBe(200);
});
afterAll(() => server?.stop());

const UUID = '00000000-0000-4000-8000-000000000000';
const N = '\u0000';

type Case = [name: string, method: 'GET' | 'POST', path: string, body: unknown, field: RegExp];

/** Every place a client can put text in an /api request: filters, path ids, body fields. */
const cases: Case[] = [
  ['traces filter session', 'GET', '/api/traces?session=a%00b', undefined, /session/],
  ['traces filter user', 'GET', '/api/traces?user=%00', undefined, /user/],
  ['traces filter release', 'GET', '/api/traces?release=r%00', undefined, /release/],
  ['traces filter model', 'GET', '/api/traces?model=%00m', undefined, /model/],
  ['traces filter text', 'GET', '/api/traces?text=hello%00', undefined, /text/],
  ['traces cursor', 'GET', '/api/traces?cursor=%00', undefined, /cursor/],
  ['trace id', 'GET', `/api/traces/${traceId.slice(0, 31)}%00`, undefined, /path segment|id/],
  ['queue filter cycle', 'GET', '/api/queue?cycle=c%00', undefined, /cycle/],
  ['queue progress cycle', 'GET', '/api/queue/progress/c%00', undefined, /path segment/],
  ['queue task id', 'GET', '/api/queue/%00', undefined, /path segment|id/],
  ['queue next cycle', 'POST', '/api/queue/next', { cycle: `c${N}` }, /cycle/],
  ['queue assign reviewer', 'POST', `/api/queue/${UUID}/assign`, { reviewer: `r${N}` }, /reviewer/],
  ['cycle id', 'GET', '/api/cycles/c%00', undefined, /path segment/],
  ['cycle cancel id', 'POST', '/api/cycles/c%00/cancel', {}, /path segment/],
  ['failure mode key', 'POST', '/api/failure-modes', { key: `k${N}`, title: 't', rubric: 'r' }, /key/],
  ['failure mode title', 'POST', '/api/failure-modes', { key: 'nul_title', title: `t${N}`, rubric: 'r' }, /title/],
  ['failure mode rubric path', 'POST', '/api/failure-modes/k%00/rubric', { rubric: 'r' }, /path segment/],
  ['failure mode rubric body', 'POST', '/api/failure-modes/k/rubric', { rubric: `r${N}` }, /rubric/],
  ['label critique', 'POST', '/api/labels', { id: UUID, traceId, failureMode: null, critique: `c${N}` }, /critique/],
  [
    'label failure mode',
    'POST',
    '/api/labels',
    { id: UUID, traceId, failureMode: `m${N}`, verdict: 'fail' },
    /failureMode/,
  ],
  ['labels filter', 'GET', '/api/labels?traceId=%00', undefined, /traceId/],
  ['feedback comment', 'POST', '/api/feedback', { traceId, score: 1, comment: `bad${N}` }, /comment/],
  ['feedback source', 'POST', '/api/feedback', { traceId, score: 1, source: `s${N}` }, /source/],
  ['dataset name', 'POST', '/api/datasets', { name: `d${N}` }, /name/],
  ['dataset failure mode', 'POST', '/api/datasets', { name: 'd', failureMode: `m${N}` }, /failureMode/],
  ['gate release', 'POST', '/api/gates', { release: `r${N}` }, /release/],
  ['gate baseline', 'POST', '/api/gates', { release: 'r', baseline: `b${N}` }, /baseline/],
  ['gate output item', 'POST', '/api/gates', { release: 'r', outputs: [{ item: `i${N}`, output: 'o' }] }, /outputs/],
  ['gates filter release', 'GET', '/api/gates?release=%00', undefined, /release/],
  ['gate id', 'GET', '/api/gates/g%00', undefined, /path segment/],
  ['evaluators filter', 'GET', '/api/evaluators?failureMode=%00', undefined, /failureMode/],
  [
    'evaluator failure mode',
    'POST',
    '/api/evaluators',
    { failureMode: `m${N}`, name: 'ev', config: { kind: 'regex', pattern: 'x', mode: 'must_match', field: 'output' } },
    /failureMode/,
  ],
  [
    'evaluator config',
    'POST',
    '/api/evaluators',
    { failureMode: 'm', name: 'ev', config: { kind: `r${N}` } },
    /config/,
  ],
  ['evaluator generate', 'POST', '/api/evaluators/generate', { failureMode: `m${N}` }, /failureMode/],
  ['evaluator run id', 'GET', '/api/evaluators/runs/r%00/otlp', undefined, /path segment/],
  ['query parameter name', 'GET', '/api/traces?ses%00sion=x', undefined, /query parameter/],
];

describe('a NUL character anywhere in an /api request is a 400 naming it (issue 10, item 11)', () => {
  it.each(cases)('%s', async (_name, method, path, body, field) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${server.keys.admin}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    expect(res.status, text).toBe(400);
    const { error } = JSON.parse(text) as { error: { code: string; message: string } };
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(field);
    expect(text).not.toMatch(/ at |\.ts:\d+|stack/i);
  });
});

describe('a NUL character inside OTLP span text is stored safely', () => {
  it('accepts the span, keeps the rest of the text, and closes its trace', async () => {
    const id = newTraceId();
    const res = await postJson(
      server.url,
      server.keys.ingest,
      otlpJsonTraces([
        { traceId: id, spanId: newSpanId(), name: `chat${N}x`, attributes: { 'session.id': `s${N}1`, note: `a${N}b` } },
      ]),
    );
    expect(res.status).toBe(200);
    const { rows } = await server.runtime.pool.query(
      `select name, session_id, attributes->>'note' as note from spans where trace_id = $1`,
      [id],
    );
    expect(rows).toEqual([{ name: 'chat\ufffdx', session_id: 's\ufffd1', note: 'a\ufffdb' }]);
    await server.runtime.activities.closeTraces({ idleSeconds: 0 });
    const trace = await server.runtime.pool.query(`select status, session_id from traces where trace_id = $1`, [id]);
    expect(trace.rows[0]).toEqual({ status: 'closed', session_id: 's\ufffd1' });
  });
});

describe('malformed JSON bodies', () => {
  it.each(['/api/labels', '/api/failure-modes', '/api/gates'])('%s answers 400, not 500', async (path) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.keys.admin}`, 'content-type': 'application/json' },
      body: '{"id": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/JSON/);
  });
});

describe('the one error handler maps Postgres invalid-character errors to 400, never a stack', () => {
  it.each([
    ['22021', 400],
    ['22P05', 400],
    ['23505', 500],
  ])('SQLSTATE %s gives %i', async (code, status) => {
    const app = new Hono();
    app.get('/x', () => {
      throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code });
    });
    app.onError((err, c) => handleError(err, c, () => {}));
    const res = await app.request('/x');
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(text).not.toMatch(/0x00| at |\.ts:\d+/);
  });
});
