import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateResult } from '../core/gate/types.js';
import { createApiKey } from '../db/api-keys.js';
import { publishEvaluatorVersion } from '../db/evaluators.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// biome-ignore lint/suspicious/noExplicitAny: API bodies read loosely
type Json = any;

const EMAIL = 'dana.kim@example.com';
const PHONE = '+1 415-555-0134';
/** Twelve users' questions, each with the same planted contact details. */
const QUESTIONS = Array.from(
  { length: 12 },
  (_, i) => `question ${i + 1}: which plan fits a team of ${i + 3}? reach me at ${EMAIL} or ${PHONE}`,
);
const GOOD = 'The team plan fits; it covers everyone.';
const BAD = 'Sorry, I cannot say. The team plan fits; it covers everyone.';

/**
 * Gates that fail closed (inconclusive without evidence), verdicts reused only while their
 * evidence is unchanged, and gate reports that do not leak users' inputs to ci keys.
 */
describe('gate evidence: inconclusive verdicts, reuse, re-runs and redaction', () => {
  let server: TestServer;
  let ciKey: string;
  const baseTime = Date.now() - 3_600_000;

  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
  };

  /** Sends one trace per question for a release, answering each with `answer`. */
  const send = async (
    release: string,
    questions: readonly string[],
    answer: string,
    ingestKey = server.keys.ingest,
  ) => {
    const spans = questions.flatMap((q, i) => {
      const traceId = newTraceId();
      const root = newSpanId();
      const startMs = baseTime + i * 1000;
      return [
        { traceId, spanId: root, name: 'invoke_agent support', startMs, durationMs: 900 },
        {
          traceId,
          spanId: newSpanId(),
          parentSpanId: root,
          name: 'chat gpt-4o',
          startMs: startMs + 50,
          durationMs: 800,
          attributes: chatAttributes(q, answer),
        },
      ];
    });
    const body = otlpJsonTraces(spans, { 'service.name': 'support-bot', 'service.version': release });
    expect((await postJson(server.url, ingestKey, body)).status).toBe(200);
  };

  const start = async (body: Record<string, unknown>, key = ciKey) => {
    const started = await call(key, 'POST', '/api/gates', body);
    expect([200, 202], JSON.stringify(started.body)).toContain(started.status);
    return started;
  };
  const read = async (id: string, key = ciKey) => {
    const polled = await call(key, 'GET', `/api/gates/${encodeURIComponent(id)}?wait=30`);
    expect(polled.status).toBe(200);
    expect(polled.body.state, JSON.stringify(polled.body.engine)).toBe('decided');
    return polled.body.gate as Json;
  };
  const gate = async (body: Record<string, unknown>, key = ciKey) => {
    const started = await start(body, key);
    return { started: started.body as Json, status: started.status, gate: await read(started.body.id, key) };
  };
  const evaluationRows = async (gateId: string) =>
    Number(
      (await server.runtime.pool.query('select count(*) from evaluation_results where run_id like $1', [`${gateId}:%`]))
        .rows[0].count,
    );
  const publish = (projectId: string, name: string, status: 'gate' | 'signal') =>
    publishEvaluatorVersion(server.runtime.pool, {
      projectId,
      failureModeKey: 'apology',
      name,
      config: { kind: 'banned_phrases', phrases: ['Sorry'], field: 'output' },
      threshold: 0.5,
      calibrationDatasetVersionId: null,
      metrics: { mcc: 0.8, mccCI: { lower: 0.62, upper: 0.91 }, tpr: 0.9, tnr: 0.92, nFail: 30, nPass: 60 },
      status,
      statusReason: `${status} band`,
      parentVersionId: null,
      createdBy: 'gate evidence test',
      report: null,
    });
  const apologyMode = (key: string) =>
    call(key, 'POST', '/api/failure-modes', {
      key: 'apology',
      title: 'Needless apology',
      rubric: 'Fail when the answer opens with an apology.',
    });

  beforeAll(async () => {
    server = await startTestServer();
    ciKey = await createApiKey(server.runtime.db, 'default', 'ci', 'gate evidence test');
    expect((await apologyMode(server.keys.admin)).status).toBe(201);
    await publish('default', 'no-apology', 'gate');
    await send('1.0.0', QUESTIONS, GOOD);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('calls the first release inconclusive (nothing to compare with), yet uses it as the next baseline', async () => {
    const first = await gate({ release: '1.0.0' });
    expect(first.status).toBe(202);
    expect(first.gate).toMatchObject({ status: 'inconclusive', baseline: null });
    expect(first.gate.result).toMatchObject({ verdict: 'inconclusive', missing: ['baseline'] });
    expect(first.gate.result.decisions[0].reason).toContain('no floor is set, so nothing could block');

    await send('1.1.0', QUESTIONS, GOOD);
    const next = await gate({ release: '1.1.0' });
    expect(next.gate).toMatchObject({ status: 'pass', baseline: '1.0.0' });
    expect(next.gate.result.decisions[0]).toMatchObject({
      decision: 'pass',
      numbers: { test: 'mcnemar', nShared: 12 },
    });
  });

  it('is inconclusive with no trace of the release, reuses that while nothing changes, and re-runs when traces arrive', async () => {
    const none = await gate({ release: '9.9.9-nope', baseline: '1.0.0' });
    expect(none.status).toBe(202);
    expect(none.gate.status).toBe('inconclusive');
    const result = none.gate.result as GateResult;
    expect(result).toMatchObject({ verdict: 'inconclusive', missing: ['candidate'], inconclusiveBy: ['no-apology'] });
    expect(result.summary).toContain(
      'no trace tagged with release 9.9.9-nope; check that its spans carry service.version = 9.9.9-nope',
    );
    expect(none.gate.evidenceSummary).toEqual({ candidate: 0, baseline: 12, evaluators: 1 });

    // Asked again with the same evidence: the stored verdict, said to be reused, nothing evaluated again.
    const rows = await evaluationRows(none.started.id);
    const again = await start({ release: '9.9.9-nope', baseline: '1.0.0' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      id: none.started.id,
      status: 'inconclusive',
      reused: true,
      reusedFrom: { id: none.started.id, decidedAt: none.gate.decidedAt },
    });
    expect(await evaluationRows(none.started.id)).toBe(rows);
    expect((await read(none.started.id)).reuseCount).toBe(1);

    // Twelve traces of the release arrive (still open when the gate is asked): a new run, a real verdict.
    await send('9.9.9-nope', QUESTIONS, BAD);
    const decided = await gate({ release: '9.9.9-nope', baseline: '1.0.0' });
    expect(decided.status).toBe(202);
    expect(decided.started).toMatchObject({ reused: false, reusedFrom: null });
    expect(decided.started.id).not.toBe(none.started.id);
    expect(decided.gate.status).toBe('blocked');
    expect(decided.gate.result.decisions[0].numbers).toMatchObject({ nCandidate: 12, passToFail: 12 });
    expect(decided.gate.evidenceSummary).toEqual({ candidate: 12, baseline: 12, evaluators: 1 });
    const history = (await call(ciKey, 'GET', `/api/gates?release=9.9.9-nope`)).body.gates;
    expect(history.map((g: Json) => g.status)).toEqual(['blocked', 'inconclusive']);

    // --rerun: a new run of the same evidence, evaluated again.
    const rerun = await gate({ release: '9.9.9-nope', baseline: '1.0.0', rerun: true });
    expect(rerun.status).toBe(202);
    expect(rerun.started.id).toBe(`${decided.started.id}.2`);
    expect(rerun.started.reused).toBe(false);
    expect(rerun.gate.status).toBe('blocked');
    expect(await evaluationRows(rerun.started.id)).toBe(24);
    // Without it, the latest run with that evidence is reused.
    const reused = await start({ release: '9.9.9-nope', baseline: '1.0.0' });
    expect(reused.body).toMatchObject({ id: rerun.started.id, reused: true });
  });

  it('re-runs an earlier pass when a new trace of the release arrives, and when the baseline differs', async () => {
    await send('1.2.0', QUESTIONS.slice(0, 11), GOOD);
    const before = await gate({ release: '1.2.0', baseline: '1.0.0' });
    expect(before.gate.status).toBe('pass');
    await send('1.2.0', QUESTIONS.slice(11), BAD);
    const after = await gate({ release: '1.2.0', baseline: '1.0.0' });
    expect(after.status).toBe(202);
    expect(after.started.id).not.toBe(before.started.id);
    expect(after.gate.result.decisions[0].numbers).toMatchObject({ nCandidate: 12, passToFail: 1 });
    const otherBaseline = await start({ release: '1.2.0', baseline: '1.1.0' });
    expect(otherBaseline.status).toBe(202);
    expect(otherBaseline.body.reused).toBe(false);
    await read(otherBaseline.body.id);
  });

  it('gives identical concurrent requests one gate run', async () => {
    await send('1.3.0', QUESTIONS, GOOD);
    const [a, ...rest] = await Promise.all(
      Array.from({ length: 4 }, () => call(ciKey, 'POST', '/api/gates', { release: '1.3.0', baseline: '1.0.0' })),
    );
    for (const other of rest) expect(other.body.id).toBe(a!.body.id);
    expect((await read(a!.body.id)).status).toBe('pass');
    const runs = (await call(ciKey, 'GET', '/api/gates?release=1.3.0')).body.gates;
    expect(runs).toHaveLength(1);
  });

  it('is inconclusive when an evaluator saw fewer items than the policy needs', async () => {
    await send('few-1', QUESTIONS.slice(0, 4), GOOD);
    const few = await gate({ release: 'few-1', baseline: '1.0.0' });
    expect(few.gate.status).toBe('inconclusive');
    expect(few.gate.result.missing).toEqual(['items']);
    expect(few.gate.result.decisions[0].reason).toMatch(
      /^evaluator no-apology saw 4 items of release few-1, needs 10; send more traffic of the release or lower policy\.minItems/,
    );
    // With a lower minimum the same evidence decides (a different policy is different evidence).
    const lowered = await gate({ release: 'few-1', baseline: '1.0.0', policy: { minItems: 4 } });
    expect(lowered.started.reused).toBe(false);
    expect(lowered.gate.status).toBe('pass');
  });

  it('is inconclusive when no evaluator gates (signal evaluators only)', async () => {
    const project = await server.createProject('signals-only');
    expect((await apologyMode(project.admin)).status).toBe(201);
    await publish('signals-only', 'no-apology-signal', 'signal');
    await send('s-1', QUESTIONS, GOOD, project.ingest);
    await send('s-2', QUESTIONS, GOOD, project.ingest);
    const g = await gate({ release: 's-2', baseline: 's-1' }, project.admin);
    expect(g.gate.status).toBe('inconclusive');
    expect(g.gate.result).toMatchObject({ missing: ['evaluators'], inconclusiveBy: [] });
    expect(g.gate.result.summary).toContain('no evaluator has status gate, so nothing can vouch for it');
  });

  it('redacts flipped items’ inputs for ci keys (JSON and Markdown), while an admin sees them', async () => {
    const blocked = (await call(ciKey, 'GET', '/api/gates?release=9.9.9-nope')).body.gates[0];
    const asCi = await call(ciKey, 'GET', `/api/gates/${encodeURIComponent(blocked.id)}`);
    const asAdmin = await call(server.keys.admin, 'GET', `/api/gates/${encodeURIComponent(blocked.id)}`);
    const ciText = JSON.stringify(asCi.body);
    expect(ciText).not.toContain(EMAIL);
    expect(ciText).not.toContain('555-0134');
    const flips = asCi.body.gate.result.decisions[0].flipped;
    expect(flips).toHaveLength(12);
    expect(flips[0].key).toMatch(/reach me at <EMAIL_1> or <PHONE_1>$/);
    expect(asCi.body.gate.markdown).toContain('<EMAIL_1>');
    expect(asCi.body.gate.markdown).not.toContain(EMAIL);
    // Trace ids are kept, so the links still work.
    expect(flips[0].traceId).toBe(asAdmin.body.gate.result.decisions[0].flipped[0].traceId);
    expect(asAdmin.body.gate.result.decisions[0].flipped[0].key).toContain(EMAIL);
    expect(asAdmin.body.gate.markdown).toContain(EMAIL);
    // The reports a curl-only CI job fetches: redacted the same way.
    const path = `/api/gates/${encodeURIComponent(blocked.id)}`;
    const text = async (key: string, format: string) => {
      const response = await fetch(`${server.url}${path}/${format}`, { headers: { authorization: `Bearer ${key}` } });
      return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
    };
    const junit = await text(ciKey, 'junit');
    expect(junit).toMatchObject({ status: 200, type: 'application/xml; charset=utf-8' });
    expect(junit.body).toContain('&lt;EMAIL_1&gt;');
    const markdown = await text(ciKey, 'markdown');
    expect(markdown.body).toBe(asCi.body.gate.markdown);
    for (const report of [junit.body, markdown.body]) {
      expect(report).not.toContain(EMAIL);
      expect(report).not.toContain('555-0134');
    }
    expect((await text(server.keys.admin, 'junit')).body).toContain(EMAIL);
    expect((await text(ciKey, 'pdf')).status).toBe(404);
    expect(
      (await text(ciKey, 'junit').then(() => call(ciKey, 'GET', '/api/gates/gate:default:nope/junit'))).status,
    ).toBe(404);
    // The history never carries results or reports.
    const listed = JSON.stringify((await call(ciKey, 'GET', '/api/gates')).body);
    expect(listed).not.toContain(EMAIL);
  });
});
