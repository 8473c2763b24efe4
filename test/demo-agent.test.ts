import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulatedAgent, type SimulatedAgentRun } from '../cli/demo/agent.js';
import { humanReviewInstructions, startHumanCycle } from '../cli/demo/human-cycle.js';
import { runSimulatedReviewer } from '../cli/demo/reviewer.js';
import { createRng } from '../cli/demo/rng.js';
import { demoReleases, failureModes, generateTrace, releaseFailureRates, topics } from '../cli/demo/scenarios.js';
import type { TraceTruth } from '../cli/demo/types.js';
import { createApiKey } from '../db/api-keys.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const REVIEWER = 'simulated-reviewer (demo)';
const RELEASE = demoReleases.baseline;

describe('simulated research-assistant traffic (pure)', () => {
  const sample = (release: string, n: number, seed = 1) => {
    const rng = createRng(seed);
    return Array.from({ length: n }, () => generateTrace(rng, { release }));
  };

  it('is reproducible from its seed', () => {
    expect(sample(RELEASE, 50, 9)).toEqual(sample(RELEASE, 50, 9));
  });

  it('has about 80% fine traces, and the citations release invents citations four times as often', () => {
    const share = (traces: ReturnType<typeof sample>, mode: string | null) =>
      traces.filter((t) => t.truth.mode === mode).length / traces.length;
    const baseline = sample(RELEASE, 4000);
    const citations = sample(demoReleases.citations, 4000);
    expect(share(baseline, null)).toBeCloseTo(0.8, 1);
    for (const mode of failureModes) expect(share(baseline, mode.key)).toBeCloseTo(0.05, 1);
    expect(share(citations, 'invented_citation')).toBeCloseTo(0.2, 1);
    expect(releaseFailureRates(demoReleases.harmless)).toEqual(releaseFailureRates(RELEASE));
  });

  it('writes varied failures, and long answers fail only without a TL;DR line', () => {
    const traces = sample(demoReleases.citations, 3000, 2);
    const byMode = new Map<string | null, typeof traces>();
    for (const t of traces) byMode.set(t.truth.mode, [...(byMode.get(t.truth.mode) ?? []), t]);
    for (const mode of failureModes) {
      const answers = new Set(byMode.get(mode.key)?.map((t) => t.truth.answer.replace(/\d/g, '')));
      expect(answers.size, mode.key).toBeGreaterThan(20);
    }
    for (const t of byMode.get('over_budget') ?? []) {
      expect(t.truth.answer.length).toBeGreaterThan(1200);
      expect(t.truth.answer).not.toMatch(/^TL;DR:/m);
    }
    const fine = byMode.get(null) ?? [];
    expect(fine.some((t) => t.truth.answer.length > 1200)).toBe(true);
    for (const t of fine) if (t.truth.answer.length > 1200) expect(t.truth.answer).toMatch(/^TL;DR:/m);
    const hedges = new Set(byMode.get('ignored_tool_result')?.map((t) => t.truth.evidence.mode && t.truth.answer));
    expect([...hedges].some((a) => typeof a === 'string' && a.includes('From what I recall'))).toBe(true);
  });

  it.each(topics)('topic $id: the fact is in the claim, the answer and the first document', (topic) => {
    expect(topic.claim).toContain(topic.fact);
    expect(topic.answer).toContain(topic.fact);
    expect(topic.docs[0]?.[1]).toContain(topic.fact);
    expect(topic.docs.length).toBeGreaterThanOrEqual(2);
    expect(topic.docs.length).toBeLessThanOrEqual(4);
    const cited = [...topic.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(cited.length).toBeGreaterThan(0);
    expect(Math.max(...cited)).toBeLessThanOrEqual(topic.docs.length);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: rows read loosely
type Row = any;

describe('simulated agent → evalloop → simulated reviewer', () => {
  let server: TestServer;
  let reviewKey: string;
  let run: SimulatedAgentRun;
  let truthOf: (traceId: string) => TraceTruth;

  const api = async (path: string, key: string, body: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Row };
  };
  const query = async (sql: string, params: unknown[] = []): Promise<Row[]> =>
    (await server.runtime.pool.query(sql, params)).rows;

  beforeAll(async () => {
    server = await startTestServer();
    reviewKey = await createApiKey(server.runtime.db, 'default', 'review', REVIEWER);
    for (const { key, title, rubric } of failureModes) {
      expect((await api('/api/failure-modes', server.keys.admin, { key, title, rubric })).status).toBe(201);
    }
    const started = Date.now();
    run = await runSimulatedAgent({ url: server.url, ingestKey: server.keys.ingest, traces: 300, seed: 42 });
    const seconds = (Date.now() - started) / 1000;
    console.log(`simulated agent: 300 traces, ${run.spans} spans in ${seconds.toFixed(1)} s`);
    truthOf = (traceId) => run.truth.get(traceId)!;
    for (let pass = 0; pass < 10; pass++) {
      if (!(await server.runtime.activities.closeTraces({ idleSeconds: 0 })).more) break;
    }
  });
  afterAll(() => server?.stop());

  it('stores every trace with the fields the evaluators need', async () => {
    expect(run.truth.size).toBe(300);
    const traces = await query(
      `select trace_id, status, release, environment, input, output, session_id, user_id, llm_calls, tool_calls, signals
       from traces where project_id = 'default'`,
    );
    expect(traces).toHaveLength(300);
    for (const t of traces) {
      const truth = truthOf(t.trace_id);
      expect(truth, t.trace_id).toBeDefined();
      expect(t).toMatchObject({ status: 'closed', release: RELEASE, environment: 'demo', input: truth.question });
      expect(t.output).toBe(truth.answer);
      expect(t.session_id).toMatch(/^sess_/);
      expect(t.user_id).toMatch(/^user-/);
      expect(t.tool_calls).toBe(truth.calledTools.length);
      expect(t.llm_calls).toBe(truth.calledTools.length + 1);
    }
    const fine = traces.filter((t) => truthOf(t.trace_id).mode === null);
    expect(fine.filter((t) => /\[\d\]/.test(t.output)).length / fine.length).toBeGreaterThan(0.95);

    const spans = await query(`select trace_id, kind, content from spans where project_id = 'default'`);
    const retrievals = spans.filter((s) => s.kind === 'retrieval');
    expect(retrievals).toHaveLength(300);
    for (const s of retrievals) {
      const docs = s.content.retrievedDocuments;
      expect(docs).toHaveLength(truthOf(s.trace_id).documents);
      expect(docs[0].id).toMatch(/#1$/);
      expect(docs[0].content).toContain(truthOf(s.trace_id).fact);
    }
    const tools = spans.filter((s) => s.kind === 'tool');
    for (const s of tools) {
      const [call] = s.content.toolCalls;
      expect(truthOf(s.trace_id).calledTools).toContain(call.name);
      expect(() => JSON.parse(call.arguments)).not.toThrow();
      expect(call.result ?? call.error).toBeTruthy();
    }
    const chats = spans.filter((s) => s.kind === 'llm');
    expect(chats.every((s) => s.content.toolDefinitions.length === 5)).toBe(true);
    const requested = chats.flatMap((s) => s.content.toolCalls);
    expect(requested.length).toBe(tools.length);
    // The tool round trip: each requested call is answered by a tool message in the next model turn.
    const answered = new Set(
      chats.flatMap((s) => s.content.inputMessages.filter((m: Row) => m.role === 'tool').map((m: Row) => m.toolCallId)),
    );
    expect(requested.every((c: Row) => answered.has(c.id))).toBe(true);
  });

  it('raises anomaly signals on some failing traces, more often than on fine ones', async () => {
    const rows = await query(`select trace_id, signals from traces where project_id = 'default'`);
    const names = new Map(rows.map((r) => [r.trace_id, new Set(r.signals.map((s: Row) => s.name))]));
    const truths = [...run.truth.entries()];
    for (const [traceId, truth] of truths) {
      const e = truth.evidence;
      if (e.mode === 'wrong_tool' && e.errored) expect(names.get(traceId)).toContain('tool_error');
      if (e.mode === 'over_budget' && e.truncated) expect(names.get(traceId)).toContain('truncation');
    }
    const flagged = (mode: string | null) => {
      const ids = truths.filter(([, t]) => t.mode === mode).map(([id]) => id);
      return ids.filter((id) => (names.get(id)?.size ?? 0) > 0).length / ids.length;
    };
    expect(truths.some(([id, t]) => t.mode === 'invented_citation' && names.get(id)?.has('context_pressure'))).toBe(
      true,
    );
    // Ignored tool results leave no trace in the spans; only some users' thumbs-down point at them.
    expect(truths.some(([id, t]) => t.mode === 'ignored_tool_result' && names.get(id)?.has('user_feedback'))).toBe(
      true,
    );
    const [{ n: feedback }] = await query(`select count(*)::int as n from feedback where project_id = 'default'`);
    expect(feedback).toBe(run.feedback);
    for (const mode of ['wrong_tool', 'over_budget', 'invented_citation', 'ignored_tool_result']) {
      expect(flagged(mode), mode).toBeGreaterThan(flagged(null));
    }
  });

  it('labels every queued task as the simulated reviewer, with about the configured disagreement', async () => {
    const from = new Date(run.window.from.getTime() - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    // Half the budget at random: with no earlier week as a baseline, few traces have anomaly signals.
    const fill = await api('/api/queue/fill', server.keys.admin, { from, to, budget: 120, randomFraction: 0.5 });
    expect(fill.status).toBe(200);
    const { cycleId, queued } = fill.body;
    console.log('queue fill:', JSON.stringify(fill.body.stats));
    expect(queued).toBeGreaterThan(60);
    expect(queued).toBeLessThanOrEqual(120);

    const counts = await runSimulatedReviewer({ url: server.url, reviewKey, cycleId, truth: run.truth, seed: 7 });
    expect(counts).toMatchObject({ labeled: queued, skipped: 0 });
    const [progress] = await query(
      `select count(*) filter (where status = 'pending')::int as pending, count(*)::int as total
       from review_tasks where cycle_id = $1`,
      [cycleId],
    );
    expect(progress).toEqual({ pending: 0, total: queued });

    const labels = await query(
      `select l.trace_id, m.key as mode, l.verdict, l.reviewer, l.critique
       from labels l left join failure_modes m on m.id = l.failure_mode_id where l.project_id = 'default'`,
    );
    expect(labels).toHaveLength(queued);
    expect(new Set(labels.map((l) => l.reviewer))).toEqual(new Set([REVIEWER]));
    for (const l of labels) expect(l.verdict).toBe(l.mode === null ? 'pass' : 'fail');
    const disagreeing = labels.filter((l) => l.mode !== truthOf(l.trace_id).mode).length;
    expect(disagreeing).toBe(counts.disagreements);
    expect(disagreeing / labels.length).toBeGreaterThan(0.01);
    expect(disagreeing / labels.length).toBeLessThan(0.2);
    expect(new Set(labels.map((l) => l.critique)).size).toBeGreaterThan(labels.length / 2);
    const rightCitation = labels.find((l) => l.mode === 'invented_citation' && truthOf(l.trace_id).mode === l.mode);
    if (rightCitation) expect(rightCitation.critique).toMatch(/\[\d|retrieved|source/);
  });

  it('ends with a fresh refresh cycle whose tasks wait for a human reviewer, and says how to reach it', async () => {
    const from = new Date(Date.now() - 10 * 24 * 3_600_000);
    const to = new Date(from.getTime() + 3_600_000);
    await runSimulatedAgent({
      url: server.url,
      ingestKey: server.keys.ingest,
      traces: 60,
      seed: 31,
      startTime: from,
      endTime: to,
      feedback: false,
    });
    await server.runtime.activities.closeTraces({ idleSeconds: 0 });
    const cycle = await startHumanCycle({
      url: server.url,
      adminKey: server.keys.admin,
      window: { from, to },
      budget: 20,
    });
    const [tasks] = await query(
      `select count(*) filter (where status = 'pending')::int as pending, count(*)::int as total
       from review_tasks where project_id = 'default' and cycle_id = $1`,
      [cycle.cycleId],
    );
    expect(tasks.total).toBeGreaterThan(0);
    expect(tasks).toEqual({ pending: tasks.total, total: tasks.total });
    expect(cycle).toMatchObject({ pending: tasks.total, total: tasks.total });
    const [row] = await query('select status from cycles where id = $1', [cycle.cycleId]);
    expect(row.status).not.toBe('done');
    const text = humanReviewInstructions(server.url, cycle, 'evl_example').join('\n');
    expect(text).toContain(`${server.url}/?cycle=${encodeURIComponent(cycle.cycleId)}`);
    expect(text).toContain('evl_example');
    expect(text).toContain(`${tasks.total} traces wait`);
    // The link opens that cycle's queue for a reviewer who signs in with the key.
    const login = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ key: server.keys.review, next: `/?cycle=${cycle.cycleId}` }),
      redirect: 'manual',
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (
      await fetch(`${server.url}/?cycle=${encodeURIComponent(cycle.cycleId)}`, { headers: { cookie } })
    ).text();
    expect(page).toContain(`<b>${tasks.total}</b> pending`);
  });
});
