import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../db/api-keys.js';
import { publishEvaluatorVersion } from '../db/evaluators.js';
import { hasChromium, launchChromium } from './helpers/browser.js';
import { request } from './helpers/http.js';
import { seedReviewQueue } from './helpers/review-fixture.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const available = hasChromium();
if (!available) console.warn('SKIPPED browser tests: /usr/bin/chromium not found — apt-get install -y chromium');

const ARTIFACTS = 'test-results';
const WIDTHS = [
  { name: 'wide', width: 1440, height: 900 },
  { name: 'narrow', width: 390, height: 844 },
] as const;

describe.skipIf(!available)('two reviewers, adjudication and the human ceiling in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const keys = { rita: '', sam: '' };
  let traceId: string;
  let copies: { id: string; copy: number }[];
  let versionId: string;

  const signIn = async (page: Page, key: string) => {
    await page.goto(`${server.url}/login`);
    await page.fill('#key', key);
    await page.press('#key', 'Enter');
    await page.waitForSelector('#queue, .empty, main');
  };

  /** Zero serious/critical axe violations, and no sideways scrolling. */
  const checkPage = async (page: Page, shot: string) => {
    const axe = await new AxeBuilder({ page }).analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    if (overflow > 0)
      console.log(
        shot,
        await page.evaluate(
          `[...document.querySelectorAll('body *')].filter((e) => !e.closest('[style*="overflow-x"]') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 8).map((e) => e.tagName + '.' + e.className + '#' + e.id + '@' + (e.closest('[id]') || {}).id + ' ' + Math.round(e.getBoundingClientRect().right)).join(' | ')`,
        ),
      );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTIFACTS}/${shot}.png`, fullPage: true });
  };

  /** A reviewer labels one task in the browser, keyboard only: `marks` digits, a critique, submit. */
  const labelTask = async (key: string, taskId: string, marks: string[], critique: string) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signIn(page, key);
    await page.goto(`${server.url}/tasks/${taskId}`);
    await page.waitForSelector('#label-form');
    for (const m of marks) await page.keyboard.press(m);
    await page.keyboard.press('c');
    await page.keyboard.type(critique);
    const url = page.url();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.toString() !== url);
    await context.close();
  };

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startTestServer();
    await server.runtime.pool.query(
      `update projects set settings = '{"review": {"doubleReviewShare": 1}}' where id = 'default'`,
    );
    keys.rita = await createApiKey(server.runtime.db, 'default', 'review', 'rita');
    keys.sam = await createApiKey(server.runtime.db, 'default', 'review', 'sam');
    const mode = await request(server.url, 'POST', '/api/failure-modes', {
      key: server.keys.admin,
      body: { key: 'tone', title: 'Curt or rude tone', rubric: 'The answer is curt, rude or dismissive.' },
    });
    expect(mode.status).toBe(201);
    const { cycleId } = await seedReviewQueue(server, 1);
    const { rows } = await server.runtime.pool.query(
      'select id, copy, trace_id from review_tasks where cycle_id = $1 order by copy',
      [cycleId],
    );
    copies = rows;
    traceId = rows[0].trace_id;
    const version = await publishEvaluatorVersion(server.runtime.pool, {
      projectId: 'default',
      failureModeKey: 'tone',
      name: 'curt-rule',
      config: { kind: 'regex', field: 'output', pattern: '^Shipped\\.$', mode: 'must_not_match' },
      threshold: 0.5,
      calibrationDatasetVersionId: null,
      metrics: {
        mcc: 0.62,
        mccCI: { lower: 0.4, upper: 0.8 },
        confusion: { tp: 12, fp: 3, tn: 17, fn: 4 },
        nFail: 16,
        nPass: 20,
        tpr: 0.75,
        tnr: 0.85,
        accuracy: 0.81,
        band: 'signal',
      },
      status: 'signal',
      statusReason: 'test',
      parentVersionId: null,
      createdBy: 'test',
      report: null,
      sourceKey: 'test:web-adjudication',
    });
    versionId = version.id;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('two reviewers label the same trace differently, blind to each other', { timeout: 120_000 }, async () => {
    expect(copies.map((c) => c.copy)).toEqual([1, 2]);
    // The queue marks both copies.
    const queue = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const q = await queue.newPage();
    await signIn(q, keys.rita);
    await q.goto(`${server.url}/`);
    expect((await q.locator('[data-double-review]').allTextContents()).sort()).toEqual([
      'double review · copy 1 of 2',
      'double review · copy 2 of 2',
    ]);
    await checkPage(q, 'queue-double-review-narrow');
    await queue.close();
    await labelTask(keys.rita, copies[0]!.id, ['1'], 'The reply is a one-word brush-off.');

    // Sam has not labeled yet: rita's label is hidden from sam's trace page.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, keys.sam);
    await page.goto(`${server.url}/traces/${traceId}`);
    expect(await page.locator('#labels-hidden').textContent()).toContain('out for blind double review');
    expect(await page.content()).not.toContain('one-word brush-off');
    await checkPage(page, 'trace-blind-narrow');
    await page.setViewportSize({ width: 1440, height: 900 });
    await checkPage(page, 'trace-blind-wide');
    await context.close();

    await labelTask(keys.sam, copies[1]!.id, ['0'], 'Short but polite; fine for a shipping update.');
  });

  it('lists the disagreement; the admin adjudicates it; both widths, axe clean', { timeout: 120_000 }, async () => {
    for (const w of WIDTHS) {
      const context = await browser.newContext({ viewport: { width: w.width, height: w.height } });
      const page = await context.newPage();
      await signIn(page, server.keys.admin);
      await page.goto(`${server.url}/adjudication`);
      const card = page.locator(`section[data-trace="${traceId}"][data-mode="tone"]`);
      await card.waitFor();
      const text = await card.textContent();
      expect(text).toContain('rita');
      expect(text).toContain('sam');
      expect(text).toContain('left out of ground truth');
      expect(await page.locator('#reviewer-agreement tr[data-mode="tone"]').textContent()).toMatch(/not measurable/);
      await checkPage(page, `adjudication-open-${w.name}`);
      await context.close();
    }

    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, server.keys.admin);
    await page.goto(`${server.url}/adjudication`);
    const card = page.locator(`section[data-trace="${traceId}"][data-mode="tone"]`);
    await card.locator('input[value=fail]').check();
    await card.locator('textarea[name=note]').fill('A one-word reply to a complaint is curt under the rubric.');
    await card.locator('button[type=submit]').click();
    await page.waitForSelector(`section[data-trace="${traceId}"] [data-settled]`);
    const settled = await page.locator(`section[data-trace="${traceId}"] [data-adjudication]`).textContent();
    expect(settled).toContain('fail');
    expect(settled).toMatch(/by key \S+/);
    expect(settled).toContain('curt under the rubric');
    await checkPage(page, 'adjudication-settled-narrow');
    await context.close();

    // Before more reviews: one double-reviewed trace, the reviewers disagreeing — κ is not measurable (never "0").
    const early = await request(server.url, 'GET', `/api/evaluators/versions/${versionId}`, { key: keys.sam });
    expect(early.body.humanCeiling.text).toMatch(
      /^reviewer agreement not measurable \(rita gave "fail" on every trace/,
    );
    expect(early.body.humanCeiling.atOrAboveCeiling).toBeNull();

    const api = await request(server.url, 'GET', '/api/adjudications?status=settled', { key: keys.sam });
    expect(api.body.disagreements).toMatchObject([{ traceId, failureMode: 'tone', adjudication: { verdict: 'fail' } }]);
  });

  it('the calibration report shows human–human agreement next to the evaluator', { timeout: 180_000 }, async () => {
    // Six more double-reviewed traces (through the API), so κ is measurable on seven:
    // rita f f f p p p (+ f on the first), sam f f p p p p (+ p) → pₒ = 5/7, pₑ = 23/49, κ = 12/26 = 0.46.
    const more = await seedReviewQueue(server, 10, Date.UTC(2026, 6, 1, 9, 0, 0));
    const { rows } = await server.runtime.pool.query<{ id: string; trace_id: string; copy: number }>(
      'select id, trace_id, copy from review_tasks where cycle_id = $1 order by trace_id, copy',
      [more.cycleId],
    );
    // Near-duplicates collapse, so seed more than needed and use six.
    const traces = [...new Set(rows.map((r) => r.trace_id))].slice(0, 6);
    expect(traces).toHaveLength(6);
    const ritaSays = ['fail', 'fail', 'fail', 'pass', 'pass', 'pass'];
    const samSays = ['fail', 'fail', 'pass', 'pass', 'pass', 'pass'];
    for (const [i, t] of traces.entries()) {
      for (const [key, says, copy] of [
        [keys.rita, ritaSays[i], 1],
        [keys.sam, samSays[i], 2],
      ] as const) {
        const task = rows.find((r) => r.trace_id === t && r.copy === copy)!;
        const posted = await request(server.url, 'POST', '/api/labels', {
          key,
          body: { id: crypto.randomUUID(), traceId: t, taskId: task.id, failureModes: says === 'fail' ? ['tone'] : [] },
        });
        expect(posted.status).toBe(201);
      }
    }
    for (const w of WIDTHS) {
      const context = await browser.newContext({ viewport: { width: w.width, height: w.height } });
      const page = await context.newPage();
      await signIn(page, keys.sam);
      await page.goto(`${server.url}/evaluators/${versionId}`);
      const ceiling = (await page.locator('#human-ceiling').textContent())!.replace(/\s+/g, ' ');
      expect(ceiling).toContain('Human ceiling:');
      expect(ceiling).toMatch(
        /reviewers agree κ 0\.46 \[-?\d\.\d\d, \d\.\d\d\] on 7 double-reviewed traces; this evaluator MCC 0\.62 \[0\.40, 0\.80\] on 36 labeled traces/,
      );
      // MCC 0.62 ≥ κ 0.46: the evaluator is at the human ceiling, and the page says so.
      expect(ceiling).toContain('at or above the human ceiling');
      expect(await page.locator('#human-ceiling').getAttribute('data-at-ceiling')).toBe('true');
      await checkPage(page, `evaluator-human-ceiling-${w.name}`);
      await context.close();
    }
  });
});
