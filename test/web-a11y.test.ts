import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, tabStopsBefore } from './helpers/a11y.js';
import { hasChromium, launchChromium } from './helpers/browser.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedUiPages, type UiPages } from './helpers/ui-fixture.js';

const available = hasChromium();
if (!available) console.warn('SKIPPED browser tests: /usr/bin/chromium not found — apt-get install -y chromium');

describe.skipIf(!available)('every page of the web UI is accessible at 1440 and 390 px', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let ids: UiPages;

  const signIn = async (page: Page, key: string) => {
    await page.goto(`${server.url}/login`);
    await page.fill('#key', key);
    await page.press('#key', 'Enter');
    await page.waitForURL((u) => u.pathname === '/');
  };

  beforeAll(async () => {
    server = await startTestServer();
    ids = await seedUiPages(server);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await signIn(await context.newPage(), server.keys.admin);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the sign-in page', async () => {
    const signedOut = await browser.newContext();
    const page = await signedOut.newPage();
    await page.goto(`${server.url}/login`);
    expect((await checkPage(page, 'a11y-sign-in')).problems).toEqual([]);
    await signedOut.close();
  });

  // Every route a signed-in reviewer reaches (web/app.tsx, web/insight-routes.tsx, web/gate-routes.tsx, web/key-routes.tsx).
  const pages: [string, () => string, number][] = [
    ['queue', () => '/', 200],
    ['task-pending', () => `/tasks/${ids.pendingTaskId}`, 200],
    ['task-labeled', () => `/tasks/${ids.labeledTaskId}`, 200],
    ['evaluators', () => '/evaluators', 200],
    ['evaluator', () => `/evaluators/${ids.evaluatorVersionId}`, 200],
    ['generation-run', () => `/evaluators/generations/${ids.generationRunId}`, 200],
    ['cycles', () => '/cycles', 200],
    ['cycle', () => `/cycles/${encodeURIComponent(ids.cycleId)}`, 200],
    ['gates', () => '/gates', 200],
    ['gate', () => `/gates/${ids.gateId}`, 200],
    ['trace', () => `/traces/${ids.traceId}`, 200],
    ['keys', () => '/keys', 200],
    ['no-such-task', () => '/tasks/00000000-0000-4000-8000-000000000000', 404],
    ['not-found', () => '/no/such/page', 404],
  ];

  it.each(pages)('the %s page', { timeout: 60_000 }, async (name, path, status) => {
    const page = await context.newPage();
    const response = await page.goto(`${server.url}${path()}`);
    expect(response?.status()).toBe(status);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    expect((await checkPage(page, `a11y-${name}`)).problems).toEqual([]);
    await page.close();
  });
});
