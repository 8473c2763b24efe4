import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
const traceId = newTraceId();
const rootId = newSpanId();

beforeAll(async () => {
  server = await startTestServer();
  const question =
    'My card 4111 1111 1111 1111 was charged twice, mail me at Ann.Lee@example.com or call +1 (415) 555-0132';
  await postJson(
    server.url,
    server.keys.ingest,
    otlpJsonTraces([
      { traceId, spanId: rootId, name: 'support agent', attributes: { 'user.id': 'ann.lee@example.com' } },
      {
        traceId,
        spanId: newSpanId(),
        parentSpanId: rootId,
        name: 'chat gpt-4o',
        attributes: chatAttributes(
          question,
          'Sorry Ann! I wrote to ann.lee@example.com; key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD',
        ),
      },
    ]),
  );
  await server.runtime.activities.closeTraces({ idleSeconds: 0 });
});
afterAll(() => server?.stop());

const get = async (key: string) =>
  (await (
    await fetch(`${server.url}/api/traces/${traceId}`, { headers: { authorization: `Bearer ${key}` } })
  ).json()) as {
    trace: Record<string, unknown>;
    spans: {
      spanId: string;
      children: { inputMessages: { content: string }[]; outputMessages: { content: string }[] }[];
    }[];
  };

describe('redaction before annotation', () => {
  it('shows reviewers a redacted trace with consistent placeholders, and admins the stored one', async () => {
    const reviewer = await get(server.keys.review);
    const text = JSON.stringify(reviewer);
    expect(text).not.toMatch(/ann\.lee@example\.com/i);
    expect(text).not.toMatch(/4111 1111 1111 1111/);
    expect(text).not.toMatch(/555-0132/);
    expect(text).not.toMatch(/sk-proj-/);
    const llm = reviewer.spans[0]!.children[0]!;
    const email = llm.inputMessages[0]!.content.match(/<EMAIL_\d+>/)?.[0];
    expect(email).toBeDefined();
    // The same address, written in another case elsewhere in the trace, gets the same placeholder.
    expect(llm.outputMessages[0]!.content).toContain(email);
    expect(reviewer.trace.user_id).toBe(email);
    // Identifiers are never redacted.
    expect(reviewer.trace.trace_id).toBe(traceId);
    expect(reviewer.spans[0]!.spanId).toBe(rootId);

    const admin = await get(server.keys.admin);
    expect(JSON.stringify(admin)).toMatch(/Ann\.Lee@example\.com/);
    const { rows } = await server.runtime.pool.query('select input from traces where trace_id = $1', [traceId]);
    expect(rows[0].input).toMatch(/4111 1111 1111 1111/);
  });
});
