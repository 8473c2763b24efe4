import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulatedAgent } from '../cli/demo/agent.js';
import { failureModes } from '../cli/demo/failure-modes.js';
import type { FailureRates } from '../cli/demo/releases.js';
import type { TraceTruth } from '../cli/demo/types.js';
import { watchJudgeModel } from '../cli/judge-model.js';
import type { EvaluatorDecision, GateResult } from '../core/gate/types.js';
import { createApiKey } from '../db/api-keys.js';
import { type EvaluatorVersionView, publishEvaluatorVersion } from '../db/evaluators.js';
import { type LlmStub, type StubRequest, startLlmStub } from './helpers/llm-stub.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// biome-ignore lint/suspicious/noExplicitAny: API bodies read loosely
type Json = any;

const MODE = failureModes.find((m) => m.key === 'invented_citation')!;
const CALIBRATED_MCC = 0.9;
/** Many invented citations: enough failing traces to calibrate on, and a release that regresses. */
const CITING: Partial<FailureRates> = { invented_citation: 0.5 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('drift watch: a judge whose model changes is recalibrated, demoted and reported', () => {
  let stub: LlmStub;
  let webhook: Server;
  const delivered: Json[] = [];
  let server: TestServer;
  let ciKey: string;
  let judge: EvaluatorVersionView;
  /** Ground truth of every simulated trace, by its final answer (what the judge is shown). */
  const modeOfAnswer = new Map<string, TraceTruth['mode']>();
  const unknownAnswers: string[] = [];

  /**
   * The judge: reads the case's <output>, and for 'judge-good…' models answers by the ground truth
   * (score 0 when the answer invents a citation); 'judge-bad' answers the opposite.
   */
  const answer = (req: StubRequest) => {
    const last = String(req.body.messages.at(-1)?.content ?? '');
    const output = [...last.matchAll(/<output>\n([\s\S]*?)\n<\/output>/g)].at(-1)?.[1] ?? '';
    if (!modeOfAnswer.has(output)) unknownAnswers.push(output);
    const fails = modeOfAnswer.get(output) === MODE.key;
    const good = String(req.body.model).startsWith('judge-good');
    const score = fails === good ? 0 : 1;
    return {
      kind: 'text' as const,
      content: JSON.stringify({ justification: `Checked the citations. Verdict: ${score ? 'PASS' : 'FAIL'}.`, score }),
    };
  };

  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const send = async (release: string, seed: number, traces: number, failureRates?: Partial<FailureRates>) => {
    const run = await runSimulatedAgent({
      url: server.url,
      ingestKey: server.keys.ingest,
      traces,
      seed,
      release,
      failureRates,
      startTime: new Date(Date.now() - 3_600_000),
      endTime: new Date(Date.now() - 60_000),
      feedback: false,
    });
    for (const t of run.truth.values()) modeOfAnswer.set(t.answer, t.mode);
    return run;
  };
  const gate = async (release: string) => {
    const started = await call(ciKey, 'POST', '/api/gates', { release });
    expect(started.status).toBe(202);
    const polled = await call(ciKey, 'GET', `/api/gates/${encodeURIComponent(started.body.id)}?wait=30`);
    expect(polled.body.state).toBe('decided');
    return polled.body.gate as Json;
  };
  const judgeDecision = (gateRow: Json) =>
    (gateRow.result as GateResult).decisions.find((d) => d.evaluator.id === judge.id) as EvaluatorDecision;
  const recalibrate = (model: string) =>
    call(server.keys.admin, 'POST', `/api/evaluators/versions/${judge.id}/recalibrate`, { model });
  const versionView = async () => (await call(server.keys.admin, 'GET', `/api/evaluators/versions/${judge.id}`)).body;

  beforeAll(async () => {
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        delivered.push({
          method: req.method,
          url: req.url,
          contentType: req.headers['content-type'],
          body: JSON.parse(body),
        });
        res.writeHead(204).end();
      });
    });
    webhook.listen(0, '127.0.0.1');
    await once(webhook, 'listening');
    const hook = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hooks/evalloop`;
    stub = await startLlmStub(answer);
    server = await startTestServer({
      env: { LLM_BASE_URL: stub.baseURL, LLM_API_KEY: 'test', LLM_MODEL: 'judge-good', ALERT_WEBHOOK_URL: hook },
    });
    ciKey = await createApiKey(server.runtime.db, 'default', 'ci', 'drift test CI');
    expect(
      (
        await call(server.keys.admin, 'POST', '/api/failure-modes', {
          key: MODE.key,
          title: MODE.title,
          rubric: MODE.rubric,
        })
      ).status,
    ).toBe(201);

    // Reviewed traffic: every trace labeled from the ground truth, frozen into the calibration set.
    const sample = await send('2026.10.1', 7, 40, CITING);
    for (let pass = 0; pass < 10; pass++) {
      if (!(await server.runtime.activities.closeTraces({ projectId: 'default', idleSeconds: 0 })).more) break;
    }
    for (const [traceId, t] of sample.truth) {
      const invented = t.mode === MODE.key;
      const label = await call(server.keys.review, 'POST', '/api/labels', {
        id: randomUUID(),
        traceId,
        failureMode: invented ? MODE.key : null,
        verdict: invented ? 'fail' : 'pass',
        ...(invented ? { critique: 'Cites a source that was not retrieved.' } : {}),
      });
      expect(label.status).toBe(201);
    }
    const dataset = await call(server.keys.admin, 'POST', '/api/datasets', {
      name: 'citations',
      failureMode: MODE.key,
    });
    const frozen = await call(server.keys.admin, 'POST', `/api/datasets/${dataset.body.dataset.id}/freeze`);
    expect(frozen.status).toBe(201);
    const fails = [...sample.truth.values()].filter((t) => t.mode === MODE.key).length;
    expect(fails).toBeGreaterThanOrEqual(10);
    expect(40 - fails).toBeGreaterThanOrEqual(10);

    judge = await publishEvaluatorVersion(server.runtime.pool, {
      projectId: 'default',
      failureModeKey: MODE.key,
      name: 'citation-judge',
      config: { kind: 'judge', rubric: MODE.rubric, model: 'judge-good', provider: 'openai', fewShot: [] },
      threshold: 0.5,
      calibrationDatasetVersionId: frozen.body.version.versionId,
      metrics: {
        mcc: CALIBRATED_MCC,
        mccCI: { lower: 0.78, upper: 0.98 },
        tpr: 0.95,
        tnr: 0.95,
        nFail: fails,
        nPass: 40 - fails,
      },
      status: 'gate',
      statusReason: `MCC ${CALIBRATED_MCC} [0.78, 0.98] on 40 labels: gate band`,
      parentVersionId: null,
      createdBy: 'drift test',
      report: null,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await stub?.stop();
    if (webhook) await new Promise((r) => webhook.close(r));
  });

  it('recalibrating with the same good model records the agreement and changes nothing', async () => {
    expect((await call(ciKey, 'POST', `/api/evaluators/versions/${judge.id}/recalibrate`, {})).status).toBe(403);
    const response = await recalibrate('judge-good');
    expect(response.status).toBe(200);
    expect(response.body.recalibration).toMatchObject({
      versionId: judge.id,
      mcc: 1,
      before: CALIBRATED_MCC,
      drift: false,
      demoted: false,
      errors: 0,
    });
    const view = await versionView();
    expect(view.version).toMatchObject({ status: 'gate' });
    expect(view.statusHistory.map((s: Json) => s.status)).toEqual(['gate']);
    expect(view.agreementHistory).toMatchObject([
      { trigger: 'calibration', model: 'judge-good', mcc: CALIBRATED_MCC },
      { trigger: 'manual', model: 'judge-good', mcc: 1, n: 40 },
    ]);
    expect((await call(server.keys.admin, 'GET', '/api/evaluators/alerts?kind=evaluator_drift')).body.alerts).toEqual(
      [],
    );
    expect(delivered).toEqual([]);
    expect(unknownAnswers).toEqual([]);
  });

  it('the gating judge blocks a release that invents citations', async () => {
    await send('2026.11.1', 11, 50);
    // The first release has nothing to compare with: inconclusive, and the default baseline of the next.
    expect((await gate('2026.11.1')).status).toBe('inconclusive');
    await send('2026.11.2-citations', 12, 50, CITING);
    const blocked = await gate('2026.11.2-citations');
    expect(blocked).toMatchObject({ status: 'blocked', baseline: '2026.11.1' });
    expect(blocked.result.blockedBy).toEqual(['citation-judge']);
    expect(judgeDecision(blocked)).toMatchObject({ decision: 'block', blocking: true, evaluator: { status: 'gate' } });
  });

  it('recalibrating with a model that disagrees with the humans demotes the judge and raises an alert', async () => {
    const response = await recalibrate('judge-bad');
    expect(response.status).toBe(200);
    const result = response.body.recalibration;
    expect(result).toMatchObject({ drift: true, demoted: true, before: CALIBRATED_MCC, errors: 0 });
    expect(result.mcc).toBeLessThan(CALIBRATED_MCC - 0.1);

    const view = await versionView();
    expect(view.version.status).toBe('signal');
    expect(view.version.statusReason).toMatch(
      /^drift: agreement -?\d\.\d\d \(95% CI .*, n = 40\) vs 0\.90 at calibration$/,
    );
    expect(view.statusHistory.map((s: Json) => [s.status, s.createdBy])).toEqual([
      ['gate', 'drift test'],
      ['signal', 'drift watch'],
    ]);
    const history = view.agreementHistory as Json[];
    expect(history.map((h) => [h.trigger, h.model])).toEqual([
      ['calibration', 'judge-good'],
      ['manual', 'judge-good'],
      ['manual', 'judge-bad'],
    ]);
    expect(history[2].mcc).toBe(result.mcc);
    expect(history[2].mcc).toBeLessThan(history[0].mcc - 0.1);
    expect(history[2].mccUpper).toBeLessThan(0.6);

    const alerts = (await call(server.keys.admin, 'GET', '/api/evaluators/alerts?kind=evaluator_drift')).body
      .alerts as Json[];
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'evaluator_drift',
      delivered: true,
      details: { versionId: judge.id, demoted: true, model: 'judge-bad', trigger: 'manual', before: CALIBRATED_MCC },
    });
    expect(alerts[0].message).toContain('invented_citation/citation-judge v1');
    expect(alerts[0].message).toContain('demoted from gate to signal');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      method: 'POST',
      url: '/hooks/evalloop',
      contentType: 'application/json',
      body: { id: alerts[0].id, projectId: 'default', kind: 'evaluator_drift', message: alerts[0].message },
    });
  });

  it('the demoted judge is reported as a signal and no longer blocks the same kind of release', async () => {
    await send('2026.11.3-citations', 13, 50, CITING);
    const passed = await gate('2026.11.3-citations');
    // No evaluator gates any more: not blocked, and not a pass either (nothing vouches for the release).
    expect(passed).toMatchObject({ status: 'inconclusive', baseline: '2026.11.1' });
    expect(passed.result).toMatchObject({ blockedBy: [], missing: ['evaluators'] });
    const d = judgeDecision(passed);
    expect(d).toMatchObject({ decision: 'block', blocking: false, evaluator: { status: 'signal' } });
    expect(d.reason).toContain('signal evaluator: reported, never blocks');
    expect(passed.markdown).toContain('regressed (signal)');
  });

  it('a new judge model at startup (watchJudgeModel) starts drift watch for the judges', async () => {
    const modelChanges = async () =>
      (
        await server.runtime.pool.query(
          `select model, mcc, n from agreement_history where evaluator_version_id = $1 and trigger = 'model_change'`,
          [judge.id],
        )
      ).rows;
    const watch = (model: string) =>
      watchJudgeModel({
        pool: server.runtime.pool,
        engine: server.runtime.engine,
        model,
        baseUrl: stub.baseURL,
        log: () => {},
      });
    // The model this server started with: nothing to do.
    await watch('judge-good');
    await sleep(300);
    expect(await modelChanges()).toEqual([]);

    await watch('judge-good-v2');
    let rows: Json[] = [];
    for (let i = 0; i < 100 && rows.length === 0; i++) {
      await sleep(100);
      rows = await modelChanges();
    }
    expect(rows).toEqual([{ model: 'judge-good-v2', mcc: 1, n: 40 }]);
    const watchId = `drift:model:default:${stub.baseURL}|judge-good-v2`;
    const status = await server.runtime.engine.status(watchId);
    expect(status?.state).toMatch(/SUCCESS|PENDING/);
    // The same model again (another restart) does not start another watch.
    await watch('judge-good-v2');
    await sleep(300);
    expect(await modelChanges()).toHaveLength(1);
    // Every case the stub judged was a simulated trace it knew the truth of.
    expect(unknownAnswers).toEqual([]);
  });
});
