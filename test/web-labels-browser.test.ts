import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../db/api-keys.js';
import { hasChromium, launchChromium } from './helpers/browser.js';
import { request } from './helpers/http.js';
import { seedReviewQueue } from './helpers/review-fixture.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const available = hasChromium();
if (!available) console.warn('SKIPPED browser tests: /usr/bin/chromium not found — apt-get install -y chromium');

const ARTIFACTS = 'test-results';
const WIDTHS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const INSTRUCTIONS = 'Label every trace of a refund.\nA <b>tag</b> & an ampersand stay as typed.';
const MODES = [
  {
    key: 'hallucination',
    title: 'Makes up facts',
    rubric:
      'States facts that are in neither the documents nor the tool results.\nFail: "ships tomorrow" with no source.\nPass: quotes the shipping page.',
  },
  {
    key: 'pii_leak',
    title: 'Leaks personal data',
    rubric: 'Repeats an email, phone or address to the wrong person. Fail: reads the email back. Pass: masks it.',
  },
];

describe.skipIf(!available)('seeing and correcting labels, skips and queue instructions in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let cycleId: string;
  let reviewKey: string;

  const signIn = async (page: Page, key: string) => {
    await page.goto(`${server.url}/login`);
    await page.fill('#key', key);
    await page.press('#key', 'Enter');
    await page.waitForSelector('#queue');
  };

  /** Zero serious or critical axe violations, no sideways scrolling, and a full-page screenshot. */
  const check = async (page: Page, shot: string) => {
    const axe = await new AxeBuilder({ page }).analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      shot,
    ).toEqual([]);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    // The elements that stick out, named in the failure.
    const wide = await page.evaluate(`Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .filter((e) => !(e.parentElement && e.parentElement.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
      .map((e) => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className).slice(0, 8)`);
    expect(overflow, `${shot} scrolls sideways: ${JSON.stringify(wide)}`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTIFACTS}/${shot}.png`, fullPage: true });
  };

  const contextAt = (width: number, height: number): Promise<BrowserContext> =>
    browser.newContext({ viewport: { width, height } });

  const labelsOf = async (traceId: string) =>
    (
      await server.runtime.pool.query(
        `select id, supersedes, reviewer, critique, covered from labels where trace_id = $1 order by created_at`,
        [traceId],
      )
    ).rows;

  const taskStatus = async (id: string) =>
    (await server.runtime.pool.query('select status, locked_by from review_tasks where id = $1', [id])).rows[0];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startTestServer();
    reviewKey = await createApiKey(server.runtime.db, 'default', 'review', 'rita');
    for (const m of MODES) {
      const made = await request(server.url, 'POST', '/api/failure-modes', { key: server.keys.admin, body: m });
      expect(made.status, made.text).toBe(201);
    }
    ({ cycleId } = await seedReviewQueue(server, 5));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets an admin write queue instructions on the queue page, shown escaped to reviewers', async () => {
    for (const w of WIDTHS) {
      const context = await contextAt(w.width, w.height);
      const page = await context.newPage();
      await signIn(page, server.keys.admin);
      if (w.name === 'desktop') {
        expect(await page.locator('#instructions').count()).toBe(0);
        await page.click('#instructions-edit summary');
        await page.fill('#instructions-text', INSTRUCTIONS);
        await Promise.all([page.waitForEvent('load'), page.click('#instructions-form button[type=submit]')]);
        await page.waitForSelector('#instructions');
      }
      await check(page, `queue-instructions-admin-${w.name}`);
      await context.close();
    }
    const context = await contextAt(1440, 900);
    const page = await context.newPage();
    await signIn(page, reviewKey);
    expect(await page.locator('#instructions p').textContent()).toBe(INSTRUCTIONS);
    expect(await page.locator('#instructions b').count()).toBe(0);
    expect(await page.locator('#instructions-edit').count()).toBe(0);
    await context.close();
  });

  it('shows each rubric before choosing, the label after, lets the reviewer correct it and see the history', {
    timeout: 120_000,
  }, async () => {
    const context = await contextAt(1440, 900);
    const page = await context.newPage();
    await signIn(page, reviewKey);
    await page.goto(`${server.url}/next?cycle=${encodeURIComponent(cycleId)}`);
    await page.waitForSelector('#label-form');
    const firstUrl = page.url();
    const traceId = (await page.locator('body').getAttribute('data-trace-id'))!;

    // The instructions and every mode's definition are on the page before anything is chosen.
    expect(await page.locator('#instructions').textContent()).toContain('Label every trace of a refund.');
    expect(await page.locator('input[name=mode]:checked').count()).toBe(0);
    const definition = page.locator('.mode[data-mode=hallucination] .definition');
    expect(await definition.isVisible()).toBe(true);
    expect(await definition.textContent()).toBe('States facts that are in neither the documents nor the tool results.');
    expect(await page.locator('.mode[data-mode=pii_leak] .definition').isVisible()).toBe(true);
    await page.click('.mode[data-mode=hallucination] details summary');
    expect(await page.locator('.mode[data-mode=hallucination] details').textContent()).toContain(
      'Fail: "ships tomorrow" with no source.',
    );
    expect(await page.locator('input[name=mode]:checked').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await check(page, 'task-rubric-desktop');

    // Label it (1 = hallucination), land on the next task, step back with p.
    await page.keyboard.press('1');
    await page.keyboard.press('c');
    await page.keyboard.type('Invents a delivery date.');
    await page.keyboard.press('Control+Enter');
    await page.waitForURL((u) => u.toString() !== firstUrl);
    await page.waitForSelector('#label-form');
    const secondUrl = page.url();
    await page.keyboard.press('p');
    await page.waitForURL(firstUrl);
    await page.waitForSelector('#label-history');

    expect(await page.locator('#label-form h2').textContent()).toBe('Correct your label');
    expect(
      await page.locator('input[name=mode]:checked').evaluateAll((els) => els.map((e) => e.getAttribute('value'))),
    ).toEqual(['hallucination']);
    expect(await page.locator('#critique').inputValue()).toBe('Invents a delivery date.');
    const history = page.locator('#label-history li');
    expect(await history.count()).toBe(1);
    expect(await history.first().getAttribute('data-state')).toBe('current');
    expect(await history.first().textContent()).toMatch(
      /Makes up facts[\s\S]*rita \(you\) · \d{4}-\d\d-\d\d \d\d:\d\d/,
    );
    for (const w of WIDTHS) {
      await page.setViewportSize({ width: w.width, height: w.height });
      await check(page, `task-labeled-${w.name}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });

    // Correct it: pii_leak instead of hallucination, a new critique; the page stays and shows both.
    await page.keyboard.press('1');
    await page.keyboard.press('2');
    await page.keyboard.press('c');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('It reads the email back; the date is right.');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Control+Enter')]);
    await page.waitForSelector('#label-history');
    expect(await history.count()).toBe(2);
    expect(await history.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual([
      'current',
      'superseded',
    ]);
    expect(await history.nth(0).textContent()).toContain('Leaks personal data');
    expect(await history.nth(0).textContent()).toContain('a correction');
    expect(await history.nth(1).textContent()).toContain('Makes up facts');
    expect(
      await page.locator('input[name=mode]:checked').evaluateAll((els) => els.map((e) => e.getAttribute('value'))),
    ).toEqual(['pii_leak']);
    const stored = await labelsOf(traceId);
    expect(stored).toHaveLength(2);
    expect(stored[1]).toMatchObject({
      supersedes: stored[0].id,
      reviewer: 'rita',
      critique: 'It reads the email back; the date is right.',
    });
    expect(
      stored[1].covered.filter((c: { verdict: string }) => c.verdict === 'fail').map((c: { key: string }) => c.key),
    ).toEqual(['pii_leak']);
    await check(page, 'task-corrected-desktop');

    // n steps forward to the task we left.
    await page.keyboard.press('n');
    await page.waitForURL(secondUrl);
    await context.close();
  });

  it('skips a task, returns to it, un-skips it and can label it again', { timeout: 120_000 }, async () => {
    const context = await contextAt(1440, 900);
    const page = await context.newPage();
    await signIn(page, reviewKey);
    await page.goto(`${server.url}/next?cycle=${encodeURIComponent(cycleId)}`);
    await page.waitForSelector('#label-form');
    const taskId = (await page.locator('body').getAttribute('data-task-id'))!;
    const url = page.url();
    await page.keyboard.press('s');
    await page.waitForURL((u) => u.toString() !== url);
    expect(await taskStatus(taskId)).toEqual({ status: 'skipped', locked_by: null });

    await page.goto(url);
    await page.waitForSelector('#unskip');
    expect(await page.locator('#label-form .banner').textContent()).toContain('This task was skipped');
    expect(await page.locator('#submit').isDisabled()).toBe(true);
    for (const w of WIDTHS) {
      await page.setViewportSize({ width: w.width, height: w.height });
      await check(page, `task-skipped-${w.name}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('s')]);
    await page.waitForSelector('#skip');
    expect(await taskStatus(taskId)).toEqual({ status: 'pending', locked_by: 'rita' });
    expect(await page.locator('#submit').isDisabled()).toBe(false);
    expect(await page.locator('#label-form h2').textContent()).toBe('Label this trace');

    await page.keyboard.press('0');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.toString() !== url);
    expect((await taskStatus(taskId)).status).toBe('labeled');

    // The queue with labeled and skipped rows, as the reviewer sees it, at both widths.
    await page.goto(`${server.url}/?cycle=${encodeURIComponent(cycleId)}`);
    await page.waitForSelector('#queue');
    expect(await page.locator('tr.done').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#instructions').count()).toBe(1);
    for (const w of WIDTHS) {
      await page.setViewportSize({ width: w.width, height: w.height });
      await check(page, `queue-reviewed-${w.name}`);
    }
    await context.close();
  });
});
