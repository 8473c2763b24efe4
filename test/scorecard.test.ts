import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScorecard } from '../cli/scorecard.js';
import type { Scorecard } from '../core/scorecard/build.js';
import { createApiKey } from '../db/api-keys.js';
import { type EvaluatorVersionView, publishEvaluatorVersion } from '../db/evaluators.js';
import { checkPage } from './helpers/a11y.js';
import { hasChromium, launchChromium } from './helpers/browser.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const available = hasChromium();
if (!available) console.warn('SKIPPED scorecard browser test: /usr/bin/chromium not found');

/** Out-of-fold predictions: 30 human fails (27 caught), 40 human passes (38 passed): TPR 0.9, TNR 0.95. */
const predictions = [
  ...Array.from({ length: 30 }, (_, i) => ({ human: 'fail', verdict: i < 27 ? 'fail' : 'pass' })),
  ...Array.from({ length: 40 }, (_, i) => ({ human: 'pass', verdict: i < 38 ? 'pass' : 'fail' })),
];

describe('scorecard: API, CLI and page', () => {
  let server: TestServer;
  let ci: string;
  let refusal: EvaluatorVersionView;
  let verbose: EvaluatorVersionView;
  let retired: EvaluatorVersionView;
  let browser: Browser | undefined;
  const t0 = Date.now() - 6 * 3_600_000;

  const ingest = async (release: string, prompt: string, model: string, n: number, sorry: number, at: number) => {
    for (let i = 0; i < n; i++) {
      const body = otlpJsonTraces(
        [
          {
            traceId: newTraceId(),
            spanId: newSpanId(),
            name: 'chat gpt-4o',
            startMs: at + i * 1000,
            durationMs: 500,
            attributes: chatAttributes(
              `question ${release} ${i}`,
              i < sorry ? 'Sorry, I cannot help with that.' : `Here is the answer to ${i}.`,
              { 'gen_ai.prompt.version': prompt, 'gen_ai.response.model': model },
            ),
          },
        ],
        { 'service.name': 'assistant', 'service.version': release },
      );
      expect((await postJson(server.url, server.keys.ingest, body)).status).toBe(200);
    }
  };

  const api = (path: string, key: string | null, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });

  const scorecard = async (by = 'release') => (await (await api(`/api/scorecard?by=${by}`, ci)).json()) as Scorecard;

  beforeAll(async () => {
    server = await startTestServer();
    ci = await createApiKey(server.runtime.db, 'default', 'ci');
    for (const key of ['refusal', 'verbose']) {
      const res = await api('/api/failure-modes', server.keys.admin, {
        method: 'POST',
        body: JSON.stringify({ key, title: `${key} title`, rubric: `Fail on ${key}.` }),
      });
      expect(res.status).toBe(201);
    }
    const publish = (
      mode: string,
      name: string,
      config: Record<string, unknown>,
      status: 'gate' | 'signal' | 'revise',
      tpr: number,
      tnr: number,
    ) =>
      publishEvaluatorVersion(server.runtime.pool, {
        projectId: 'default',
        failureModeKey: mode,
        name,
        config: config as never,
        threshold: 0.5,
        calibrationDatasetVersionId: null,
        metrics: { mcc: 0.8, tpr, tnr, nFail: 30, nPass: 40 },
        status,
        statusReason: 'test',
        parentVersionId: null,
        createdBy: 'test',
        report: { predictions },
      });
    refusal = await publish(
      'refusal',
      'no-sorry',
      { kind: 'regex', pattern: 'sorry', flags: 'i', mode: 'must_not_match', field: 'output' },
      'gate',
      0.9,
      0.95,
    );
    // J = 0.05: never a number.
    verbose = await publish('verbose', 'short', { kind: 'length', unit: 'chars', max: 20 }, 'signal', 0.5, 0.55);
    retired = await publish('verbose', 'old', { kind: 'length', unit: 'chars', max: 5 }, 'revise', 0.9, 0.9);
    await ingest('1.0', 'p1', 'gpt-4o-2024-05-13', 20, 5, t0);
    await ingest('1.1', 'p2', 'gpt-4o-2024-08-06', 10, 2, t0 + 3_600_000);
    await ingest('1.2', 'p2', 'gpt-4o-2024-08-06', 6, 1, t0 + 2 * 3_600_000);
    const closed = await server.runtime.activities.closeTraces({ idleSeconds: 0 });
    expect(closed.closed).toBe(36);
    for (const release of ['1.0', '1.1']) {
      const res = await api('/api/scorecard/compute', server.keys.admin, {
        method: 'POST',
        body: JSON.stringify({ release }),
      });
      expect(res.status).toBe(200);
      const out = (await res.json()) as { traces: number; runs: { versionId: string; evaluated: number }[] };
      expect(out.runs.map((r) => r.versionId).sort()).toEqual([refusal.id, verbose.id].sort());
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('scores every gating and signal evaluator per release, oldest first, with corrected rates and intervals', async () => {
    const s = await scorecard();
    expect(s.by).toBe('release');
    expect(s.groups.map((g) => [g.key, g.traces])).toEqual([
      ['1.0', 20],
      ['1.1', 10],
      ['1.2', 6],
    ]);
    expect(s.evaluators.map((e) => e.versionId).sort()).toEqual([refusal.id, verbose.id].sort());
    expect(s.evaluators.some((e) => e.versionId === retired.id)).toBe(false);
    const cell = (group: string, v: EvaluatorVersionView) =>
      s.cells.find((c) => c.group === group && c.versionId === v.id)!;
    const a = cell('1.0', refusal);
    expect([a.n, a.observedPassRate, a.meanScore]).toEqual([20, 0.75, 0.75]);
    expect(a.correctedPassRate).toBeCloseTo((0.75 + 0.9 - 1) / 0.85, 10);
    expect(a.lower!).toBeLessThan(a.correctedPassRate!);
    expect(a.upper!).toBeGreaterThan(a.correctedPassRate!);
    expect(cell('1.1', refusal).n).toBe(10);
    // The same evaluator on 10 traces has a wider interval than on 20.
    expect(cell('1.1', refusal).upper! - cell('1.1', refusal).lower!).toBeGreaterThan(a.upper! - a.lower!);
    expect(cell('1.0', verbose)).toMatchObject({ notMeasurable: 'youden_too_low', correctedPassRate: null, n: 20 });
    // 1.2 has traces but no results: said so, no number.
    expect(cell('1.2', refusal)).toMatchObject({ notMeasurable: 'no_results', correctedPassRate: null, lower: null });
    expect(s.missing).toEqual([{ group: '1.2', versionIds: expect.arrayContaining([refusal.id, verbose.id]) }]);
  });

  it.each([
    ['prompt_version', ['p1', 'p2'], [20, 16]],
    ['model_version', ['gpt-4o-2024-05-13', 'gpt-4o-2024-08-06'], [20, 16]],
  ])('groups by %s', async (by, keys, traces) => {
    const s = await scorecard(by);
    expect(s.groups.map((g) => g.key)).toEqual(keys);
    expect(s.groups.map((g) => g.traces)).toEqual(traces);
    // p2 holds 1.1 (10 judged) and 1.2 (none judged).
    expect(s.cells.find((c) => c.group === keys[1] && c.versionId === refusal.id)!.n).toBe(10);
  });

  it('serves CSV: a header and one row per group and evaluator', async () => {
    const res = await api('/api/scorecard?by=release&format=csv', ci);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['release', 'first_trace_at', 'traces']);
    expect(lines).toHaveLength(1 + 3 * 2);
    expect(lines.filter((l) => l.startsWith('1.2,')).every((l) => l.endsWith(',no_results'))).toBe(true);
  });

  it.each([
    ['by=branch', 'by'],
    ['format=xml', 'format'],
    ['by=release&limit=5', 'limit'],
  ])('rejects ?%s with 400 naming %s', async (query, field) => {
    const res = await api(`/api/scorecard?${query}`, ci);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(field);
  });

  it.each([
    ['ingest', 403],
    ['none', 401],
    ['review', 200],
    ['ci', 200],
    ['admin', 200],
  ])('GET with a %s key → %i', async (role, status) => {
    const key = role === 'ci' ? ci : role === 'none' ? null : server.keys[role as keyof TestServer['keys']];
    expect((await api('/api/scorecard', key)).status).toBe(status);
  });

  it.each([
    ['a review key', 'review', { release: '1.2' }, 403],
    ['a ci key', 'ci', { release: '1.2' }, 403],
    ['an unknown release', 'admin', { release: '9.9' }, 404],
    ['no release', 'admin', {}, 400],
    ['an extra field', 'admin', { release: '1.2', limit: 5 }, 400],
  ])('compute with %s → %i', async (_, role, body, status) => {
    const key = role === 'ci' ? ci : server.keys[role as 'review' | 'admin'];
    const res = await api('/api/scorecard/compute', key, { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(status);
  });

  it('CLI: prints the scorecard as text and as the same CSV as the API', async () => {
    let text = '';
    expect(await runScorecard(['--url', server.url, '--key', ci], (s) => (text += s))).toBe(0);
    expect(text).toContain('release 1.0');
    expect(text).toMatch(/refusal\/no-sorry v1\s+\d+%\s+\[\d+%, \d+%\]\s+n 20/);
    expect(text).toContain('not measurable: no results');
    let csv = '';
    await runScorecard(['--url', server.url, '--key', ci, '--csv', '--by', 'model_version'], (s) => (csv += s));
    expect(csv).toBe(await (await api('/api/scorecard?by=model_version&format=csv', ci)).text());
    await expect(runScorecard(['--url', server.url, '--key', ci, '--by', 'branch'])).rejects.toThrow(/--by/);
  });

  describe.skipIf(!available)('the /scorecard page in Chromium', () => {
    it('shows the heat strip and trends, says which release has no results, computes it, passes axe at both widths', async () => {
      browser = await launchChromium();
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/scorecard`);
      await page.fill('#key', server.keys.admin);
      await page.press('#key', 'Enter');
      await page.waitForURL((u) => u.pathname === '/scorecard');
      expect(await page.getAttribute('nav a[href="/scorecard"]', 'aria-current')).toBe('page');
      expect(await page.locator('#scorecard-strip g[data-group]').count()).toBe(3 * 2);
      expect(await page.locator('.sc-panel').count()).toBe(2);
      expect(await page.locator(`.sc-panel[data-evaluator="${refusal.id}"] circle.pt`).count()).toBe(2);
      expect(await page.locator('#scorecard-strip title').first().textContent()).toContain('Corrected pass rate');
      expect(await page.locator('#scorecard-missing li[data-group="1.2"]').textContent()).toContain('no-sorry');
      const report = await checkPage(page, 'scorecard');
      expect(report.problems).toEqual([]);

      await page.setViewportSize({ width: 1440, height: 900 });
      await page.click('#scorecard-missing button[aria-label="Compute results for release 1.2"]');
      await page.waitForURL((u) => u.searchParams.get('computed') === '1.2');
      expect(await page.locator('#scorecard-computed').textContent()).toContain('1.2');
      expect(await page.locator('#scorecard-missing').count()).toBe(0);
      expect(await page.locator(`.sc-panel[data-evaluator="${refusal.id}"] circle.pt`).count()).toBe(3);

      await page.selectOption('#by', 'model_version');
      await page.click('#scorecard-by button[type="submit"]');
      await page.waitForURL((u) => u.searchParams.get('by') === 'model_version');
      expect(await page.locator('#scorecard-strip g[data-group]').count()).toBe(2 * 2);
      await page.click('#scorecard-table summary');
      expect(await page.locator('#scorecard-table tbody tr').count()).toBe(4);
      const byModel = await checkPage(page, 'scorecard-by-model');
      expect(byModel.problems).toEqual([]);
      await context.close();
    });
  });
});
