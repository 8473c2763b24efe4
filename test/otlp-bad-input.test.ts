import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { postProtobuf, sdkProtobufTraces } from './helpers/sdk-spans.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const MAX_BODY = 1024 * 1024;
/** 200 MiB of spaces in about 200 KiB: made before any memory is measured. */
const gzipBomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20));
let server: TestServer;
let otherProject: { ingest: string; admin: string };

/** A digest of everything stored: nothing a bad request does may change it. */
const storedState = async () => {
  const { rows } = await server.runtime.pool.query(
    `select (select count(*) from spans) as spans, (select count(*) from traces) as traces,
            (select md5(coalesce(string_agg(project_id || trace_id || span_id || attributes::text, ',' order by span_id), ''))
             from spans) as digest`,
  );
  return rows[0];
};

beforeAll(async () => {
  server = await startTestServer({ env: { OTLP_MAX_BODY_BYTES: String(MAX_BODY) } });
  otherProject = await server.createProject('other');
  const traceId = newTraceId();
  const seeded = await postJson(
    server.url,
    server.keys.ingest,
    otlpJsonTraces([{ traceId, spanId: newSpanId(), attributes: chatAttributes('hello', 'hi') }]),
  );
  expect(seeded.status).toBe(200);
});

afterAll(() => server?.stop());

const truncated = async () => {
  const { body } = await sdkProtobufTraces(3, { 'gen_ai.operation.name': 'chat' });
  return body.slice(0, body.length - 7);
};

const invalidUtf8Protobuf = () => {
  // ExportTraceServiceRequest{ResourceSpans{ScopeSpans{Span{trace_id, span_id, name = 0xff 0xfe}}}}
  const span = [0x0a, 16, ...Array(16).fill(1), 0x12, 8, ...Array(8).fill(2), 0x2a, 2, 0xff, 0xfe];
  const scopeSpans = [0x12, span.length, ...span];
  const resourceSpans = [0x12, scopeSpans.length, ...scopeSpans];
  return new Uint8Array([0x0a, resourceSpans.length, ...resourceSpans]);
};

type Case = {
  name: string;
  send: () => Promise<Response>;
  status: number;
  message?: RegExp;
};

