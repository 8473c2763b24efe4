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
    ['sign-out', () => '/logout', 200],
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

  it('the shortcut help dialog of the task page', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/tasks/${ids.pendingTaskId}`);
    await page.keyboard.press('?');
    expect(await page.locator('#help').isVisible()).toBe(true);
    expect((await checkPage(page, 'a11y-task-help')).problems).toEqual([]);
    const box = (await page.locator('#help').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('at 390 px a wide table scrolls inside itself, stays a table to screen readers, and takes focus', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/?cycle=${encodeURIComponent(ids.cycleId)}`);
    // Make the table wider than the phone whatever today's columns are: one long unbreakable id.
    await page.evaluate(`(() => {
      const cell = document.querySelector('#queue tbody td .mono');
      cell.textContent = cell.textContent.repeat(6);
      window.dispatchEvent(new Event('resize'));
    })()`);
    await page.waitForTimeout(200);
    const table = await page.evaluate(`(() => {
      const t = document.querySelector('#queue');
      return { scrolls: t.scrollWidth > t.clientWidth, tabindex: t.getAttribute('tabindex'),
        page: document.scrollingElement.scrollWidth <= innerWidth };
    })()`);
    expect(table).toEqual({ scrolls: true, tabindex: '0', page: true });
    const cdp = await context.newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value: string } }[] };
    const roles = nodes.map((n) => n.role?.value);
    expect(roles).toContain('table');
    expect(roles).toContain('columnheader');
    // Back at a laptop's width it fits again and leaves the tab order.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    expect(await page.locator('#queue').getAttribute('tabindex')).toBeNull();
    await page.close();
  });

  it('the queue shows labeled rows (the once-faded ones) at full contrast', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/?cycle=${encodeURIComponent(ids.cycleId)}`);
    // The axe run above covers these rows only if they are there.
    expect(await page.locator('tr.done').count()).toBeGreaterThan(10);
    expect(await page.evaluate(`getComputedStyle(document.querySelector('tr.done td')).opacity`)).toBe('1');
    await page.close();
  });

  it('on the task page a skip link is the first tab stop and leads into the label form', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/tasks/${ids.pendingTaskId}`);
    const stops = await tabStopsBefore(page, '#label-form');
    expect(stops[0]).toBe('a Skip to the label form');
    // Header: skip link, then the header's own links and buttons in order (the brand repeats the
    // Queue link, so it is out of the tab order); nothing else before them.
    const header = await page.evaluate<string[]>(
      `[...document.querySelectorAll('header.top a:not(.brand):not(.skip), header.top button')].map((e) => e.tagName.toLowerCase() + ' ' + e.textContent.trim())`,
    );
    expect(header).toContain('a Queue');
    expect(stops.slice(0, header.length + 1)).toEqual(['a Skip to the label form', ...header]);
    await page.reload();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to the label form');
    expect(await page.locator('a.skip').boundingBox()).toMatchObject({ y: expect.any(Number) });
    expect((await page.locator('a.skip').boundingBox())!.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      '({ name: document.activeElement.name, value: document.activeElement.value, form: !!document.activeElement.closest("#label-form") })',
    );
    expect(focused).toEqual({ name: 'mode', value: '', form: true });
    await page.close();
  });

  it.each([
    ['1440', 1440, 900],
    ['390', 390, 844],
  ])(
    'labels a trace with the keyboard at %s px: the mode boxes are real, visible, focusable controls',
    {
      timeout: 60_000,
    },
    async (_, width, height) => {
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      const { rows } = await server.runtime.pool.query<{ id: string }>(
        `select id from review_tasks where project_id = 'default' and cycle_id = $1 and status = 'pending'
         and locked_by is null order by priority desc limit 1`,
        [ids.cycleId],
      );
      const taskId = rows[0]!.id;
      await page.goto(`${server.url}/tasks/${taskId}`);
      const shown = await page.evaluate(`Array.from(document.querySelectorAll('#label-form input[name=mode]'), (el) => {
      const style = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return style.display !== 'none' && style.visibility === 'visible' && r.width >= 10 && r.height >= 10;
    })`);
      expect(shown).toEqual([true, true, true]);
      // The label form comes after the trace: stacked below it at 390 px, beside it at 1440 px.
      const trace = (await page.locator('#why').boundingBox())!;
      const form = (await page.locator('#label-form').boundingBox())!;
      if (width < 900) expect(form.y).toBeGreaterThan(trace.y + trace.height);
      else expect(form.x).toBeGreaterThan(trace.x + trace.width);
      await page.keyboard.press('1');
      const focus = await page.evaluate(`(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return { value: el.value, checked: el.checked, ring: getComputedStyle(el.closest('label')).outlineStyle,
        inView: r.top >= 0 && r.bottom <= innerHeight };
    })()`);
      expect(focus).toEqual({ value: 'cut_off', checked: true, ring: 'solid', inView: true });
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.pathname !== `/tasks/${taskId}`);
      const { rows: stored } = await server.runtime.pool.query(
        `select t.status, l.verdict from review_tasks t join labels l on l.task_id = t.id where t.id = $1`,
        [taskId],
      );
      expect(stored).toEqual([{ status: 'labeled', verdict: 'fail' }]);
      await page.close();
    },
  );

  const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  it.each([
    ['a browser asking for a page', 'GET', '/no/such/page', BROWSER, 'text/html'],
    ['a browser, HEAD', 'HEAD', '/no/such/page', BROWSER, 'text/html'],
    ['curl (any type)', 'GET', '/no/such/page', '*/*', 'application/json'],
    ['no Accept header', 'GET', '/no/such/page', null, 'application/json'],
    ['a JSON client', 'GET', '/no/such/page', 'application/json', 'application/json'],
    ['a browser under /api', 'GET', '/api/no-such-thing', BROWSER, 'application/json'],
    ['a browser at /api itself', 'GET', '/api', BROWSER, 'application/json'],
    ['a browser under /v1 (OTLP)', 'GET', '/v1/nothing', BROWSER, 'application/json'],
    ['a browser posting a form', 'POST', '/no/such/page', BROWSER, 'application/json'],
  ])('%s gets a 404 as %s', async (_, method, path, accept, type) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: accept ? { accept } : {},
      body: method === 'POST' ? '' : undefined,
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(new RegExp(`^${type.replace('/', '\\/')}`));
    const body = await response.text();
    if (method === 'HEAD') return;
    if (type === 'text/html') {
      expect(body).toContain('<h1>Page not found</h1>');
      expect(body).toContain('Nothing lives at /no/such/page');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    } else {
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it.each(['/favicon.ico', '/favicon.svg'])('serves %s as SVG, cacheable, without signing in', async (path) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(await response.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('every page links the icon, and the browser loads it', async () => {
    const signedOut = await browser.newContext();
    const page = await signedOut.newPage();
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${server.url}/login`);
    expect(await page.locator('link[rel=icon]').getAttribute('href')).toBe('/favicon.svg');
    expect(await page.evaluate(`fetch('/favicon.svg').then((r) => r.status)`)).toBe(200);
    expect(failed).toEqual([]);
    await signedOut.close();
  });
});
