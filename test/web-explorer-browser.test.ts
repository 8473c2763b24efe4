import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentHistoryTrace } from '../bench/agent-history.js';
import { hasChromium, launchChromium } from './helpers/browser.js';
import { EMAILS, type SeededTrace, seedExplorer } from './helpers/explorer-fixture.js';
import { newTraceId, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const available = hasChromium();
if (!available) console.warn('SKIPPED browser tests: /usr/bin/chromium not found — apt-get install -y chromium');

const ARTIFACTS = 'test-results';
const WIDTHS = [
  ['wide', { width: 1440, height: 900 }],
  ['narrow', { width: 390, height: 844 }],
] as const;
const AGENT_EMAIL = 'marta.keller@example.org';

describe.skipIf(!available)('trace explorer, sessions and large traces in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let seeded: SeededTrace[];
  const big = { traceId: newTraceId(), spans: 122 };

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startTestServer();
    ({ seeded } = await seedExplorer(server));
    const trace = agentHistoryTrace({
      traceId: big.traceId,
      spans: big.spans,
      startMs: Date.UTC(2026, 5, 2, 9),
      email: AGENT_EMAIL,
    });
    for (const body of trace.bodies) expect((await postJson(server.url, server.keys.ingest, body)).status).toBe(200);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const open = async (viewport: { width: number; height: number }, path: string) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${server.url}/login?next=${encodeURIComponent(path)}`);
    await page.fill('#key', server.keys.review);
    await page.press('#key', 'Enter');
    await page.waitForURL((u) => u.pathname + u.search === path);
    return page;
  };

  /** Zero serious or critical axe violations, no sideways scrolling, no raw e-mail address on screen. */
  const checkPage = async (page: Page, name: string, width: string) => {
    const { violations } = await new AxeBuilder({ page }).analyze();
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    const text = await page.evaluate<string>('document.body.innerText');
    for (const email of [...EMAILS, AGENT_EMAIL]) expect(text).not.toContain(email);
    await page.screenshot({ path: `${ARTIFACTS}/${name}-${width}.png`, fullPage: true });
  };

  it.each(WIDTHS)('/traces filters and pages (%s)', async (width, viewport) => {
    const page = await open(viewport, '/traces');
    expect(await page.locator('#trace-list > li').count()).toBe(seeded.length + 1);
    await checkPage(page, 'traces', width);

    await page.selectOption('#f-signal', 'resubmission');
    await page.click('#filters button[type=submit]');
    await page.waitForURL(/signal=resubmission/);
    const rows = page.locator('#trace-list > li');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-trace')).toBe(seeded[1]!.traceId);
    // The filter stays in the form.
    expect(await page.inputValue('#f-signal')).toBe('resubmission');

    await page.goto(`${server.url}/traces?release=r1&limit=4`);
    const first = await page
      .locator('#trace-list > li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-trace')));
    await page.click('#next-page');
    await page.waitForURL(/cursor=/);
    const second = await page
      .locator('#trace-list > li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-trace')));
    const r1 = seeded
      .filter((t) => t.release === 'r1')
      .map((t) => t.traceId)
      .reverse();
    expect([...first, ...second]).toEqual(r1);
    expect(await page.locator('#next-page').count()).toBe(0);

    const bad = await page.goto(`${server.url}/traces?signal=bogus`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator('#filter-error').textContent()).toMatch(/^signal:/);
  });

  it.each(WIDTHS)('/sessions/:id shows every turn and links the re-submission (%s)', async (width, viewport) => {
    const page = await open(viewport, `/traces/${seeded[1]!.traceId}`);
    await page.click('#session-link');
    await page.waitForURL(/\/sessions\/s-0$/);
    const turns = page.locator('article[data-trace]');
    expect(await turns.evaluateAll((els) => els.map((e) => e.getAttribute('data-trace')))).toEqual(
      seeded.filter((t) => t.session === 's-0').map((t) => t.traceId),
    );
    const link = page.locator('#turn-2 .resubmission a');
    expect(await link.textContent()).toBe('turn 1');
    expect(await page.locator('#turn-1 .resubmission').count()).toBe(0);
    expect(await page.locator('#turn-2').textContent()).toContain('resubmission');
    await checkPage(page, 'session', width);
    await link.click();
    await page.waitForURL(/#turn-1$/);
  });

  it.each(WIDTHS)(
    'a 122-span agent trace loads span content on demand, history once (%s)',
    async (width, viewport) => {
      const page = await open(viewport, `/traces/${big.traceId}`);
      const rows = page.locator('#spans > details');
      expect(await rows.count()).toBe(big.spans);
      // The tree only: no span carries its messages until it is opened.
      expect(await page.locator('#spans .messages').count()).toBe(0);
      const llm = page.locator('#spans > details:has(.badge.info)');
      const last = llm.last();
      await last.locator('summary').click();
      const repeated = last.locator('.repeated');
      await repeated.waitFor();
      expect(await repeated.textContent()).toMatch(/^119 earlier messages as in span chat gpt-4o, then:/);
      // Only the new messages: the previous call's tool request is repeated, then its result.
      expect(await last.locator('.messages').first().locator('.msg').count()).toBe(2);
      expect(await last.locator('.messages').first().textContent()).toContain('"step":59');
      // The first LLM call has no earlier history: its whole input, the (redacted) question.
      await llm.first().locator('summary').click();
      await llm.first().locator('.messages').first().waitFor();
      const question = await llm.first().locator('.messages').first().textContent();
      expect(question).toContain('Where is my order 4471?');
      expect(question).not.toContain(AGENT_EMAIL);
      await checkPage(page, 'trace-large', width);
    },
    240_000,
  ); // axe over a few thousand elements on a crowded machine
});
