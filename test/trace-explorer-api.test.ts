import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentHistoryTrace } from '../bench/agent-history.js';
import { compactHistory } from '../core/span-history.js';
import { loadTraceDetail } from '../db/trace-detail.js';
import { listTraces } from '../db/trace-list.js';
import { getCompactTraceSpans } from '../db/trace-view-spans.js';
import { fullInput, loadTraceView } from '../web/trace-data.js';
import { EMAILS, EXPLORER_T0, type SeededTrace, seedExplorer } from './helpers/explorer-fixture.js';
import { request } from './helpers/http.js';
import { newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let seeded: SeededTrace[];
let evaluatorId: string;

beforeAll(async () => {
  server = await startTestServer();
  ({ seeded, evaluatorId } = await seedExplorer(server));
});
afterAll(() => server?.stop());

const list = async (query: string, key = server.keys.admin) => {
  const res = await request(server.url, 'GET', `/api/traces?${query}`, { key });
  if (res.status !== 200) throw new Error(`${query}: ${res.status} ${res.text}`);
  return res.body as { traces: { trace_id: string; input: string }[]; nextCursor: string | null; scan: unknown };
};
const idsOf = async (query: string) => (await list(query)).traces.map((t) => t.trace_id).sort();
const expected = (pick: (t: SeededTrace) => boolean) =>
  seeded
    .filter(pick)
    .map((t) => t.traceId)
    .sort();

describe('GET /api/traces filters', () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  it.each<[string, () => string, (t: SeededTrace) => boolean]>([
    ['from', () => `from=${iso(EXPLORER_T0 + 8 * 60_000)}`, (t) => t.i >= 8],
    ['to', () => `to=${iso(EXPLORER_T0 + 3 * 60_000)}`, (t) => t.i < 3],
    ['release', () => 'release=r2', (t) => t.release === 'r2'],
    ['model', () => 'model=gpt-4o-mini', (t) => t.model === 'gpt-4o-mini'],
    ['promptVersion', () => 'promptVersion=p-7', (t) => t.promptVersion === 'p-7'],
    ['session', () => 'session=s-0', (t) => t.session === 's-0'],
    ['user', () => 'user=u-1', (t) => t.user === 'u-1'],
    ['signal resubmission', () => 'signal=resubmission', (t) => t.i === 1],
    ['signal truncation', () => 'signal=truncation', (t) => t.truncated],
    ['labeled', () => 'labeled=true', (t) => t.i === 0 || t.i === 2],
    ['not labeled', () => 'labeled=false', (t) => t.i !== 0 && t.i !== 2],
    ['failure mode', () => 'failureMode=wrong_answer', (t) => t.i === 0],
    ['evaluator', () => `evaluator=${evaluatorId}`, (t) => t.i === 0 || t.i === 2],
    ['evaluator fail', () => `evaluator=${evaluatorId}&verdict=fail`, (t) => t.i === 0],
    ['evaluator pass', () => `evaluator=${evaluatorId}&verdict=pass`, (t) => t.i === 2],
    ['any evaluator pass', () => 'verdict=pass', (t) => t.i === 2],
    ['error', () => 'hasError=true', (t) => t.error],
    ['no error', () => 'hasError=false', (t) => !t.error],
    ['text', () => 'text=pickup%20POINT', (t) => t.i === 7],
    ['text, LIKE wildcards are literal', () => 'text=%25', () => false],
    ['release + model', () => 'release=r2&model=gpt-4o-mini', (t) => t.release === 'r2' && t.model === 'gpt-4o-mini'],
    [
      'session + error + from',
      () => `session=s-2&hasError=true&from=${iso(EXPLORER_T0)}`,
      (t) => t.session === 's-2' && t.error,
    ],
    ['text + user', () => 'text=reset&user=u-1', (t) => t.i === 1],
  ])('%s', async (_name, query, pick) => {
    expect(await idsOf(`${query()}&limit=100`)).toEqual(expected(pick));
  });

  it('lists newest first and redacts the input for reviewers', async () => {
    const review = await list('limit=100', server.keys.review);
    expect(review.traces.map((t) => t.trace_id)).toEqual(seeded.map((t) => t.traceId).reverse());
    for (const email of EMAILS) expect(JSON.stringify(review)).not.toContain(email);
    expect((await list('limit=1')).traces[0]!.input).toContain(EMAILS[11]);
  });
});

describe('cursor paging', () => {
  it('pages through every trace once, in order, while new traces arrive', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.traces.map((t) => t.trace_id));
      cursor = page.nextCursor;
      if (pages++ === 0) {
        // A newer trace arriving after page 1 must not shift later pages (no duplicates, no gaps).
        const traceId = newTraceId();
        const body = otlpJsonTraces([{ traceId, spanId: newSpanId(), name: 'late', startMs: Date.now() }]);
        expect((await postJson(server.url, server.keys.ingest, body)).status).toBe(200);
      }
    } while (cursor);
    expect(seen).toEqual(seeded.map((t) => t.traceId).reverse());
    expect(pages).toBe(3);
  });

  it('continues a bounded text scan on the next page without gaps', async () => {
    // Scan bound 3 on 12 traces with few matches: pages stop at the bound, and together hold every match.
    const all: string[] = [];
    let after: { time: string; traceId: string } | undefined;
    let limitedPages = 0;
    for (let guard = 0; guard < 20; guard++) {
      const page = await listTraces(server.runtime.pool, {
        projectId: 'default',
        text: '.CO',
        to: new Date(EXPLORER_T0 + 3_600_000).toISOString(),
        limit: 2,
        scanLimit: 3,
        after,
      });
      all.push(...page.traces.map((t) => t.trace_id));
      if (page.scan?.limited) limitedPages++;
      if (!page.next) break;
      after = page.next;
    }
    expect(limitedPages).toBeGreaterThan(0);
    const want = expected((t) => `${t.question} ${EMAILS[t.i % EMAILS.length]}`.toLowerCase().includes('.co'));
    expect(want.length).toBeLessThan(6);
    expect(all.sort()).toEqual(want);
  });
});

