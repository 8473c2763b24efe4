import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from './helpers/browser.js';
import { freeTasks, seedReviewQueue } from './helpers/review-fixture.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const available = hasChromium();
if (!available) console.warn('SKIPPED browser tests: /usr/bin/chromium not found — apt-get install -y chromium');

describe.skipIf(!available)('sign-in, CSP and CSRF in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let attacker: Server;
  let attackerUrl: string;
  let attackerPage = '';
  let cycleId: string;
  let traceIds: string[];

  beforeAll(async () => {
    server = await startTestServer();
    ({ cycleId, traceIds } = await seedReviewQueue(server, 8));
    // A page on another port of the same host: same site as evalloop, another origin.
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(attackerPage);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await server?.stop();
  });

  /** A fresh browser profile that records every console error and CSP violation report. */
  const newContext = async () => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    const problems: string[] = [];
    context.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${m.location().url}: ${m.text()}`);
    });
    context.on('weberror', (e) => problems.push(`page error: ${e.error().message}`));
    return { context, problems };
  };

  const signIn = async (page: Page, key: string, next?: string) => {
    await page.goto(`${server.url}/login${next === undefined ? '' : `?next=${next}`}`);
    await page.fill('#key', key);
    await Promise.all([page.waitForNavigation(), page.press('#key', 'Enter')]);
  };

  it.each([
    '/%09/evil.example/',
    '//evil.example/',
    '/%5Cevil.example/',
    '/%5C/evil.example/',
    '/.//evil.example/',
    '%2F%2Fevil.example',
    '/%0d%0a/evil.example',
    'javascript:alert(1)',
    'http://evil.example/',
  ])('stays on evalloop after signing in with next=%s', async (next) => {
    const { context } = await newContext();
    await context.route('http://evil.example/**', (route) => route.fulfill({ status: 200, body: 'evil' }));
    const page = await context.newPage();
    await signIn(page, server.keys.review, next);
    expect(new URL(page.url()).origin).toBe(server.url);
    expect(await page.locator('#queue, .empty, main').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('keeps the trace page back link on evalloop', async () => {
    const { context } = await newContext();
    const page = await context.newPage();
    await signIn(page, server.keys.review);
    await page.goto(`${server.url}/traces/${traceIds[0]}?back=/%09/evil.example/`);
    await Promise.all([page.waitForNavigation(), page.click('text=← back')]);
    expect(new URL(page.url()).origin).toBe(server.url);
    await context.close();
  });

  it('runs every page under the CSP without a violation, and the page scripts still work', async () => {
    const { context, problems } = await newContext();
    const page = await context.newPage();
    await signIn(page, server.keys.admin);
    await page.goto(`${server.url}/?cycle=${encodeURIComponent(cycleId)}`);
    await page.waitForSelector('tr[data-row]');
    await page.keyboard.press('j');
    expect(await page.locator('tr[data-row].current').count()).toBe(1);
    await page.keyboard.press('?');
    expect(await page.locator('#help').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    const task = (await freeTasks(server))[0]!;
    for (const path of [
      `/tasks/${task}`,
      `/traces/${traceIds[1]}`,
      '/evaluators',
      '/cycles',
      `/cycles/${encodeURIComponent(cycleId)}`,
      '/gates',
      '/keys',
      '/logout',
      '/no-such-page',
    ]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('load');
    }
    // The task page's script ran: pressing "?" opens its shortcut help.
    await page.goto(`${server.url}/tasks/${task}`);
    await page.keyboard.press('?');
    expect(await page.locator('#help').isVisible()).toBe(true);
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    expect(problems.filter((p) => /page error/.test(p))).toEqual([]);
    await context.close();
  });

  it('refuses a form post from a page on another port of the same host (the review task stays pending)', async () => {
    const { context } = await newContext();
    const page = await context.newPage();
    await signIn(page, server.keys.review);
    const task = (await freeTasks(server))[0]!;
    for (const enctype of ['text/plain', 'application/x-www-form-urlencoded']) {
      attackerPage = `<!doctype html><form method="post" enctype="${enctype}" action="${server.url}/api/queue/${task}/skip">
        <input name='{"x":"' value='"}'><button id="go">win a prize</button></form>`;
      await page.goto(attackerUrl);
      const [response] = await Promise.all([page.waitForNavigation(), page.click('#go')]);
      expect(response?.status()).toBe(403);
      expect(await page.textContent('body')).toContain('cross-origin request refused');
    }
    const { rows } = await server.runtime.pool.query('select status from review_tasks where id = $1', [task]);
    expect(rows[0].status).toBe('pending');
    // The same action from evalloop's own page works.
    await page.goto(`${server.url}/tasks/${task}`);
    await page.waitForSelector('#label-form');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('s')]);
    const after = await server.runtime.pool.query('select status from review_tasks where id = $1', [task]);
    expect(after.rows[0].status).toBe('skipped');
    await context.close();
  });

  it('lets an admin create a key (shown once) and revoke it after confirming; its sessions end', async () => {
    const { context, problems } = await newContext();
    const page = await context.newPage();
    await signIn(page, server.keys.admin);
    await page.goto(`${server.url}/keys`);
    await page.selectOption('select[name=role]', 'review');
    await page.fill('input[name=label]', 'Zoe');
    await Promise.all([page.waitForNavigation(), page.click('#create-key button[type=submit]')]);
    const secret = (await page.textContent('#new-key-secret'))!.trim();
    expect(secret).toMatch(/^evl_/);
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/web-keys-created.png', fullPage: true });
    await page.goto(`${server.url}/keys`);
    expect(await page.content()).not.toContain(secret);
    const row = page.locator('#keys tr', { hasText: 'Zoe' });
    expect(await row.textContent()).toContain('never');

    let zoe: BrowserContext;
    {
      zoe = (await newContext()).context;
      const zoePage = await zoe.newPage();
      await signIn(zoePage, secret);
      expect(new URL(zoePage.url()).pathname).toBe('/');
    }
    await page.reload();
    expect(await row.textContent()).not.toContain('never');

    page.once('dialog', (d) => d.dismiss());
    await row.locator('button', { hasText: 'Revoke' }).click();
    await page.waitForTimeout(200);
    const keyRow = await server.runtime.pool.query(`select revoked_at from api_keys where label = 'Zoe'`);
    expect(keyRow.rows[0].revoked_at).toBeNull();

    page.once('dialog', (d) => {
      expect(d.message()).toContain('Revoke the review key Zoe');
      void d.accept();
    });
    await Promise.all([page.waitForNavigation(), row.locator('button', { hasText: 'Revoke' }).click()]);
    expect(await page.textContent('#revoked')).toContain('Zoe');
    const revoked = await server.runtime.pool.query(`select revoked_at from api_keys where label = 'Zoe'`);
    expect(revoked.rows[0].revoked_at).not.toBeNull();

    const zoePage = await zoe.newPage();
    await zoePage.goto(`${server.url}/`);
    expect(new URL(zoePage.url()).pathname).toBe('/login');
    await zoe.close();
    expect(problems.filter((p) => !p.includes('/favicon.ico'))).toEqual([]);
    await context.close();
  });

  it('signs out with the header button, and the session is gone on the server', async () => {
    const { context } = await newContext();
    const page = await context.newPage();
    await signIn(page, server.keys.review);
    const cookie = (await context.cookies()).find((c) => c.name === 'evalloop_session')!;
    await Promise.all([page.waitForNavigation(), page.click('#sign-out button')]);
    expect(new URL(page.url()).pathname).toBe('/login');
    const replay = await fetch(`${server.url}/api/queue?limit=1`, {
      headers: { cookie: `evalloop_session=${cookie.value}` },
    });
    expect(replay.status).toBe(401);
    await context.close();
  });
});
