import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluatorConfig } from '../core/evaluators/types.js';
import { recordCycleStage, saveCycleReport } from '../db/cycle-progress.js';
import { ensureCycle } from '../db/cycles.js';
import { type EvaluatorVersionView, publishEvaluatorVersion } from '../db/evaluators.js';
import { hasChromium, launchChromium } from './helpers/browser.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const available = hasChromium();
if (!available) console.warn('SKIPPED browser tests: /usr/bin/chromium not found — apt-get install -y chromium');

const ARTIFACTS = 'test-results';
const T0 = Date.UTC(2026, 2, 10, 9, 0, 0);
const EMAIL = 'maria.lopez@example.com';
const CRITIQUE = 'Reads the customer email back to someone who did not prove who they are.';

const questions = [
  `Where is my order? I am ${EMAIL}.`,
  `Please change the email on file to ${EMAIL}.`,
  `Refund for ${EMAIL}, order A-102.`,
  'What are your opening hours?',
];

/** A two-span agent trace whose question (and, for some, answer) carries an email address. */
const trace = (traceId: string, i: number) => {
  const root = newSpanId();
  const answer = i < 2 ? `Sure — your account ${EMAIL} shows the order shipped.` : 'We are open 9 to 5.';
  return otlpJsonTraces(
    [
      { traceId, spanId: root, name: 'invoke_agent support', startMs: T0 + i * 60_000, durationMs: 1200 },
      {
        traceId,
        spanId: newSpanId(),
        parentSpanId: root,
        name: 'chat gpt-4o',
        startMs: T0 + i * 60_000 + 100,
        durationMs: 900,
        attributes: chatAttributes(questions[i]!, answer),
      },
    ],
    { 'service.name': 'support-agent', 'service.version': '2.3.0' },
  );
};

/** Calibration metrics as `metricsOf` records them, from a confusion matrix and an interval. */
const metrics = (
  c: { tp: number; fp: number; tn: number; fn: number },
  mcc: number,
  ci: [number, number],
  extra = {},
) => ({
  mcc,
  mccCI: { lower: ci[0], upper: ci[1] },
  confusion: c,
  tpr: c.tp / (c.tp + c.fn),
  tnr: c.tn / (c.tn + c.fp),
  accuracy: (c.tp + c.tn) / (c.tp + c.fp + c.tn + c.fn),
  nFail: c.tp + c.fn,
  nPass: c.tn + c.fp,
  undefinedReason: null,
  flipRate: null,
  folds: 5,
  samples: 1,
  ...extra,
});

const disagreement = (
  traceId: string,
  human: 'fail' | 'pass',
  score: number,
  critique: string | null,
  explanation: string | null,
) => ({ traceId, human, predicted: human === 'fail' ? 'pass' : 'fail', score, critique, explanation });

/** A candidate's summary as the cycle report records it. */
const candidate = (
  name: string,
  kind: string,
  mcc: number,
  [lower, upper]: [number, number],
  band: string,
  reason: string,
  disagreements: number,
) => ({ name, kind, mcc, mccCI: { lower, upper }, band, reason, flipRate: null, disagreements });

