import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** invented_citation and resubmission, end to end: OTLP in, traces closed, signals stored on `traces`. */
let server: TestServer;
let run = 0;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const closeAll = async () => {
  await server.runtime.pool.query(
    `update traces set last_span_at = last_span_at - interval '1 hour' where status = 'open'`,
  );
  const handle = await server.runtime.engine.start('closeTraces', `close-signals-${++run}`);
  return handle.getResult();
};

interface StoredSignal {
  name: string;
  strength: number;
  explanation: string;
  evidence?: Record<string, unknown>;
}

const signalsOf = async (traceId: string): Promise<StoredSignal[]> => {
  const { rows } = await server.runtime.pool.query<{ signals: StoredSignal[] }>(
    `select signals from traces where trace_id = $1 and status = 'closed'`,
    [traceId],
  );
  return rows[0]?.signals ?? [];
};

/** A RAG turn: an OpenInference retriever span with three titled documents, then the answer. */
const ragTrace = (traceId: string, session: string, startMs: number, question: string, answer: string) => {
  const root = newSpanId();
  const documents: Record<string, string | number> = {};
  ['Refund Policy', 'Billing Guide', 'Shipping FAQ'].forEach((title, i) => {
    documents[`retrieval.documents.${i}.document.id`] = `kb-${i + 1}`;
    documents[`retrieval.documents.${i}.document.content`] = `${title}: text ${i + 1}.`;
    documents[`retrieval.documents.${i}.document.metadata`] = JSON.stringify({ title });
  });
  return otlpJsonTraces([
    {
      traceId,
      spanId: root,
      name: 'answer',
      startMs,
      durationMs: 900,
      attributes: { 'session.id': session, 'user.id': 'u-signals' },
    },
    {
      traceId,
      spanId: newSpanId(),
      parentSpanId: root,
      name: 'retrieve',
      startMs: startMs + 10,
      durationMs: 100,
      attributes: { 'openinference.span.kind': 'RETRIEVER', 'input.value': question, ...documents },
    },
    {
      traceId,
      spanId: newSpanId(),
      parentSpanId: root,
      name: 'chat gpt-4o',
      startMs: startMs + 200,
      durationMs: 500,
      attributes: chatAttributes(question, answer),
    },
  ]);
};

describe('signals at close', () => {
  it('stores invented_citation and a resubmission that names the earlier trace', async () => {
    const t0 = Date.UTC(2026, 10, 21, 9, 0, 0);
    const session = `s-${newTraceId().slice(0, 8)}`;
    const [first, second, third] = [newTraceId(), newTraceId(), newTraceId()];
    const bodies = [
      ragTrace(first, session, t0, 'How do I export all my invoices?', 'Open Billing and click Export [2].'),
      ragTrace(
        second,
        session,
        t0 + 50_000,
        "I can't find it. Where exactly do I download every invoice at once?",
        'See [4] "Enterprise Refund Addendum 2023".',
      ),
      ragTrace(
        third,
        session,
        t0 + 120_000,
        'Thanks, and how do I change the currency?',
        'Currency is set per account [2] "Billing Guide".',
      ),
    ];
    for (const body of bodies) expect((await postJson(server.url, server.keys.ingest, body)).status).toBe(200);
    await closeAll();

    expect((await signalsOf(first)).map((s) => s.name)).toEqual([]);
    const secondSignals = await signalsOf(second);
    expect(secondSignals.map((s) => s.name).sort()).toEqual(['invented_citation', 'resubmission']);
    expect(secondSignals.find((s) => s.name === 'resubmission')?.evidence?.previousTraceId).toBe(first);
    // The first trace ended 900 ms after it started: the second came 49 s after that answer.
    expect(secondSignals.find((s) => s.name === 'resubmission')?.explanation).toContain(
      `50 s after trace ${first}, 49 s after its answer`,
    );
    expect(secondSignals.find((s) => s.name === 'invented_citation')?.explanation).toMatch(
      /cites \[4\], "Enterprise Refund Addendum 2023", which no retrieved document matches: only 3 documents were retrieved \('refund policy'/,
    );
    expect((await signalsOf(third)).map((s) => s.name)).toEqual([]);

    // A later batch reads its predecessor from the closed traces (start and end times from the database).
    const fourth = newTraceId();
    const retry = ragTrace(fourth, session, t0 + 180_000, 'I still do not see the currency setting.', 'Sorry [1].');
    expect((await postJson(server.url, server.keys.ingest, retry)).status).toBe(200);
    await closeAll();
    const resubmission = (await signalsOf(fourth)).find((s) => s.name === 'resubmission');
    expect(resubmission?.evidence).toMatchObject({ previousTraceId: third, gapSeconds: 60, answerGapSeconds: 59.1 });
  });
});
