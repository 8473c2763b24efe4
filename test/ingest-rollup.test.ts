import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let run = 0;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const api = async (path: string, key = server.keys.admin) => {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  // biome-ignore lint/suspicious/noExplicitAny: test reads JSON loosely
  return { status: response.status, body: (await response.json()) as any };
};

/** Runs the closeTraces workflow with every open trace considered idle. */
const closeAll = async () => {
  await server.runtime.pool.query(
    `update traces set last_span_at = last_span_at - interval '1 hour' where status = 'open'`,
  );
  const handle = await server.runtime.engine.start('closeTraces', `close-test-${++run}`);
  return handle.getResult();
};

const agentTrace = (traceId: string, session: string, opts: { release?: string; error?: boolean } = {}) => {
  const root = newSpanId();
  const llm = newSpanId();
  const tool = newSpanId();
  const t0 = Date.UTC(2026, 10, 20, 12, 0, 0);
  return otlpJsonTraces(
    [
      {
        traceId,
        spanId: root,
        name: 'invoke_agent research',
        startMs: t0,
        durationMs: 900,
        attributes: { 'gen_ai.operation.name': 'invoke_agent', 'session.id': session, 'user.id': 'u-1' },
      },
      {
        traceId,
        spanId: llm,
        parentSpanId: root,
        name: 'chat gpt-4o',
        startMs: t0 + 10,
        durationMs: 500,
        attributes: chatAttributes('What is the capital of France?', 'Paris.', { 'gen_ai.prompt.version': 'v7' }),
      },
      {
        traceId,
        spanId: tool,
        parentSpanId: root,
        name: 'execute_tool search',
        startMs: t0 + 600,
        durationMs: 200,
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': 'search',
          'gen_ai.tool.call.arguments': '{"q":"capital of France"}',
          'gen_ai.tool.call.result': 'Paris is the capital of France.',
        },
        error: opts.error ? 'search backend unavailable' : undefined,
      },
    ],
    {
      'service.name': 'research-agent',
      'service.version': opts.release ?? '1.4.0',
      'deployment.environment.name': 'prod',
    },
  );
};

