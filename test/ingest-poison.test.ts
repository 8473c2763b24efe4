import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_KEY_BYTES } from '../core/ingest/bounds.js';
import { newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { type ProtobufSpanSpec, protobufSpans } from './helpers/protobuf-spans.js';
import { postProtobuf } from './helpers/sdk-spans.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let projectA: { ingest: string; admin: string };
let projectB: { ingest: string; admin: string };

beforeAll(async () => {
  server = await startTestServer();
  projectA = await server.createProject('poison-a');
  projectB = await server.createProject('poison-b');
});
afterAll(() => server?.stop());

/** Incompressible text (Postgres compresses index values: repeated characters would fit), multi-byte at the end. */
const longs = new Map<number, string>();
const long = (n: number) => {
  const value =
    longs.get(n) ??
    `${randomBytes(n)
      .toString('base64url')
      .slice(0, n - 6)}é✓🙂`;
  longs.set(n, value);
  return value;
};

const api = async (path: string, key: string) => {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  // biome-ignore lint/suspicious/noExplicitAny: test reads JSON loosely
  return { status: response.status, body: (await response.json()) as any };
};

/** One pass of the close activity with every open trace idle; what a scheduled close does. */
const closePass = () => server.runtime.activities.closeTraces({ idleSeconds: 0 });

const traceRow = async (projectId: string, traceId: string) =>
  (
    await server.runtime.pool.query(
      `select status, close_error, session_id, user_id, release, prompt_version, model_version, route,
              octet_length(route) as route_bytes, root_span_name
       from traces where project_id = $1 and trace_id = $2`,
      [projectId, traceId],
    )
  ).rows[0];

describe('a poisoned span cannot stop trace closing (issue 10, item 1)', () => {
  const poisons: [string, { name?: string; attributes?: Record<string, string> }][] = [
    ['a 10,000-character span name (the route)', { name: long(10_000) }],
    ['an 8,000-character session.id', { attributes: { 'session.id': long(8_000) } }],
    ['an 8,000-character enduser.id', { attributes: { 'enduser.id': long(8_000) } }],
    ['an 8,000-character release', { attributes: { 'service.version': long(8_000) } }],
    ['an 8,000-character prompt version', { attributes: { 'gen_ai.prompt.version': long(8_000) } }],
    ['an 8,000-character model', { attributes: { 'gen_ai.request.model': long(8_000) } }],
    ['an 8,000-character agent name', { attributes: { 'gen_ai.agent.name': long(8_000) } }],
  ];
  const poisoned = poisons.map(([name, spec]) => ({ name, spec, traceId: newTraceId() }));
  const healthy = [newTraceId(), newTraceId(), newTraceId()];
  const broken = newTraceId();

  beforeAll(async () => {
    for (const p of poisoned) {
      const res = await postJson(
        server.url,
        projectA.ingest,
        otlpJsonTraces([
          { traceId: p.traceId, spanId: newSpanId(), name: p.spec.name, attributes: p.spec.attributes ?? {} },
        ]),
      );
      expect(res.status, p.name).toBe(200);
    }
    // The poisoned traces are the oldest: on main, they were in every batch.
    await server.runtime.pool.query(
      `update traces set last_span_at = last_span_at - interval '1 hour' where project_id = 'poison-a'`,
    );
    for (const traceId of healthy) {
      const res = await postJson(
        server.url,
        projectB.ingest,
        otlpJsonTraces([{ traceId, spanId: newSpanId(), name: 'invoke_agent helper' }]),
      );
      expect(res.status).toBe(200);
    }
  });

  it('closes project B and every poisoned trace, with bounded keys', async () => {
    const result = await closePass();
    expect(result).toEqual({ closed: poisoned.length + healthy.length, more: false });
    for (const traceId of healthy) expect((await traceRow('poison-b', traceId)).status).toBe('closed');
    for (const p of poisoned) {
      const row = await traceRow('poison-a', p.traceId);
      expect(row.status, p.name).toBe('closed');
      for (const column of ['session_id', 'user_id', 'release', 'prompt_version', 'model_version', 'route'])
        expect(Buffer.byteLength(row[column] ?? '', 'utf8'), `${p.name}: ${column}`).toBeLessThanOrEqual(MAX_KEY_BYTES);
    }
    const session = await traceRow('poison-a', poisoned[1]!.traceId);
    expect(session.session_id).toMatch(/^[\w-]+…#[0-9a-f]{16}$/);
    expect(long(8_000).startsWith(session.session_id.split('…#')[0])).toBe(true);
  });

  it('sets aside a trace that cannot be closed, with its reason, while the others close', async () => {
    // A trace whose stored span cannot be rolled up at all (a corrupt row): it must be set aside.
    expect(
      (
        await postJson(
          server.url,
          projectA.ingest,
          otlpJsonTraces([{ traceId: broken, spanId: newSpanId(), name: 'broken' }]),
        )
      ).status,
    ).toBe(200);
    await server.runtime.pool.query(`update spans set content = 'null'::jsonb where trace_id = $1`, [broken]);
    const later = newTraceId();
    expect(
      (
        await postJson(
          server.url,
          projectB.ingest,
          otlpJsonTraces([{ traceId: later, spanId: newSpanId(), name: 'invoke_agent helper' }]),
        )
      ).status,
    ).toBe(200);
    await server.runtime.pool.query(
      `update traces set last_span_at = last_span_at - interval '1 hour' where trace_id = $1`,
      [broken],
    );
    expect(await closePass()).toMatchObject({ closed: 1, failed: 1 });
    expect((await traceRow('poison-b', later)).status).toBe('closed');
    expect(await traceRow('poison-a', broken)).toMatchObject({
      status: 'close_failed',
      close_error: expect.stringMatching(/^closing failed: /),
    });
    expect((await closePass()).closed).toBe(0);
  });

  it('shows the set-aside trace and its reason to an admin, and filters by it', async () => {
    const { status, body } = await api(`/api/traces/${broken}`, projectA.admin);
    expect(status).toBe(200);
    expect(body.trace.status).toBe('close_failed');
    expect(body.trace.close_error).toMatch(/^closing failed: /);
    const list = await api('/api/traces?status=close_failed', projectA.admin);
    expect(list.body.traces.map((t: { trace_id: string }) => t.trace_id)).toEqual([broken]);
  });

  it('keeps the full value in the raw attributes and finds the trace by its full session id', async () => {
    const full = long(8_000);
    const { body } = await api(`/api/traces/${poisoned[1]!.traceId}`, projectA.admin);
    expect(body.spans[0].raw.attributes['session.id']).toBe(full);
    const list = await api(`/api/traces?session=${encodeURIComponent(full)}`, projectA.admin);
    expect(list.body.traces.map((t: { trace_id: string }) => t.trace_id)).toEqual([poisoned[1]!.traceId]);
  });

  it('reopens a set-aside trace on a new span, clearing its error', async () => {
    await server.runtime.pool.query(`update spans set content = '{}'::jsonb where trace_id = $1`, [broken]);
    const res = await postJson(
      server.url,
      projectA.ingest,
      otlpJsonTraces([{ traceId: broken, spanId: newSpanId(), name: 'later' }]),
    );
    expect(res.status).toBe(200);
    expect(await traceRow('poison-a', broken)).toMatchObject({ status: 'open', close_error: null });
    await closePass();
    expect((await traceRow('poison-a', broken)).status).toBe('closed');
  });
});

describe('out-of-range numbers are stored, not answered 503 (issue 10, item 5)', () => {
  const badSpans = (traceId: string): (ProtobufSpanSpec & { attributes?: Record<string, number> })[] => [
    { traceId, spanId: newSpanId(), attributes: { 'gen_ai.usage.input_tokens': 12 } },
    { traceId, spanId: newSpanId(), attributes: { 'gen_ai.usage.input_tokens': 3_000_000_000 } },
    { traceId, spanId: newSpanId(), attributes: { 'gen_ai.usage.output_tokens': 1e300 } },
    { traceId, spanId: newSpanId(), attributes: { 'gen_ai.usage.output_tokens': 12.5 } },
    { traceId, spanId: newSpanId(), kind: 70000 },
    { traceId, spanId: newSpanId(), statusCode: 99 },
  ];

  const stored = async (traceId: string) =>
    (
      await server.runtime.pool.query(
        `select span_id, otel_kind, status_code, input_tokens, output_tokens, attributes
         from spans where trace_id = $1`,
        [traceId],
      )
    ).rows;

  const expectStored = async (traceId: string, count: number) => {
    const rows = await stored(traceId);
    expect(rows).toHaveLength(count);
    const tokens = rows.map((r) => [r.input_tokens, r.output_tokens]);
    expect(tokens).toContainEqual([12, null]);
    expect(tokens).toContainEqual([2_147_483_647, null]);
    expect(tokens).toContainEqual([null, 2_147_483_647]);
    expect(tokens).toContainEqual([null, 13]);
    expect(rows.every((r) => r.otel_kind >= 0 && r.otel_kind <= 5 && r.status_code >= 0 && r.status_code <= 2)).toBe(
      true,
    );
    // What was sent stays in the raw attributes.
    expect(rows.map((r) => r.attributes['gen_ai.usage.input_tokens'])).toContain(3_000_000_000);
  };

  it('protobuf: every span of a mixed export is stored, in one 200', async () => {
    const traceId = newTraceId();
    const res = await postProtobuf(server.url, server.keys.ingest, protobufSpans(badSpans(traceId)));
    expect(res.status).toBe(200);
    expect(res.headers.get('retry-after')).toBeNull();
    await expectStored(traceId, 6);
  });

  it('JSON: every span of a mixed export is stored, in one 200', async () => {
    const traceId = newTraceId();
    const body = otlpJsonTraces(badSpans(traceId));
    const spans = body.resourceSpans[0]!.scopeSpans[0]!.spans as {
      kind: number;
      status: { code: number };
      attributes: { key: string; value: unknown }[];
    }[];
    spans[2]!.attributes = [{ key: 'gen_ai.usage.output_tokens', value: { doubleValue: 1e300 } }];
    spans[4]!.kind = 70000;
    spans[5]!.status = { code: 99 };
    const res = await postJson(server.url, server.keys.ingest, body);
    expect(res.status).toBe(200);
    await expectStored(traceId, 6);
  });

  it('a trace of such spans closes with token sums that fit', async () => {
    const traceId = newTraceId();
    const spans = Array.from({ length: 3 }, () => ({
      traceId,
      spanId: newSpanId(),
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 2_000_000_000 },
    }));
    expect((await postJson(server.url, server.keys.ingest, otlpJsonTraces(spans))).status).toBe(200);
    await closePass();
    const { rows } = await server.runtime.pool.query(
      `select status, input_tokens from traces where project_id = 'default' and trace_id = $1`,
      [traceId],
    );
    expect(rows[0]).toEqual({ status: 'closed', input_tokens: 2_147_483_647 });
  });

  it.each([
    ['a log time beyond the year 2200', { timeUnixNano: '18446744073709551615', severityNumber: 9 }, 1],
    ['a severity of 70000', { timeUnixNano: String(BigInt(Date.now()) * 1_000_000n), severityNumber: 70000 }, 0],
  ])('logs: %s is handled per record, never 503', async (_name, record, rejected) => {
    const good = {
      timeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
      severityNumber: 9,
      body: { stringValue: 'ok' },
    };
    const res = await postJson(
      server.url,
      server.keys.ingest,
      { resourceLogs: [{ scopeLogs: [{ logRecords: [good, { ...record, body: { stringValue: 'odd' } }] }] }] },
      '/v1/logs',
    );
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { partialSuccess?: { rejectedLogRecords?: string } };
    expect(Number(reply.partialSuccess?.rejectedLogRecords ?? 0)).toBe(rejected);
  });
});
