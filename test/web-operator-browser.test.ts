import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvaluatorVersionView, publishEvaluatorVersion } from '../db/evaluators.js';
import { hasChromium, launchChromium } from './helpers/browser.js';
import { request } from './helpers/http.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const available = hasChromium();
if (!available) console.warn('SKIPPED browser tests: /usr/bin/chromium not found — apt-get install -y chromium');

const ARTIFACTS = 'test-results';
/** The elements that stick out past the viewport's right edge (to say what scrolls sideways). */
const WIDE = `(() => {
  const out = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
    .map((e) => e.tagName + '.' + e.className + '#' + e.id);
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const r = document.createRange(); r.selectNodeContents(n);
    if (r.getBoundingClientRect().right > innerWidth + 1) out.push('text in ' + n.parentElement.tagName + '.' + n.parentElement.className + ': ' + n.textContent.slice(0, 40));
  }
  return out.slice(0, 6);
})()`;
const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

describe.skipIf(!available)('operating from the UI in Chromium (both widths, axe)', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  /** At both widths: no serious or critical axe violation, no sideways scrolling, a screenshot each. */
  const check = async (name: string) => {
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      const axe = await new AxeBuilder({ page }).analyze();
      const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        `${name} at ${size.width}`,
      ).toEqual([]);
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - innerWidth')) as number;
      const wide = overflow > 0 ? ((await page.evaluate(WIDE)) as string[]) : [];
      expect(overflow, `${name} scrolls sideways at ${size.width}px: ${wide.join(', ')}`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${ARTIFACTS}/${name}-${size.width}.png`, fullPage: true });
    }
    await page.setViewportSize(WIDTHS[0]!);
  };

  const signIn = async (key: string, path: string) => {
    await page.goto(`${server.url}${path}`);
    await page.fill('#key', key);
    await page.press('#key', 'Enter');
    await page.waitForURL((u) => u.pathname === path);
  };

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startTestServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('empty states offer the actions and the ingest instructions', async () => {
    const fresh = await server.createProject('fresh-ui');
    context = await browser.newContext();
    page = await context.newPage();
    await signIn(fresh.admin, '/');
    expect(await page.locator('#ingest-help').textContent()).toContain(`${server.url}/v1/traces`);
    await check('operator-empty-queue');
    await page.locator('#empty a[href="/cycles#start-cycle"]').click();
    await page.waitForURL((u) => u.pathname === '/cycles');
    expect(await page.locator('#start-cycle').isVisible()).toBe(true);
    expect(await page.locator('#empty #ingest-help').isVisible()).toBe(true);
    await check('operator-empty-cycles');
    await page.goto(`${server.url}/failure-modes`);
    expect(await page.locator('#empty h2').textContent()).toBe('No failure mode yet');
    await check('operator-empty-failure-modes');
    await page.goto(`${server.url}/evaluators`);
    expect(await page.locator('#empty a[href="/failure-modes"]').isVisible()).toBe(true);
    await check('operator-empty-evaluators');
    await context.close();
  });

  it('starts a cycle from the cycles page, and shows a refused window on the form', async () => {
    context = await browser.newContext();
    page = await context.newPage();
    await signIn(server.keys.admin, '/cycles');
    await page.fill('input[name=from]', '2026-03-08T00:00');
    await page.fill('input[name=to]', '2026-03-01T00:00');
    await page.click('#start-cycle button[type=submit]');
    expect(await page.locator('[data-form-error]').textContent()).toContain('from: must be before to');
    await check('operator-start-cycle-error');
    await page.fill('input[name=to]', '2026-03-15T00:00');
    await page.fill('input[name=budget]', '10');
    await page.click('#start-cycle button[type=submit]');
    await page.waitForURL((u) => u.pathname.startsWith('/cycles/'));
    const [row] = (await server.runtime.pool.query("select budget from cycles where project_id = 'default'")).rows;
    expect(row.budget).toBe(10);
    await check('operator-cycle-started');
  });

  it('activates a proposed failure mode, edits its rubric (history), and generates evaluators', async () => {
    const proposed = await request(server.url, 'POST', '/api/failure-modes', {
      key: server.keys.review,
      body: { key: 'vague_answer', title: 'Vague answer', rubric: 'Fail when the answer dodges the question.' },
    });
    expect(proposed.status).toBe(201);
    await page.goto(`${server.url}/failure-modes`);
    await check('operator-failure-modes');
    await page.click('tr[data-mode="vague_answer"] button[data-set-status="active"]');
    await page.waitForURL((u) => u.pathname === '/failure-modes');
    expect(await page.locator('tr[data-mode="vague_answer"] [data-status]').textContent()).toBe('active');

    await page.click('tr[data-mode="vague_answer"] a');
    await page.waitForURL((u) => u.pathname === '/failure-modes/vague_answer');
    await page.fill('#rubric', '   ');
    await page.click('#edit-rubric button[type=submit]');
    expect(await page.locator('[data-form-error]').textContent()).toContain('rubric:');
    await page.fill('#rubric', 'Fail when the answer dodges the question or hedges without facts.');
    await page.click('#edit-rubric button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/failure-modes/vague_answer');
    expect(await page.locator('[data-rubric-version]').count()).toBe(2);
    expect(await page.locator('[data-rubric-version="2"] pre').textContent()).toContain('hedges without facts');
    await check('operator-failure-mode');

    await page.click('button[data-generate="vague_answer"]');
    await page.waitForURL((u) => u.pathname.startsWith('/evaluators/generations/'));
    await check('operator-generation-run');

    await page.goto(`${server.url}/failure-modes/vague_answer`);
    await page.click('button[data-set-status="retired"]');
    await page.waitForURL((u) => u.pathname === '/failure-modes/vague_answer');
    expect(await page.locator('h1 + span + [data-status]').textContent()).toBe('retired');
  });

  let v1: EvaluatorVersionView;
  it('edits an evaluator with its kind form, previews the diff, publishes, and the new version shows it', async () => {
    await request(server.url, 'POST', '/api/failure-modes', {
      key: server.keys.admin,
      body: { key: 'over_budget', title: 'Too long', rubric: 'Fail on answers over the budget.' },
    });
    v1 = await publishEvaluatorVersion(server.runtime.pool, {
      projectId: 'default',
      failureModeKey: 'over_budget',
      name: 'answer-length',
      config: { kind: 'length', unit: 'chars', max: 1200 },
      threshold: 0.5,
      calibrationDatasetVersionId: null,
      metrics: {},
      status: 'signal',
      statusReason: 'test',
      parentVersionId: null,
      createdBy: 'generator',
      report: null,
    });
    await page.goto(`${server.url}/evaluators/${v1.id}`);
    const form = page.locator('#edit-evaluator form');
    expect(await form.getAttribute('data-kind')).toBe('length');
    await form.locator('input[name=max]').fill('lots');
    await form.locator('button[value=preview]').click();
    expect(await page.locator('[data-form-error]').textContent()).toContain('config.max');
    await form.locator('input[name=max]').fill('900');
    await form.locator('input[name=summaryPattern]').fill('^TL;DR');
    await form.locator('button[value=preview]').click();
    expect(await page.locator('#edit-diff [data-op="-"]').first().textContent()).toContain('"max": 1200');
    expect(await page.locator('#edit-diff').textContent()).toContain('"summaryPattern": "^TL;DR"');
    await check('operator-evaluator-preview');
    await page.locator('#edit-evaluator button[value=save]').click();
    await page.waitForURL((u) => u.pathname.startsWith('/evaluators/') && u.pathname !== `/evaluators/${v1.id}`);
    expect(await page.locator('#version-diff h2').textContent()).toBe('Changes against v1');
    expect(await page.locator('#version-diff [data-op="+"]').first().textContent()).toContain('"max": 900');
    await check('operator-evaluator-version-diff');
  });

  it('lists alerts with filters, acknowledges one, and notices a gating takeover', async () => {
    const v2 = await publishEvaluatorVersion(server.runtime.pool, {
      projectId: 'default',
      failureModeKey: 'over_budget',
      name: 'answer-length',
      config: { kind: 'length', unit: 'chars', max: 1000 },
      threshold: 0.5,
      calibrationDatasetVersionId: null,
      metrics: { mcc: 0.8 },
      status: 'gate',
      statusReason: 'test',
      parentVersionId: v1.id,
      createdBy: 'generator',
      report: null,
    });
    await server.runtime.pool.query(
      `insert into alerts (project_id, kind, message, details) values ('default', 'evaluator_drift', 'judge drifted', '{}')`,
    );
    await page.goto(`${server.url}/evaluators/${v2.id}`);
    expect(await page.locator('#gating-notice').textContent()).toContain('answer-length v3 now gates releases');
    await check('operator-evaluator-gating-notice');
    await page.goto(`${server.url}/gates`);
    expect(await page.locator('#gating-notice').textContent()).toContain('answer-length v3 now gates releases');
    await check('operator-gates-notice');

    await page.goto(`${server.url}/alerts`);
    expect(await page.locator('nav a.active').textContent()).toBe('Alerts');
    expect(await page.locator('#alerts-list tbody tr').count()).toBe(2);
    await check('operator-alerts');
    await page.selectOption('select[name=kind]', 'gating_takeover');
    await page.click('#alert-filter button');
    await page.waitForURL((u) => u.searchParams.get('kind') === 'gating_takeover');
    expect(await page.locator('#alerts-list tbody tr').count()).toBe(1);
    await page.click('#alerts-list button[data-acknowledge]');
    await page.waitForURL((u) => u.searchParams.get('kind') === 'gating_takeover');
    expect(await page.locator('#empty h2').textContent()).toBe('No open alert');
    await page.selectOption('select[name=state]', 'acknowledged');
    await page.click('#alert-filter button');
    await page.waitForURL((u) => u.searchParams.get('state') === 'acknowledged');
    expect(await page.locator('#alerts-list tr[data-acknowledged="yes"]').textContent()).toContain('acknowledged by');
    await check('operator-alerts-acknowledged');
    await page.goto(`${server.url}/gates`);
    expect(await page.locator('#gating-notice').count()).toBe(0);
    await context.close();
  });
});
