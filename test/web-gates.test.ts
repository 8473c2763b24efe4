import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideEvaluator } from '../core/gate/decide.js';
import { decideGate } from '../core/gate/gate.js';
import type { GateEvaluator, GateItem, GateResult, Verdict } from '../core/gate/types.js';
import { changeEvaluatorStatus, type EvaluatorVersionView, publishEvaluatorVersion } from '../db/evaluators.js';
import { hasChromium, launchChromium } from './helpers/browser.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const available = hasChromium();
if (!available) console.warn('SKIPPED browser tests: /usr/bin/chromium not found — apt-get install -y chromium');

const ARTIFACTS = 'test-results';
const EMAIL = 'dana.kim@example.com';
const HTML_KEY = '<img src=x onerror=alert(1)> compare both papers';
const DAY = 86_400_000;

/** User questions whose answers flipped between 2.3.0 and 2.4.0 (the gate's pairing keys are the inputs). */
const flippedQuestions = [
  'what does the 2023 who report say about measles vaccination rates?',
  'summarize the findings of smith et al. on sleep and memory',
  `i am ${EMAIL}: which sources support the claim about coffee and longevity?`,
  HTML_KEY,
  'is there evidence that intermittent fasting improves insulin sensitivity?',
  'what did the ipcc ar6 conclude about sea level rise by 2100?',
  'cite two studies on remote work productivity',
  'which trials tested semaglutide for heart failure?',
];

const metrics = (mcc: number, [lower, upper]: [number, number], band: string) => ({
  mcc,
  mccCI: { lower, upper },
  confusion: { tp: 12, fp: 2, tn: 18, fn: 2 },
  tpr: 0.857,
  tnr: 0.9,
  accuracy: 0.88,
  nFail: 14,
  nPass: 20,
  undefinedReason: null,
  flipRate: 0.04,
  folds: 5,
  samples: 3,
  band,
});