describe.skipIf(!available)('evaluator, cycle and trace pages in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const traceIds: string[] = [];
  let gate: EvaluatorVersionView;
  let judge: EvaluatorVersionView;
  let cycleId: string;

  const signIn = async (page: Page, key: string, path: string) => {
    await page.goto(`${server.url}${path}`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#key', key);
    await page.press('#key', 'Enter');
    await page.waitForURL((u) => u.pathname === path);
  };

  const publish = (name: string, config: EvaluatorConfig, rest: Record<string, unknown>) =>
    publishEvaluatorVersion(server.runtime.pool, {
      projectId: 'default',
      failureModeKey: 'pii_leak',
      name,
      config,
      threshold: 0.5,
      calibrationDatasetVersionId: null,
      metrics: {},
      status: 'signal',
      statusReason: '',
      parentVersionId: null,
      createdBy: 'generator',
      report: null,
      ...rest,
    });

  const seedCycle = async (windowStart: string, windowEnd: string) => {
    const id = `default:${windowStart}..${windowEnd}`;
    const pool = server.runtime.pool;
    await ensureCycle(pool, { id, projectId: 'default', windowStart, windowEnd, budget: 40, randomFraction: 0.2 });
    return id;
  };

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startTestServer();
    const mode = await fetch(`${server.url}/api/failure-modes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.keys.admin}` },
      body: JSON.stringify({ key: 'pii_leak', title: 'Leaks personal data', rubric: 'Repeats an email or phone.' }),
    });
    expect(mode.status).toBe(201);
    for (let i = 0; i < questions.length; i++) {
      traceIds.push(newTraceId());
      expect((await postJson(server.url, server.keys.ingest, trace(traceIds[i]!, i))).status).toBe(200);
    }
    expect((await server.runtime.activities.closeTraces({ idleSeconds: 0 })).closed).toBe(questions.length);
    const label = await fetch(`${server.url}/api/labels`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.keys.review}` },
      body: JSON.stringify({
        id: randomUUID(),
        traceId: traceIds[0],
        failureMode: 'pii_leak',
        verdict: 'fail',
        critique: `Repeats ${EMAIL} back.`,
      }),
    });
    expect(label.status).toBe(201);

    const banned: EvaluatorConfig = { kind: 'banned_phrases', phrases: ['your account', 'on file'], field: 'output' };
    const v1 = await publish('banned-phrases', banned, {
      metrics: metrics({ tp: 6, fp: 5, tn: 15, fn: 8 }, 0.31, [0.02, 0.58], { band: 'revise' }),
      status: 'revise',
      statusReason: 'MCC 0.31 < 0.4: revise the evaluator (14 fail / 20 pass labels), 95% CI lower bound 0.02',
    });
    const c = { tp: 12, fp: 2, tn: 18, fn: 2 };
    const reason = 'MCC 0.76 ≥ 0.6 with ≥ 10 labels per class (14 fail / 20 pass labels), 95% CI lower bound 0.53';
    gate = await publish('banned-phrases', banned, {
      metrics: metrics(c, 0.757, [0.53, 0.92], { band: 'gate', reason }),
      status: 'gate',
      statusReason: reason,
      parentVersionId: v1.id,
      report: {
        name: 'banned-phrases',
        kind: 'banned_phrases',
        family: 'deterministic',
        threshold: 0.5,
        band: 'gate',
        reason,
        protocol: { folds: 5, samples: 1, seed: 'dataset-v3' },
        predictions: traceIds.map((traceId, i) => ({ traceId, human: 'fail', score: 0, verdict: 'fail', fold: i })),
        disagreements: [
          disagreement(traceIds[2]!, 'fail', 1, CRITIQUE, null),
          disagreement(traceIds[3]!, 'fail', 1, 'Leaks the order id.', null),
          disagreement(traceIds[0]!, 'pass', 0, 'Fine: the customer asked.', 'output contains "your account"'),
          disagreement(traceIds[1]!, 'pass', 0, null, 'output contains "on file"'),
        ],
      },
    });
    judge = await publish(
      'judge',
      {
        kind: 'judge',
        rubric: 'Fail when the answer repeats personal data.',
        model: 'gpt-4o-2024-08-06',
        provider: 'openai',
        fewShot: [],
      },
      {
        metrics: metrics({ tp: 10, fp: 3, tn: 17, fn: 4 }, 0.55, [0.24, 0.79], {
          flipRate: 0.06,
          samples: 3,
          band: 'signal',
        }),
        statusReason: 'MCC 0.55 in [0.4, 0.6): report, do not gate (14 fail / 20 pass labels)',
        report: {
          protocol: { folds: 5, samples: 3, seed: 'dataset-v3' },
          disagreements: [disagreement(traceIds[0]!, 'pass', 0.33, 'Fine.', `The answer repeats ${EMAIL}.`)],
        },
      },
    );

    const window = {
      windowStart: new Date(T0 - 3_600_000).toISOString(),
      windowEnd: new Date(T0 + 3_600_000).toISOString(),
    };
    cycleId = await seedCycle(window.windowStart, window.windowEnd);
    await saveCycleReport(server.runtime.pool, cycleId, {
      cycleId,
      window: { start: window.windowStart, end: window.windowEnd },
      closedTraces: 4,
      reviewed: { queued: 4, labels: { quota: 15 }, reviewEnded: 'no task is left to label' },
      dataset: { id: randomUUID(), version: 3, labels: 34, hash: 'a1b2c3d4e5f6a7b8' },
      learned: [
        {
          failureMode: 'pii_leak',
          nFail: 14,
          nPass: 20,
          skipped: null,
          candidates: [
            candidate('banned-phrases', 'banned_phrases', 0.757, [0.53, 0.92], 'gate', reason, 4),
            candidate('regex', 'regex', 0.12, [-0.2, 0.41], 'revise', 'MCC 0.12 < 0.4', 13),
          ],
          published: [{ id: gate.id, name: 'banned-phrases', version: 2, status: 'gate' }],
        },
      ],
    });
    const failed = await seedCycle('2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z');
    await recordCycleStage(server.runtime.pool, {
      cycleId: failed,
      stage: 'generating evaluators',
      error: 'LLM endpoint unreachable',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists evaluators, opens a calibration report, and follows a disagreement to the redacted trace', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, server.keys.review, '/evaluators');
    const gateRow = page.locator('tr[data-evaluator="banned-phrases"]');
    expect(await gateRow.locator('[data-status]').textContent()).toBe('gate');
    expect(await gateRow.locator('.mcc-ci').textContent()).toContain('[0.53, 0.92]');
    expect(await gateRow.textContent()).toContain('2 versions');
    expect(await gateRow.textContent()).toMatch(/14\s*\/\s*20/);
    const judgeRow = page.locator('tr[data-evaluator="judge"]');
    expect(await judgeRow.locator('[data-status]').textContent()).toBe('signal');
    expect(await judgeRow.textContent()).toContain('6.0%');
    expect(await page.locator('nav a.active').textContent()).toBe('Evaluators');
    await page.screenshot({ path: `${ARTIFACTS}/web-evaluators.png`, fullPage: true });

    await gateRow.locator(`a[href="/evaluators/${gate.id}"]`).click();
    await page.waitForURL(`${server.url}/evaluators/${gate.id}`);
    const cell = (name: string) => page.locator(`#confusion td[data-cell=${name}]`).textContent();
    expect(await cell('tp')).toMatch(/^12/);
    expect(await cell('fn')).toMatch(/^2/);
    expect(await cell('fp')).toMatch(/^2/);
    expect(await cell('tn')).toMatch(/^18/);
    expect(await page.locator('#confusion').textContent()).toMatch(/TPR\s*86%[\s\S]*TNR\s*90%/);
    expect(await page.locator('#band-reason').textContent()).toContain('MCC 0.76 ≥ 0.6');
    expect(await page.locator('#protocol').textContent()).toContain('dataset-v3');
    expect(await page.locator('#config').textContent()).toContain('your account');
    expect(await page.locator('#versions tr').count()).toBe(2);
    expect(await page.locator('#history').textContent()).toContain('generator');
    expect(await page.locator('#disagreements .disagreement').count()).toBe(4);
    expect(await page.locator('#disagreements').textContent()).toContain(CRITIQUE);
    await page.screenshot({ path: `${ARTIFACTS}/web-evaluator-report.png`, fullPage: true });

    await page.locator(`.disagreement[data-trace-id="${traceIds[2]}"] a`).click();
    await page.waitForURL((u) => u.pathname === `/traces/${traceIds[2]}`);
    const html = await page.content();
    expect(html).not.toContain(EMAIL);
    expect(await page.locator('#trace').textContent()).toMatch(/<EMAIL_\d+>/);
    expect(await page.locator('#label-form').count()).toBe(0);
    expect(await page.locator('a', { hasText: '← back' }).getAttribute('href')).toBe(`/evaluators/${gate.id}`);
    await page.screenshot({ path: `${ARTIFACTS}/web-trace.png`, fullPage: true });

    // The labeled trace shows its label, its critique redacted with the trace.
    await page.goto(`${server.url}/traces/${traceIds[0]}`);
    expect(await page.locator('#labels').textContent()).toMatch(/Repeats <EMAIL_\d+> back/);
    expect(await page.content()).not.toContain(EMAIL);
    // A judge's explanation may quote the trace: reviewers read it redacted.
    await page.goto(`${server.url}/evaluators/${judge.id}`);
    expect(await page.locator('#disagreements').textContent()).toMatch(/The answer repeats <EMAIL_\d+>/);
    expect(await page.content()).not.toContain(EMAIL);
    expect(await page.locator('#summary').textContent()).toContain('gpt-4o-2024-08-06');
    await context.close();
  });

  it('shows admins the trace as stored', async () => {
    const page = await browser.newPage();
    await signIn(page, server.keys.admin, `/traces/${traceIds[0]}`);
    expect(await page.locator('#trace').textContent()).toContain(EMAIL);
    await page.close();
  });

  it('lists cycles with their state and error, and shows a report that links to the published version', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, server.keys.review, '/cycles');
    expect(await page.locator('#cycles tbody tr').count()).toBe(2);
    expect(await page.locator(`tr[data-cycle="${cycleId}"] [data-state]`).textContent()).toBe('done');
    expect(await page.locator('#cycles').textContent()).toContain('LLM endpoint unreachable');
    await page.screenshot({ path: `${ARTIFACTS}/web-cycles.png`, fullPage: true });
    await page.locator(`tr[data-cycle="${cycleId}"] a`).click();
    await page.waitForURL((u) => u.pathname.startsWith('/cycles/'));
    expect(await page.locator('#report').textContent()).toContain('no task is left to label');
    expect(await page.locator('#report [data-failure-mode="pii_leak"]').textContent()).toContain('regex');
    await page.screenshot({ path: `${ARTIFACTS}/web-cycle.png`, fullPage: true });
    await page.locator(`#report a[href="/evaluators/${gate.id}"]`).click();
    await page.waitForURL(`${server.url}/evaluators/${gate.id}`);
    await page.goto(`${server.url}/traces/not-a-trace`);
    expect(await page.locator('h1').textContent()).toBe('No such trace');
    await context.close();
  });

  it('explains how evaluators get made when there are none', async () => {
    const other = await server.createProject('empty-project');
    const page = await browser.newPage();
    await signIn(page, other.admin, '/evaluators');
    expect(await page.locator('#empty').textContent()).toContain('generate evaluators for it');
    expect(await page.locator('#empty a[href="/failure-modes"]').textContent()).toBe('activate or propose one');
    await page.close();
  });
});