describe('bad parameters', () => {
  const notCursor = Buffer.from(JSON.stringify({ time: 'yesterday', traceId: 'x' })).toString('base64url');
  it.each([
    ['from=yesterday', 'from'],
    ['to=2026-13-01', 'to'],
    ['signal=bogus', 'signal'],
    ['labeled=maybe', 'labeled'],
    ['evaluator=not-a-uuid', 'evaluator'],
    ['verdict=unsure', 'verdict'],
    ['hasError=yes', 'hasError'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    [`text=${'a'.repeat(201)}`, 'text'],
    ['session=', 'session'],
    ['cursor=garbage', 'cursor'],
    [`cursor=${notCursor}`, 'cursor'],
  ])('%s → 400 naming %s', async (query, field) => {
    const res = await request(server.url, 'GET', `/api/traces?${query}`, { key: server.keys.admin });
    expect(res.status).toBe(400);
    expect(res.body.error.message.startsWith(`${field}:`)).toBe(true);
  });
});

describe('GET /api/sessions/:id', () => {
  it('lists every turn oldest first with signals, and links the re-submission to the turn it repeats', async () => {
    const res = await request(server.url, 'GET', '/api/sessions/s-0', { key: server.keys.review });
    expect(res.status).toBe(200);
    const turns = res.body.turns as { turn: number; traceId: string; input: string; repeats: unknown }[];
    expect(turns.map((t) => t.traceId)).toEqual(seeded.filter((t) => t.session === 's-0').map((t) => t.traceId));
    expect(turns.map((t) => t.turn)).toEqual([1, 2, 3, 4]);
    expect(turns[1]!.repeats).toEqual({ traceId: seeded[0]!.traceId, turn: 1 });
    expect(turns[0]!.repeats).toBeNull();
    for (const email of EMAILS) expect(JSON.stringify(res.body)).not.toContain(email);
    expect(turns[0]!.input).toContain('reset my password');
  });

  it.each([
    ['/api/sessions/no-such-session', 404],
    ['/api/sessions/a%00b', 400],
  ])('%s → %i', async (path, status) => {
    expect((await request(server.url, 'GET', path, { key: server.keys.admin })).status).toBe(status);
  });

  it('needs a key', async () => {
    expect((await request(server.url, 'GET', '/api/sessions/s-0')).status).toBe(401);
  });
});

describe('compression', () => {
  it('gzips JSON when asked and leaves it plain otherwise', async () => {
    const zipped = await fetch(`${server.url}/api/traces?limit=100`, {
      headers: { authorization: `Bearer ${server.keys.admin}`, 'accept-encoding': 'gzip' },
    });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(((await zipped.json()) as { traces: unknown[] }).traces.length).toBe(seeded.length + 1);
    const plain = await fetch(`${server.url}/api/traces?limit=100`, {
      headers: { authorization: `Bearer ${server.keys.admin}`, 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
  });
});

describe('repeated conversation history', () => {
  it('is cut in SQL exactly as in code, and the full input is rebuilt from the cut spans', async () => {
    const traceId = newTraceId();
    const trace = agentHistoryTrace({ traceId, spans: 31, startMs: EXPLORER_T0 - 3_600_000 });
    for (const body of trace.bodies) expect((await postJson(server.url, server.keys.ingest, body)).status).toBe(200);
    const pool = server.runtime.pool;
    const sql = await getCompactTraceSpans(pool, 'default', traceId);
    const detail = await loadTraceDetail(pool, async () => ({}) as never, 'default', traceId);
    const stored = detail!.rows;
    const code = compactHistory(stored);
    expect(sql.map((r) => [r.span_id, r.repeated, r.repeated_from])).toEqual(
      code.map((r) => [r.span_id, r.repeated, r.repeated_from]),
    );
    expect(sql.map((r) => r.content.inputMessages ?? [])).toEqual(code.map((r) => r.content.inputMessages ?? []));
    // 15 LLM calls: every one after the first repeats its predecessor's whole input.
    const llm = sql.filter((r) => r.kind === 'llm');
    expect(llm.length).toBe(15);
    expect(llm.slice(1).every((r, i) => r.repeated >= 1 + 2 * i)).toBe(true);
    const view = await loadTraceView({ pool, settingsOf: async () => ({}) as never }, 'default', traceId);
    const last = view!.spans.filter((s) => s.kind === 'llm').at(-1)!;
    const lastStored = stored.filter((r) => r.kind === 'llm').at(-1)!;
    expect(fullInput(view!.spans, last)).toEqual(lastStored.content.inputMessages);
  });
});