const cases: Case[] = [
  {
    name: 'truncated protobuf',
    send: async () => postProtobuf(server.url, server.keys.ingest, await truncated()),
    status: 400,
    message: /decode/i,
  },
  {
    name: 'JSON of the wrong shape',
    send: () => postJson(server.url, server.keys.ingest, { resourceSpans: 5 }),
    status: 400,
    message: /resourceSpans/,
  },
  {
    name: 'JSON that is not JSON',
    send: () => postJson(server.url, server.keys.ingest, '{"resourceSpans": ['),
    status: 400,
  },
  {
    name: 'invalid UTF-8 in a JSON body',
    send: () =>
      fetch(`${server.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.keys.ingest}` },
        body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
      }),
    status: 400,
    message: /UTF-8/i,
  },
  {
    name: 'invalid UTF-8 in a protobuf string',
    send: () => postProtobuf(server.url, server.keys.ingest, invalidUtf8Protobuf()),
    status: 400,
    message: /UTF-8/i,
  },
  {
    name: 'oversized body',
    send: () => postJson(server.url, server.keys.ingest, `{"resourceSpans":[],"pad":"${'x'.repeat(MAX_BODY)}"}`),
    status: 413,
  },
  {
    name: 'gzip bomb',
    send: () =>
      fetch(`${server.url}/v1/traces`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          authorization: `Bearer ${server.keys.ingest}`,
        },
        body: gzipBomb,
      }),
    status: 413,
    message: /after decompression/,
  },
  {
    name: 'wrong content type',
    send: () =>
      fetch(`${server.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.keys.ingest}` },
        body: 'hello',
      }),
    status: 415,
  },
  {
    name: 'unsupported content encoding',
    send: () =>
      fetch(`${server.url}/v1/traces`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'br',
          authorization: `Bearer ${server.keys.ingest}`,
        },
        body: '{}',
      }),
    status: 415,
  },
  { name: 'missing key', send: () => postJson(server.url, null, {}), status: 401 },
  { name: 'unknown key', send: () => postJson(server.url, 'evl_nope', {}), status: 401 },
  {
    name: 'a key that may not ingest (review)',
    send: () => postJson(server.url, server.keys.review, {}),
    status: 403,
  },
  {
    name: "another project's key",
    send: () =>
      fetch(`${server.url}/v1/traces`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${otherProject.ingest}`,
          'x-evalloop-project': 'default',
        },
        body: JSON.stringify(otlpJsonTraces([{ traceId: newTraceId(), spanId: newSpanId() }])),
      }),
    status: 403,
    message: /belongs to project \\"other\\"/,
  },
];

describe('OTLP receiver: bad input', () => {
  it.each(cases)('$name → $status, and nothing stored changes', async ({ send, status, message }) => {
    const before = await storedState();
    const rssBefore = process.memoryUsage().rss;
    const response = await send();
    expect(response.status).toBe(status);
    const text = await response.text();
    if (message) expect(text).toMatch(message);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
    expect(await storedState()).toEqual(before);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers errors in the request encoding: a google.rpc.Status for protobuf', async () => {
    const response = await postProtobuf(server.url, server.keys.ingest, await truncated());
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    const body = new Uint8Array(await response.arrayBuffer());
    // Status.message is field 2, length-delimited.
    expect(body[0]).toBe(0x12);
    expect(new TextDecoder().decode(body.subarray(2))).toMatch(/decode/i);
  });

  it('sends Retry-After only for retryable failures, and never for 4xx client errors', async () => {
    const response = await postJson(server.url, server.keys.ingest, { resourceSpans: 5 });
    expect(response.headers.get('retry-after')).toBeNull();
  });

  it.each([
    ['an empty body', ''],
    ['an empty object', '{}'],
    ['resource spans without spans', '{"resourceSpans":[{"scopeSpans":[{"spans":[]}]}]}'],
  ])('accepts %s with 200 and no partial success', async (_name, body) => {
    const response = await postJson(server.url, server.keys.ingest, body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });

  it('ignores unknown fields in JSON', async () => {
    const traceId = newTraceId();
    const body = otlpJsonTraces([{ traceId, spanId: newSpanId() }]) as Record<string, unknown>;
    body.somethingNew = { nested: true };
    (body.resourceSpans as Record<string, unknown>[])[0]!.futureField = 1;
    const response = await postJson(server.url, server.keys.ingest, body);
    expect(response.status).toBe(200);
    const { rows } = await server.runtime.pool.query('select count(*)::int as n from spans where trace_id = $1', [
      traceId,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('stores the good spans and rejects the bad ones as a partial success', async () => {
    const traceId = newTraceId();
    const response = await postJson(
      server.url,
      server.keys.ingest,
      otlpJsonTraces([
        { traceId, spanId: newSpanId() },
        { traceId, spanId: 'xyz' },
        { traceId: 'abc', spanId: newSpanId() },
      ]),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe('2');
    expect(body.partialSuccess.errorMessage).toMatch(/spanId "xyz" must be 8 bytes/);
    expect(body.partialSuccess.errorMessage).toMatch(/traceId "abc" must be 16 bytes/);
    const { rows } = await server.runtime.pool.query('select count(*)::int as n from spans where trace_id = $1', [
      traceId,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('stores a span whose attributes hold NUL characters and lone surrogates', async () => {
    const traceId = newTraceId();
    const response = await postJson(
      server.url,
      server.keys.ingest,
      otlpJsonTraces([{ traceId, spanId: newSpanId(), attributes: { odd: 'a\u0000b\ud800c' } }]),
    );
    expect(response.status).toBe(200);
    const { rows } = await server.runtime.pool.query(
      `select attributes->>'odd' as odd from spans where trace_id = $1`,
      [traceId],
    );
    expect(rows[0].odd).toBe('a\ufffdb\ufffdc');
  });
});
