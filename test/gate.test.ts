import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulatedAgent } from '../cli/demo/agent.js';
import { failureModes } from '../cli/demo/failure-modes.js';
import { demoReleases } from '../cli/demo/releases.js';
import type { TraceTruth } from '../cli/demo/types.js';
import type { EvaluatorDecision, GateResult } from '../core/gate/types.js';
import { createApiKey } from '../db/api-keys.js';
import { publishEvaluatorVersion } from '../db/evaluators.js';
import { type LlmStub, startLlmStub } from './helpers/llm-stub.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { engines, useEngine } from './helpers/temporal.js';

// biome-ignore lint/suspicious/noExplicitAny: API bodies read loosely
type Json = any;

const PUBLIC_URL = 'https://evalloop.example.test';
const TRACES_PER_RELEASE = 300;
/** The slow project's judge answers after this long, so its gate cannot finish within a long-poll of 1 s. */
const SLOW_JUDGE_MS = 4_000;

const { baseline: BASELINE, harmless: HARMLESS, citations: CITATIONS } = demoReleases;

/** Stock pleasantries only the friendlier releases use: a signal evaluator that regresses on them. */
const PLEASANTRIES = ['Happy to help', 'Great question', 'Hope that helps', 'Anything else I can look up'];

describe.each(engines)('release gate through the API and the gate workflow on %s', (engine) => {
  const temporal = useEngine(engine);
  let stub: LlmStub;
  let server: TestServer;
  let ciKey: string;
  const truth = new Map<string, TraceTruth>();
  const releaseOf = new Map<string, string>();

  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
  };

  /** Starts (or finds) a gate and long-polls it until decided. */
  const gate = async (body: Record<string, unknown>, key = ciKey) => {
    const started = await call(key, 'POST', '/api/gates', body);
    expect([200, 202], JSON.stringify(started.body)).toContain(started.status);
    const id: string = started.body.id;
    for (let i = 0; i < 6; i++) {
      const polled = await call(key, 'GET', `/api/gates/${encodeURIComponent(id)}?wait=20`);
      expect(polled.status).toBe(200);
      if (polled.body.state === 'failed') throw new Error(`gate ${id} failed: ${JSON.stringify(polled.body.engine)}`);
      if (polled.body.state === 'decided') return { started, ...polled.body } as { started: Json; gate: Json };
    }
    throw new Error(`gate ${id} undecided`);
  };
  const resultOf = (g: { gate: Json }) => g.gate.result as GateResult;
  const decisionOf = (result: GateResult, name: string) => {
    const d = result.decisions.find((x) => x.evaluator.name === name);
    expect(d, `${name} in ${result.decisions.map((x) => x.evaluator.name)}`).toBeDefined();
    return d as EvaluatorDecision;
  };

  const sendTraffic = async (
    release: string,
    seed: number,
    ingestKey = server.keys.ingest,
    traces = TRACES_PER_RELEASE,
  ) => {
    const run = await runSimulatedAgent({
      url: server.url,
      ingestKey,
      traces,
      seed,
      release,
      startTime: new Date(Date.now() - 3_600_000),
      endTime: new Date(Date.now() - 60_000),
      feedback: false,
    });
    for (const [id, t] of run.truth) {
      truth.set(id, t);
      releaseOf.set(id, release);
    }
    return run;
  };

  const evaluationRows = async (gateId: string) =>
    Number(
      (await server.runtime.pool.query('select count(*) from evaluation_results where run_id like $1', [`${gateId}:%`]))
        .rows[0].count,
    );

  beforeAll(async () => {
    stub = await startLlmStub(async (req) => {
      const delayMs = req.body.model === 'judge-slow' ? SLOW_JUDGE_MS : 0;
      return { kind: 'text', content: JSON.stringify({ justification: 'No failure found.', score: 1 }), delayMs };
    });
    server = await startTestServer({
      env: { LLM_BASE_URL: stub.baseURL, LLM_API_KEY: 'test', LLM_MODEL: 'judge-slow', PUBLIC_URL, ...temporal.env() },
    });
    ciKey = await createApiKey(server.runtime.db, 'default', 'ci', 'gate test CI');
    for (const { key, title, rubric } of failureModes) {
      expect((await call(server.keys.admin, 'POST', '/api/failure-modes', { key, title, rubric })).status).toBe(201);
    }
    const pleasantries = await call(server.keys.admin, 'POST', '/api/failure-modes', {
      key: 'canned_pleasantries',
      title: 'Canned pleasantries',
      rubric: 'Fail when the answer opens or closes with a stock pleasantry instead of getting to the point.',
    });
    expect(pleasantries.status).toBe(201);
    const common = {
      projectId: 'default',
      calibrationDatasetVersionId: null,
      parentVersionId: null,
      createdBy: 'gate test',
      report: null,
    };
    await publishEvaluatorVersion(server.runtime.pool, {
      ...common,
      failureModeKey: 'invented_citation',
      name: 'citation-grounding',
      config: { kind: 'citation', checkQuotes: true },
      threshold: 0.9,
      metrics: { mcc: 0.84, mccCI: { lower: 0.72, upper: 0.93 }, tpr: 0.83, tnr: 0.99, nFail: 42, nPass: 118 },
      status: 'gate',
      statusReason: 'MCC 0.84 [0.72, 0.93] on 160 labels: gate band',
    });
    await publishEvaluatorVersion(server.runtime.pool, {
      ...common,
      failureModeKey: 'canned_pleasantries',
      name: 'no-pleasantries',
      config: { kind: 'banned_phrases', phrases: PLEASANTRIES, field: 'output' },
      threshold: 0.5,
      metrics: { mcc: 0.55, mccCI: { lower: 0.38, upper: 0.7 }, tpr: 0.9, tnr: 0.8, nFail: 20, nPass: 60 },
      status: 'signal',
      statusReason: 'MCC 0.55 [0.38, 0.70]: signal band',
    });
    await sendTraffic(BASELINE, 11);
  });
  afterAll(async () => {
    await server?.stop();
    await stub?.stop();
  });

  it('calls the first release inconclusive (nothing to compare with) and makes it the default baseline of the next', async () => {
    const first = await gate({ release: BASELINE });
    expect(first.started.status).toBe(202);
    expect(first.gate).toMatchObject({ release: BASELINE, status: 'inconclusive', baseline: null, source: 'traces' });
    expect(resultOf(first).missing).toEqual(['baseline']);
    expect(decisionOf(resultOf(first), 'citation-grounding')).toMatchObject({
      decision: 'inconclusive',
      missing: 'baseline',
      numbers: { test: 'floor-only', nCandidate: TRACES_PER_RELEASE },
    });

    await sendTraffic(HARMLESS, 23);
    const harmless = await gate({ release: HARMLESS });
    expect(harmless.gate).toMatchObject({ release: HARMLESS, baseline: BASELINE, status: 'pass' });
    const result = resultOf(harmless);
    expect(result).toMatchObject({ verdict: 'pass', blockedBy: [], baseline: BASELINE });
    const citation = decisionOf(result, 'citation-grounding');
    expect(citation).toMatchObject({ decision: 'pass', blocking: false });
    expect(citation.numbers.test).toBe('mcnemar');
    expect(citation.numbers.nShared).toBeGreaterThan(200);
    // The friendlier wording is caught by the signal evaluator: reported as a regression, never blocking.
    const signal = decisionOf(result, 'no-pleasantries');
    expect(signal).toMatchObject({ decision: 'block', blocking: false, evaluator: { status: 'signal' } });
    expect(signal.numbers.diff).toBeLessThan(-0.3);
    expect(signal.reason).toContain('signal evaluator');
    expect(result.summary).toContain('Signal evaluators that regressed (not blocking): no-pleasantries');
    expect(harmless.gate.markdown).toContain('regressed (signal)');
  });

  it('blocks the release that invents citations four times as often, naming the evaluator and the flipped traces', async () => {
    await sendTraffic(CITATIONS, 23);
    const blocked = await gate({ release: CITATIONS, baseline: BASELINE });
    const result = resultOf(blocked);
    expect(blocked.gate).toMatchObject({ status: 'blocked', baseline: BASELINE });
    expect(result.verdict).toBe('blocked');
    expect(result.blockedBy).toEqual(['citation-grounding']);
    expect(result.summary).toContain('blocked');
    const d = decisionOf(result, 'citation-grounding');
    expect(d).toMatchObject({ decision: 'block', blocking: true, evaluator: { status: 'gate' } });
    expect(d.numbers.test).toBe('mcnemar');
    expect(d.numbers.diff).toBeLessThan(-0.05);
    expect(d.numbers.pValue).toBeLessThan(0.05);
    // Flipped items: pass → fail first, each the candidate's trace of a question the baseline answered well.
    const regressed = d.flipped.filter((f) => f.from === 'pass' && f.to === 'fail');
    expect(regressed.length).toBe(d.numbers.passToFail);
    expect(regressed.length).toBeGreaterThan(15);
    expect(d.flipped[0]).toMatchObject({ from: 'pass', to: 'fail' });
    const inventedNow = regressed.filter((f) => truth.get(f.traceId)?.mode === 'invented_citation').length;
    expect(inventedNow / regressed.length).toBeGreaterThan(0.8);
    for (const f of regressed) {
      expect(releaseOf.get(f.traceId)).toBe(CITATIONS);
      expect(releaseOf.get(f.baselineTraceId)).toBe(BASELINE);
      expect(truth.get(f.traceId)!.question.toLowerCase()).toBe(truth.get(f.baselineTraceId)!.question.toLowerCase());
    }
    // The links point at the traces, which the API serves.
    const first = regressed[0]!;
    expect(blocked.gate.markdown).toContain(`${PUBLIC_URL}/traces/${first.traceId}`);
    expect(blocked.gate.markdown).toContain('**BLOCK**');
    const trace = await call(server.keys.admin, 'GET', `/api/traces/${first.traceId}`);
    expect(trace.status).toBe(200);
    expect(trace.body.trace).toMatchObject({ trace_id: first.traceId, release: CITATIONS });
    // The signal evaluator regressed too (the same friendlier wording), and still does not block.
    expect(decisionOf(result, 'no-pleasantries')).toMatchObject({ decision: 'block', blocking: false });
  });

  it('reuses the decided gate when asked again with unchanged evidence, without evaluating again', async () => {
    const listedBefore = await call(ciKey, 'GET', `/api/gates?release=${encodeURIComponent(CITATIONS)}`);
    const [{ id, decidedAt }] = listedBefore.body.gates;
    expect(id).toMatch(new RegExp(`^gate:default:${CITATIONS.replace(/\./g, '\\.')}:[0-9a-f]{12}$`));
    const rowsBefore = await evaluationRows(id);
    expect(rowsBefore).toBe(2 * 2 * TRACES_PER_RELEASE);
    const engineBefore = (await call(ciKey, 'GET', `/api/gates/${encodeURIComponent(id)}`)).body.engine;
    const again = await call(ciKey, 'POST', '/api/gates', { release: CITATIONS, baseline: BASELINE });
    expect(again).toMatchObject({
      status: 200,
      body: { id, status: 'blocked', reused: true, reusedFrom: { id, decidedAt } },
    });
    const read = await call(ciKey, 'GET', `/api/gates/${encodeURIComponent(id)}`);
    expect(read.body).toMatchObject({
      state: 'decided',
      gate: { id, status: 'blocked', baseline: BASELINE, reuseCount: 1 },
    });
    expect(read.body.engine).toMatchObject({ state: 'SUCCESS', createdAt: engineBefore.createdAt });
    expect(await evaluationRows(id)).toBe(rowsBefore);
    const listed = await call(ciKey, 'GET', `/api/gates?release=${encodeURIComponent(CITATIONS)}`);
    expect(listed.body.gates.map((g: Json) => g.id)).toEqual([id]);
  });

  it('gates uploaded outputs for a frozen dataset version’s inputs', async () => {
    // A few honest baseline traces, labeled "no failure", frozen into a dataset version.
    const honest = [...truth.entries()]
      .filter(([id, t]) => releaseOf.get(id) === BASELINE && t.mode === null)
      .slice(0, 16)
      .map(([id, t]) => ({ id, answer: t.answer }));
    expect(honest).toHaveLength(16);
    for (const { id } of honest) {
      const label = await call(server.keys.review, 'POST', '/api/labels', {
        id: randomUUID(),
        traceId: id,
        failureMode: null,
        verdict: 'pass',
      });
      expect(label.status, JSON.stringify(label.body)).toBe(201);
    }
    const dataset = await call(server.keys.admin, 'POST', '/api/datasets', {
      name: 'release-inputs',
      failureMode: 'invented_citation',
    });
    expect(dataset.status).toBe(201);
    const frozen = await call(server.keys.admin, 'POST', `/api/datasets/${dataset.body.dataset.id}/freeze`);
    expect(frozen.status).toBe(201);
    const datasetVersionId: string = frozen.body.version.versionId;

    // A candidate that invents a citation in 13 of its 16 answers: blocked on the paired items.
    const invented = honest.map(({ id, answer }, i) => ({
      item: id,
      output: i < 13 ? `${answer} A follow-up study confirms this [9].` : answer,
    }));
    const bad = await gate({ release: 'upload-invents', datasetVersionId, outputs: invented });
    expect(bad.gate).toMatchObject({ source: 'upload', datasetVersionId, status: 'blocked' });
    const badResult = resultOf(bad);
    expect(badResult.blockedBy).toEqual(['citation-grounding']);
    const d = decisionOf(badResult, 'citation-grounding');
    expect(d.numbers).toMatchObject({ test: 'mcnemar', nShared: 16, passToFail: 13, failToPass: 0 });
    expect(new Set(d.flipped.map((f) => f.traceId))).toEqual(new Set(honest.slice(0, 13).map((h) => h.id)));
    expect(bad.gate.markdown).toContain(`${PUBLIC_URL}/traces/${honest[0]!.id}`);
    // The same upload again is the same evidence: reused. One output changed is new evidence: a new run.
    const same = await call(ciKey, 'POST', '/api/gates', {
      release: 'upload-invents',
      datasetVersionId,
      outputs: [...invented].reverse(),
    });
    expect(same).toMatchObject({ status: 200, body: { id: bad.started.body.id, reused: true, status: 'blocked' } });
    const changed = await gate({
      release: 'upload-invents',
      datasetVersionId,
      outputs: invented.map((o, i) => (i === 0 ? { ...o, output: honest[0]!.answer } : o)),
    });
    expect(changed.started.status).toBe(202);
    expect(changed.started.body.id).not.toBe(bad.started.body.id);
    expect(decisionOf(resultOf(changed), 'citation-grounding').numbers).toMatchObject({ passToFail: 12 });

    // The same answers as the dataset's (citing the documents the inputs retrieved): pass.
    const good = await gate({
      release: 'upload-honest',
      datasetVersionId,
      outputs: honest.map(({ id, answer }) => ({ item: id, output: answer })),
    });
    expect(good.gate).toMatchObject({ source: 'upload', status: 'pass' });
    expect(decisionOf(resultOf(good), 'citation-grounding')).toMatchObject({
      decision: 'pass',
      numbers: { test: 'mcnemar', nShared: 16, passToFail: 0, candidateRate: 1 },
    });
  });

  it('defaults the baseline to the last release whose traces passed', async () => {
    // upload-honest passed last, but it has no traces: the harmless release is the baseline.
    await sendTraffic('2026.11.3', 31, server.keys.ingest, 120);
    const next = await gate({ release: '2026.11.3' });
    expect(next.gate).toMatchObject({ baseline: HARMLESS, status: 'pass' });
    const d = decisionOf(resultOf(next), 'citation-grounding');
    expect(d.numbers.nBaseline).toBe(TRACES_PER_RELEASE);
    expect(d.numbers.test).toBe('mcnemar');
  });

  it('rejects bad input naming the field, and keys without the gate permission', async () => {
    const noDataset = await call(ciKey, 'POST', '/api/gates', {
      release: 'bad-1',
      outputs: [{ item: 'x', output: 'y' }],
    });
    expect(noDataset.status).toBe(400);
    expect(noDataset.body.error).toMatchObject({ code: 'bad_request', field: 'datasetVersionId' });

    const dataset = (await call(server.keys.admin, 'GET', '/api/datasets')).body.datasets.find(
      (x: Json) => x.name === 'release-inputs',
    );
    const versionId = (
      await server.runtime.pool.query('select id from dataset_versions where dataset_id = $1', [dataset.id])
    ).rows[0].id;
    const known = [...truth.keys()].find((id) => releaseOf.get(id) === BASELINE)!;
    const unknownItem = await call(ciKey, 'POST', '/api/gates', {
      release: 'bad-2',
      datasetVersionId: versionId,
      outputs: [
        { item: known, output: 'fine' },
        { item: 'not-a-dataset-item', output: 'y' },
      ],
    });
    expect(unknownItem.status).toBe(400);
    expect(unknownItem.body.error).toMatchObject({ field: 'outputs.1.item' });
    expect(unknownItem.body.error.message).toContain('not-a-dataset-item');

    const noRelease = await call(ciKey, 'POST', '/api/gates', { baseline: BASELINE });
    expect(noRelease.status).toBe(400);
    expect(noRelease.body.error.field).toBe('release');
    const badDataset = await call(ciKey, 'POST', '/api/gates', { release: 'bad-3', datasetVersionId: 'v1' });
    expect(badDataset.status).toBe(400);
    expect(badDataset.body.error.field).toBe('datasetVersionId');
    const badPolicy = await call(ciKey, 'POST', '/api/gates', { release: 'bad-4', policy: { alpha: 0.7 } });
    expect(badPolicy.status).toBe(400);
    expect(badPolicy.body.error.field).toBe('policy.alpha');
    // None of them started a gate.
    const listed = (await call(ciKey, 'GET', '/api/gates')).body.gates.map((g: Json) => g.release);
    expect(listed.filter((r: string) => r.startsWith('bad-'))).toEqual([]);

    for (const [method, path] of [
      ['POST', '/api/gates'],
      ['GET', '/api/gates'],
      ['GET', `/api/gates/${encodeURIComponent(`gate:default:${CITATIONS}:000000000000`)}`],
    ] as const) {
      const forbidden = await call(server.keys.review, method, path, method === 'POST' ? { release: 'r' } : undefined);
      expect(forbidden.status, `${method} ${path}`).toBe(403);
      expect((await call('evl_not-a-key', method, path)).status).toBe(401);
    }
    expect((await call(ciKey, 'GET', '/api/gates/gate:default:never-asked')).status).toBe(404);
  });

  it('long-polls: ?wait=1 answers "running" within about a second, a longer wait the verdict', async () => {
    // A project of its own whose only evaluator is a judge that answers after several seconds.
    const slow = await server.createProject('slow');
    for (const { key, title, rubric } of failureModes.slice(0, 1)) {
      expect((await call(slow.admin, 'POST', '/api/failure-modes', { key, title, rubric })).status).toBe(201);
    }
    await publishEvaluatorVersion(server.runtime.pool, {
      projectId: 'slow',
      failureModeKey: failureModes[0]!.key,
      name: 'citation-judge',
      config: { kind: 'judge', rubric: failureModes[0]!.rubric, model: 'judge-slow', provider: 'openai', fewShot: [] },
      threshold: 0.5,
      calibrationDatasetVersionId: null,
      metrics: { mcc: 0.8, mccCI: { lower: 0.66, upper: 0.9 }, tpr: 0.85, tnr: 0.95, nFail: 20, nPass: 40 },
      status: 'gate',
      statusReason: 'gate band',
      parentVersionId: null,
      createdBy: 'gate test',
      report: null,
    });
    await sendTraffic('slow-1', 5, slow.ingest, 12);
    const started = await call(slow.admin, 'POST', '/api/gates', { release: 'slow-1' });
    expect(started.status).toBe(202);
    const path = `/api/gates/${encodeURIComponent(started.body.id)}`;
    const t0 = Date.now();
    const running = await call(slow.admin, 'GET', `${path}?wait=1`);
    const elapsed = Date.now() - t0;
    expect(running.body.state).toBe('running');
    expect(running.body.gate.status).toBe('running');
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(2_500);
    const decided = await call(slow.admin, 'GET', `${path}?wait=30`);
    // Its first release: nothing to compare with and no floor, so no evidence either way.
    expect(decided.body).toMatchObject({ state: 'decided', gate: { status: 'inconclusive', release: 'slow-1' } });
    expect(Date.now() - t0).toBeGreaterThan(SLOW_JUDGE_MS - 500);
    // Another project cannot see it.
    expect((await call(ciKey, 'GET', path)).status).toBe(404);
  });
});