describe('ingest and rollup', () => {
  it('stores spans idempotently: re-sending a trace changes nothing', async () => {
    const traceId = newTraceId();
    const body = agentTrace(traceId, 's-idem');
    expect((await postJson(server.url, server.keys.ingest, body)).status).toBe(200);
    await closeAll();
    const before = await server.runtime.pool.query(
      'select span_id, received_at, attributes from spans where trace_id = $1 order by span_id',
      [traceId],
    );
    const traceBefore = await server.runtime.pool.query('select status, closed_at from traces where trace_id = $1', [
      traceId,
    ]);
    expect((await postJson(server.url, server.keys.ingest, body)).status).toBe(200);
    const after = await server.runtime.pool.query(
      'select span_id, received_at, attributes from spans where trace_id = $1 order by span_id',
      [traceId],
    );
    const traceAfter = await server.runtime.pool.query('select status, closed_at from traces where trace_id = $1', [
      traceId,
    ]);
    expect(after.rows).toHaveLength(3);
    expect(after.rows).toEqual(before.rows);
    expect(traceAfter.rows).toEqual(traceBefore.rows);
  });

  it('assembles a trace from spans sent out of order in separate requests, and rolls it up', async () => {
    const traceId = newTraceId();
    const full = agentTrace(traceId, 's-order', { release: '2.0.0' });
    const spans = full.resourceSpans[0]!.scopeSpans[0]!.spans;
    for (const span of [...spans].reverse()) {
      const single = structuredClone(full);
      single.resourceSpans[0]!.scopeSpans[0]!.spans = [span];
      expect((await postJson(server.url, server.keys.ingest, single)).status).toBe(200);
    }
    expect((await closeAll()).closed).toBeGreaterThanOrEqual(1);
    const { status, body } = await api(`/api/traces/${traceId}`);
    expect(status).toBe(200);
    expect(body.trace).toMatchObject({
      status: 'closed',
      session_id: 's-order',
      user_id: 'u-1',
      release: '2.0.0',
      environment: 'prod',
      prompt_version: 'v7',
      input: 'What is the capital of France?',
      output: 'Paris.',
      input_tokens: 12,
      output_tokens: 7,
      total_tokens: 19,
      span_count: 3,
      llm_calls: 1,
      tool_calls: 1,
      tool_errors: 0,
      has_error: false,
      latency_ms: 900,
      root_span_name: 'invoke_agent research',
    });
    expect(body.trace.models).toEqual(['gpt-4o-2024-08-06']);
    expect(body.spans).toHaveLength(1);
    const [root] = body.spans;
    expect(root.kind).toBe('agent');
    expect(root.children.map((c: { kind: string }) => c.kind).sort()).toEqual(['llm', 'tool']);
    const llm = root.children.find((c: { kind: string }) => c.kind === 'llm');
    expect(llm.inputMessages[0]).toMatchObject({ role: 'user', content: 'What is the capital of France?' });
    expect(llm.raw.attributes['gen_ai.request.model']).toBe('gpt-4o');
    expect(llm.raw.resource.attributes['service.version']).toBe('2.0.0');
    const tool = root.children.find((c: { kind: string }) => c.kind === 'tool');
    expect(tool.toolCalls[0]).toMatchObject({ name: 'search', arguments: '{"q":"capital of France"}' });
  });

  it('reopens a closed trace when a late span arrives, and the next close updates the rollup', async () => {
    const traceId = newTraceId();
    await postJson(server.url, server.keys.ingest, agentTrace(traceId, 's-late'));
    await closeAll();
    expect((await api(`/api/traces/${traceId}`)).body.trace.span_count).toBe(3);
    const late = otlpJsonTraces([
      {
        traceId,
        spanId: newSpanId(),
        name: 'execute_tool fetch',
        startMs: Date.UTC(2026, 10, 20, 12, 0, 2),
        attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'fetch' },
        error: 'timeout',
      },
    ]);
    await postJson(server.url, server.keys.ingest, late);
    expect((await api(`/api/traces/${traceId}`)).body.trace.status).toBe('open');
    await closeAll();
    const { trace } = (await api(`/api/traces/${traceId}`)).body;
    expect(trace).toMatchObject({ status: 'closed', span_count: 4, tool_calls: 2, tool_errors: 1, has_error: true });
  });

  it('lists traces with filters and cursor pagination', async () => {
    const session = `s-list-${Date.now()}`;
    const ids = [newTraceId(), newTraceId(), newTraceId()];
    for (const [i, id] of ids.entries()) {
      await postJson(server.url, server.keys.ingest, agentTrace(id, session, { release: 'r-list', error: i === 0 }));
    }
    await closeAll();
    const page1 = await api(`/api/traces?session=${session}&limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.traces).toHaveLength(2);
    const page2 = await api(`/api/traces?session=${session}&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.traces).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();
    const all = [...page1.body.traces, ...page2.body.traces].map((t: { trace_id: string }) => t.trace_id);
    expect(new Set(all)).toEqual(new Set(ids));
    expect((await api(`/api/traces?session=${session}&hasError=true`)).body.traces).toHaveLength(1);
    expect((await api(`/api/traces?release=r-list&text=capital`)).body.traces.length).toBeGreaterThanOrEqual(3);
    expect((await api(`/api/traces?session=${session}&model=gpt-4o-2024-08-06`)).body.traces).toHaveLength(3);
    expect((await api(`/api/traces?session=${session}&to=2020-01-01T00:00:00Z`)).body.traces).toHaveLength(0);
  });

  it.each([
    ['/api/traces?limit=0', 'limit'],
    ['/api/traces?from=yesterday', 'from'],
    ['/api/traces?hasError=maybe', 'hasError'],
    ['/api/traces?cursor=garbage', 'cursor'],
    ['/api/traces/not-a-trace-id', 'id'],
  ])('rejects %s with 400 naming the field', async (path, field) => {
    const { status, body } = await api(path);
    expect(status).toBe(400);
    expect(body.error.field).toBe(field);
  });

  it("scopes reads to the key's project and role", async () => {
    const traceId = newTraceId();
    await postJson(server.url, server.keys.ingest, agentTrace(traceId, 's-scope'));
    const other = await server.createProject(`p-${Date.now()}`);
    expect((await api(`/api/traces/${traceId}`, other.admin)).status).toBe(404);
    expect((await api('/api/traces', server.keys.ingest)).status).toBe(403);
    expect((await api('/api/traces', 'evl_wrong')).status).toBe(401);
    const listed = (await api('/api/traces?limit=500', other.admin)).body.traces;
    expect(listed).toHaveLength(0);
  });
});