describe.skipIf(!available)('release gate and agreement-over-time pages in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let v1: EvaluatorVersionView;
  let v2: EvaluatorVersionView;
  const candidateTraces: string[] = [];
  const baselineTraces: string[] = [];
  const blockedId = `gate-${randomUUID()}`;
  const passId = `gate-${randomUUID()}`;
  const alertMessage =
    'unsupported_claim/grounding-judge v2: with model gpt-4o-mini-2024-07-18, agreement 0.51 (95% CI 0.22–0.74, ' +
    'n = 34) vs 0.76 at calibration; demoted from gate to signal';

  const signIn = async (page: Page, key: string, path: string) => {
    await page.goto(`${server.url}${path}`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#key', key);
    await page.press('#key', 'Enter');
    await page.waitForURL((u) => u.pathname === path);
  };

  const ingest = async (question: string, release: string, startMs: number) => {
    const traceId = newTraceId();
    const root = newSpanId();
    const body = otlpJsonTraces(
      [
        { traceId, spanId: root, name: 'invoke_agent research', startMs, durationMs: 2400 },
        {
          traceId,
          spanId: newSpanId(),
          parentSpanId: root,
          name: 'chat gpt-4o',
          startMs: startMs + 100,
          durationMs: 2000,
          attributes: chatAttributes(question, `According to [1], the answer depends on the cohort (${release}).`),
        },
      ],
      { 'service.name': 'research-assistant', 'service.version': release },
    );
    expect((await postJson(server.url, server.keys.ingest, body)).status).toBe(200);
    return traceId;
  };

  /** 40 shared items; in the candidate items 0–6 regress and item 39 recovers (7↓ 1↑), on the ingested traces. */
  const pairedItems = () => {
    const flipped = (i: number) => (i < 7 ? i : i === 39 ? 7 : -1);
    const keyOf = (i: number) => flippedQuestions[flipped(i)] ?? `question ${String(i).padStart(2, '0')}`;
    const traceOf = (side: string[], i: number) => side[flipped(i)] ?? newTraceId();
    const base = Array.from(
      { length: 40 },
      (_, i): GateItem => ({
        key: keyOf(i),
        verdict: i >= 37 ? 'fail' : 'pass',
        traceId: traceOf(baselineTraces, i),
      }),
    );
    const cand = base.map(
      (b, i): GateItem => ({
        key: b.key,
        verdict: (i < 7 ? 'fail' : i === 39 ? 'pass' : b.verdict) as Verdict,
        traceId: traceOf(candidateTraces, i),
      }),
    );
    return { base, cand };
  };

  const unpaired = (prefix: string, pass: number, fail: number): GateItem[] =>
    Array.from({ length: pass + fail }, (_, i) => ({
      key: `${prefix}${i}`,
      verdict: i < pass ? 'pass' : 'fail',
      traceId: newTraceId(),
    }));

  const evaluator = (v: EvaluatorVersionView, status: 'gate' | 'signal', mcc: number): GateEvaluator => ({
    id: v.id,
    name: v.name,
    failureMode: v.failureMode,
    status,
    version: v.version,
    mcc,
    tpr: 0.857,
    tnr: 0.9,
  });

  const insertGate = async (
    id: string,
    g: { release: string; baseline: string; status: string; result: GateResult; agoMs: number },
  ) => {
    await server.runtime.pool.query(
      `insert into gate_runs (id, project_id, release, baseline, source, status, result, markdown, created_at, decided_at)
       values ($1, 'default', $2, $3, 'traces', $4, $5, '', $6, $7)`,
      [
        id,
        g.release,
        g.baseline,
        g.status,
        JSON.stringify(g.result),
        new Date(Date.now() - g.agoMs),
        new Date(Date.now() - g.agoMs + 90_000),
      ],
    );
  };

  /** Puts the version's calibration measurement `daysAgo` (publishing may have recorded one just now). */
  const calibratedAt = async (v: EvaluatorVersionView, daysAgo: number, mcc: number, ci: [number, number]) => {
    const pool = server.runtime.pool;
    const at = new Date(Date.now() - daysAgo * DAY);
    const moved = await pool.query(
      `update agreement_history set measured_at = $2 where evaluator_version_id = $1 and trigger = 'calibration'`,
      [v.id, at],
    );
    if (moved.rowCount === 0) await measure(v, 'calibration', 'gpt-4o-2024-08-06', daysAgo, mcc, ci);
  };

  const measure = (
    v: EvaluatorVersionView,
    trigger: string,
    model: string,
    daysAgo: number,
    mcc: number,
    [lower, upper]: [number, number],
  ) =>
    server.runtime.pool.query(
      `insert into agreement_history (evaluator_version_id, trigger, model, mcc, mcc_lower, mcc_upper, n, details, measured_at)
       values ($1, $2, $3, $4, $5, $6, 34, '{}', $7)`,
      [v.id, trigger, model, mcc, lower, upper, new Date(Date.now() - daysAgo * DAY)],
    );

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startTestServer();
    const mode = await fetch(`${server.url}/api/failure-modes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.keys.admin}` },
      body: JSON.stringify({
        key: 'unsupported_claim',
        title: 'Claims not supported by the cited sources',
        rubric: 'Fail when a statement cites a source that does not say it.',
      }),
    });
    expect(mode.status).toBe(201);
    const t0 = Date.now() - 3 * 3_600_000;
    for (const [i, q] of flippedQuestions.entries()) {
      baselineTraces.push(await ingest(q, '2.3.0', t0 + i * 60_000));
      candidateTraces.push(await ingest(q, '2.4.0', t0 + 3_600_000 + i * 60_000));
    }
    const closed = await server.runtime.activities.closeTraces({ idleSeconds: 0 });
    expect(closed.closed).toBe(2 * flippedQuestions.length);

    const judge = (model: string) => ({
      kind: 'judge' as const,
      rubric: 'Fail when a claim cites a source that does not support it.',
      model,
      provider: 'openai',
      fewShot: [],
    });
    const publish = (extra: Record<string, unknown>) =>
      publishEvaluatorVersion(server.runtime.pool, {
        projectId: 'default',
        failureModeKey: 'unsupported_claim',
        name: 'grounding-judge',
        config: judge('gpt-4o-2024-08-06'),
        threshold: 0.5,
        calibrationDatasetVersionId: null,
        metrics: metrics(0.31, [0.02, 0.58], 'revise'),
        status: 'revise',
        statusReason: 'MCC 0.31 < 0.4: revise the evaluator (14 fail / 20 pass labels)',
        parentVersionId: null,
        createdBy: 'generator',
        report: null,
        ...extra,
      });
    v1 = await publish({});
    v2 = await publish({
      metrics: metrics(0.76, [0.53, 0.92], 'gate'),
      status: 'gate',
      statusReason: 'MCC 0.76 ≥ 0.6 with ≥ 10 labels per class (14 fail / 20 pass labels), 95% CI lower bound 0.53',
      parentVersionId: v1.id,
    });
    await calibratedAt(v1, 40, 0.31, [0.02, 0.58]);
    await calibratedAt(v2, 28, 0.76, [0.53, 0.92]);
    await measure(v2, 'scheduled', 'gpt-4o-2024-08-06', 21, 0.74, [0.5, 0.9]);
    await measure(v2, 'model_change', 'gpt-4o-mini-2024-07-18', 14, 0.51, [0.22, 0.74]);
    await measure(v2, 'scheduled', 'gpt-4o-mini-2024-07-18', 7, 0.38, [0.09, 0.62]);
    await changeEvaluatorStatus(
      server.runtime.pool,
      'default',
      v2.id,
      'signal',
      'drift: with model gpt-4o-mini-2024-07-18, agreement 0.51 (95% CI 0.22–0.74, n = 34) vs 0.76 at calibration',
      'drift watch',
    );
    await server.runtime.pool.query(
      `insert into alerts (project_id, kind, message, details) values ('default', 'evaluator_drift', $1, $2)`,
      [
        alertMessage,
        JSON.stringify({ versionId: v2.id, before: 0.76, after: 0.51, trigger: 'model_change', demoted: true }),
      ],
    );

    const { base, cand } = pairedItems();
    const length = (v: EvaluatorVersionView) => ({ ...evaluator(v, 'signal', 0.55), name: 'answer-length' });
    const blocked = decideGate(
      [
        decideEvaluator({ evaluator: evaluator(v2, 'gate', 0.76), candidate: cand, baseline: base }),
        decideEvaluator({ evaluator: length(v1), candidate: unpaired('c', 36, 4), baseline: unpaired('b', 37, 3) }),
      ],
      { release: '2.4.0', baseline: '2.3.0' },
    );
    expect(blocked.verdict).toBe('blocked');
    await insertGate(blockedId, {
      release: '2.4.0',
      baseline: '2.3.0',
      status: 'blocked',
      result: blocked,
      agoMs: 3_600_000,
    });
    const same = base.map((b) => ({ ...b, traceId: newTraceId() }));
    const passed = decideGate(
      [decideEvaluator({ evaluator: evaluator(v2, 'gate', 0.76), candidate: base, baseline: same })],
      {
        release: '2.3.0',
        baseline: '2.2.1',
      },
    );
    await insertGate(passId, { release: '2.3.0', baseline: '2.2.1', status: 'pass', result: passed, agoMs: 3 * DAY });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists gates, opens the blocked one, and follows a flipped item to its trace', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, server.keys.review, '/gates');
    expect(await page.locator('nav a.active').textContent()).toBe('Gates');
    expect(await page.locator('#gates tbody tr').count()).toBe(2);
    const rows = page.locator('#gates tbody tr');
    expect(await rows.nth(0).getAttribute('data-release')).toBe('2.4.0');
    expect(await page.locator(`tr[data-gate-id="${blockedId}"] [data-verdict]`).textContent()).toBe('blocked');
    expect(await page.locator(`tr[data-gate-id="${passId}"] [data-verdict]`).textContent()).toBe('pass');
    expect(await page.locator(`tr[data-gate-id="${blockedId}"] .blocked-by b`).textContent()).toBe('grounding-judge');
    // The drift alert, and v2 taking over gating when it was published.
    expect(await page.locator('#nav-alerts').textContent()).toContain('2 alerts');
    expect(await page.locator('#gating-notice').textContent()).toContain('grounding-judge v2 now gates releases');
    await page.screenshot({ path: `${ARTIFACTS}/web-gates.png`, fullPage: true });

    await page.locator(`tr[data-gate-id="${blockedId}"] a`).first().click();
    await page.waitForURL((u) => u.pathname === `/gates/${blockedId}`);
    expect(await page.locator('#verdict [data-verdict]').textContent()).toBe('blocked');
    expect(await page.locator('#summary').textContent()).toContain('Release 2.4.0 is blocked against 2.3.0');
    const blocking = page.locator('#decisions tr.blocking');
    expect(await blocking.count()).toBe(1);
    expect(await blocking.getAttribute('data-evaluator')).toBe('grounding-judge');
    expect(await blocking.textContent()).toMatch(
      /92\.5%[\s\S]*77\.5%[\s\S]*−15\.0[\s\S]*McNemar p = 0\.035[\s\S]*BLOCK/,
    );
    expect(await page.locator('#decisions tr[data-evaluator="answer-length"]').textContent()).toContain('Newcombe 90%');
    const flips = page.locator('.flips[data-evaluator="grounding-judge"] li.flip');
    expect(await flips.count()).toBe(8);
    expect(await flips.nth(0).getAttribute('class')).toBe('flip to-fail');
    expect(await flips.nth(7).getAttribute('class')).toBe('flip to-pass');
    const flipsText = await page.locator('.flips').textContent();
    expect(flipsText).toContain(HTML_KEY);
    expect(flipsText).toMatch(/i am <EMAIL_\d+>/);
    expect(await page.content()).not.toContain(EMAIL);
    expect(await page.locator('.flips img').count()).toBe(0);
    // Keys sort within each direction: the HTML-looking input comes first.
    const first = flips.nth(0);
    const k = flippedQuestions.indexOf(HTML_KEY);
    expect(await first.getAttribute('data-key')).toBe(HTML_KEY);
    expect(await first.locator('a[data-link="candidate"]').getAttribute('href')).toContain(
      `/traces/${candidateTraces[k]}`,
    );
    expect(await first.locator('a[data-link="baseline"]').getAttribute('href')).toContain(
      `/traces/${baselineTraces[k]}`,
    );
    await page.screenshot({ path: `${ARTIFACTS}/web-gate.png`, fullPage: true });

    await first.locator('a[data-link="candidate"]').click();
    await page.waitForURL((u) => u.pathname === `/traces/${candidateTraces[k]}`);
    expect(await page.locator('#trace').textContent()).toContain('2.4.0');
    expect(await page.locator('a', { hasText: '← back' }).getAttribute('href')).toBe(`/gates/${blockedId}`);
    expect(await page.locator('#nav-alerts').getAttribute('href')).toBe(`/evaluators/${v2.id}`);

    await page.goto(`${server.url}/gates/no-such-gate`);
    expect(await page.locator('h1').textContent()).toBe('No such gate');
    await context.close();
  });

  /** The computed text colour of an element (the page's own getComputedStyle, run in the browser). */
  const colorOf = (locator: Locator) =>
    locator.evaluate(
      (el) =>
        (globalThis as unknown as { getComputedStyle: (e: unknown) => { color: string } }).getComputedStyle(el).color,
    );

  it('shows an inconclusive gate in amber, what it lacked, and that its verdict was reused', async () => {
    const id = `gate-${randomUUID()}`;
    const result = decideGate(
      [
        decideEvaluator({
          evaluator: evaluator(v2, 'gate', 0.76),
          candidate: [],
          baseline: unpaired('b', 30, 2),
          context: { release: '9.9.9-nope', source: 'traces', candidateItems: 0 },
        }),
      ],
      { release: '9.9.9-nope', baseline: '2.4.0' },
    );
    expect(result.verdict).toBe('inconclusive');
    await insertGate(id, { release: '9.9.9-nope', baseline: '2.4.0', status: 'inconclusive', result, agoMs: 60_000 });
    await server.runtime.pool.query('update gate_runs set reuse_count = 2, last_reused_at = now() where id = $1', [id]);
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, server.keys.review, '/gates');
    const row = page.locator(`tr[data-gate-id="${id}"]`);
    const badge = row.locator('[data-verdict]');
    expect(await badge.textContent()).toBe('inconclusive');
    // Amber: the warn colour (#855900, AA on its tint), not the pass green or the blocked red.
    expect(await colorOf(badge)).toBe('rgb(133, 89, 0)');
    expect(await row.locator('.missing').textContent()).toContain('not enough evidence: no items of the release');
    expect(await row.locator('.reused').textContent()).toContain('verdict reused 2× (evidence unchanged)');

    await row.locator('a').first().click();
    await page.waitForURL((u) => u.pathname === `/gates/${id}`);
    expect(await page.locator('#verdict [data-verdict]').textContent()).toBe('inconclusive');
    expect(await page.locator('#inconclusive').textContent()).toContain(
      'Not enough evidence to vouch for this release',
    );
    expect(await page.locator('#summary').textContent()).toContain('no trace tagged with release 9.9.9-nope');
    const decision = page.locator('#decisions tr.inconclusive [data-decision="inconclusive"]');
    expect(await decision.textContent()).toBe('INCONCLUSIVE');
    expect(await colorOf(decision)).toBe('rgb(133, 89, 0)');
    expect(await page.locator('#reused').textContent()).toContain(
      'This verdict was reused 2× because its evidence was unchanged',
    );
    await page.screenshot({ path: `${ARTIFACTS}/web-gate-inconclusive.png`, fullPage: true });
    await context.close();
  });

  it('shows the alert banner and the agreement-over-time chart with the drop', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, server.keys.review, '/evaluators');
    const banner = page.locator('#alert-banner');
    // The drift alert, and v2 taking over gating when it was published.
    expect(await banner.textContent()).toMatch(
      /2 alerts from the last 7 days or not yet delivered\s*\(2 undelivered\)/,
    );
    expect(await banner.textContent()).toContain(alertMessage);
    await page.screenshot({ path: `${ARTIFACTS}/web-evaluators-alert.png` });
    await banner.locator('a').click();
    await page.waitForURL((u) => u.pathname === `/evaluators/${v2.id}`);
    const chart = page.locator('svg#agreement-chart');
    expect(await chart.count()).toBe(1);
    const points = chart.locator('g.pt');
    expect(await points.count()).toBe(4);
    const triggers = await points.evaluateAll((els) => els.map((e) => e.getAttribute('data-trigger')));
    expect(triggers).toEqual(['calibration', 'scheduled', 'model_change', 'scheduled']);
    expect(await points.evaluateAll((els) => els.map((e) => e.getAttribute('data-mcc')))).toEqual([
      '0.76',
      '0.74',
      '0.51',
      '0.38',
    ]);
    expect(await points.nth(2).locator('title').textContent()).toContain('model gpt-4o-mini-2024-07-18');
    expect(await chart.locator('.ref.gate').count()).toBe(1);
    expect(await chart.locator('.ref.signal').count()).toBe(1);
    expect(await chart.locator('polygon.band').count()).toBe(1);
    expect(await chart.locator(`.other-version[data-version-id="${v1.id}"] circle`).count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#agreement-latest').textContent()).toContain('down 0.38 since calibration');
    expect(await page.locator('#alerts').textContent()).toContain(alertMessage);
    expect(await page.locator('#history').textContent()).toContain('drift watch');
    await page.screenshot({ path: `${ARTIFACTS}/web-agreement.png`, fullPage: true });
    await page.locator('#agreement-over-time').screenshot({ path: `${ARTIFACTS}/web-agreement-chart.png` });
    await context.close();
  });
});
