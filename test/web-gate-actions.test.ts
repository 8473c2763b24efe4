import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from './helpers/browser.js';
import { seedGateReleases } from './helpers/gate-releases.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const available = hasChromium();
if (!available) console.warn('SKIPPED browser tests: /usr/bin/chromium not found — apt-get install -y chromium');

const ARTIFACTS = 'test-results';
const WIDTHS = [
  { name: 'wide', width: 1440, height: 900 },
  { name: 'narrow', width: 390, height: 844 },
] as const;

describe.skipIf(!available)('gate page: why items flipped, waive and re-run, in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let blockedId: string;

  const signIn = async (page: Page, key: string, path: string) => {
    await page.goto(`${server.url}${path}`);
    await page.fill('#key', key);
    await page.press('#key', 'Enter');
    await page.waitForURL((u) => u.pathname === path);
  };
  const seriousViolations = async (page: Page) =>
    (await new AxeBuilder({ page }).analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  const noSideways = async (page: Page) =>
    page.evaluate(`(() => {
      const w = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= w) return true;
      return [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1)
        .slice(0, 8).map((e) => e.tagName + '.' + e.className + '#' + e.id).join(' | ');
    })()`);

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startTestServer();
    const releases = await seedGateReleases(server, 120);
    const started = await fetch(`${server.url}/api/gates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.keys.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ release: releases.citations, baseline: releases.baseline }),
    });
    blockedId = ((await started.json()) as { id: string }).id;
    for (let i = 0; i < 8; i++) {
      const r = await fetch(`${server.url}/api/gates/${encodeURIComponent(blockedId)}?wait=20`, {
        headers: { authorization: `Bearer ${server.keys.admin}` },
      });
      if (((await r.json()) as { state: string }).state === 'decided') break;
    }
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(WIDTHS)(
    'shows each flipped item with both traces’ verdicts side by side ($name)',
    async ({ name, width, height }) => {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      const path = `/gates/${encodeURIComponent(blockedId)}`;
      await signIn(page, server.keys.review, path);
      const flip = page.locator('.flips li.flip.to-fail').first();
      const baseline = flip.locator('[data-side="baseline"]');
      const candidate = flip.locator('[data-side="candidate"]');
      expect(await baseline.locator('a[data-link="baseline"]').getAttribute('href')).toMatch(/^\/traces\/[0-9a-f]{32}/);
      expect(await candidate.locator('a[data-link="candidate"]').getAttribute('href')).toMatch(
        /^\/traces\/[0-9a-f]{32}/,
      );
      const verdict = (side: typeof baseline) =>
        side.locator('[data-evaluator-verdict="citation-grounding v1"] .badge').textContent();
      expect(await verdict(baseline)).toBe('pass');
      expect(await verdict(candidate)).toBe('fail');
      // The candidate's explanation says what the citation check found.
      expect((await candidate.locator('.explanation').first().textContent())?.length).toBeGreaterThan(5);
      const [b, c] = [await baseline.boundingBox(), await candidate.boundingBox()];
      if (width > 800) expect(c!.x).toBeGreaterThan(b!.x + b!.width - 1);
      else expect(c!.y).toBeGreaterThan(b!.y);
      // A review key sees no admin actions.
      expect(await page.locator('#gate-actions').count()).toBe(0);
      expect(await noSideways(page)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}/gate-page-flipped-${name}.png`, fullPage: true });
      await context.close();
    },
    60_000,
  );

  it.each(WIDTHS)(
    'an admin waives the gate with a reason, then re-runs it ($name)',
    async ({ name, width, height }) => {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      const path = `/gates/${encodeURIComponent(blockedId)}`;
      await signIn(page, server.keys.admin, path);
      expect(await noSideways(page)).toBe(true);
      if (name === 'wide') {
        expect(await page.locator('#waive-form').count()).toBe(1);
        expect(await seriousViolations(page)).toEqual([]);
        await page.screenshot({ path: `${ARTIFACTS}/gate-page-actions-${name}.png`, fullPage: true });
        // The browser refuses an empty reason; a blank one is refused by the API, in place.
        await page.fill('#waive-reason', '   ');
        await page.click('#waive-form button');
        await expect.poll(() => page.locator('#waive-form [data-out]').textContent()).toMatch(/reason: say why/);
        await page.fill('#waive-reason', 'search index rebuilt after the run; INC-9');
        await page.click('#waive-form button');
        await page.waitForSelector('#waiver');
        expect(await page.locator('#verdict [data-verdict]').first().textContent()).toBe('waived');
        expect(await page.locator('#waiver').textContent()).toContain('search index rebuilt after the run; INC-9');
        expect(await page.locator('#waive-form').count()).toBe(0);
      } else {
        // Waived already (the wide run): the page says so, and offers only the re-run.
        expect(await page.locator('#waiver').textContent()).toContain('INC-9');
        expect(await page.locator('#waive-form').count()).toBe(0);
        expect(await seriousViolations(page)).toEqual([]);
        await page.screenshot({ path: `${ARTIFACTS}/gate-page-actions-${name}.png`, fullPage: true });
        await page.click('#rerun-form button');
        await page.waitForURL(
          (u) => u.pathname.startsWith('/gates/') && decodeURIComponent(u.pathname) !== `/gates/${blockedId}`,
        );
        expect(await page.locator('#verdict [data-verdict]').first().textContent()).toMatch(/running|blocked/);
        expect(await page.locator('#waiver').count()).toBe(0);
        await page.goto(`${server.url}/gates`);
        expect(await page.locator(`tr[data-gate-id="${blockedId}"] [data-verdict]`).textContent()).toBe('waived');
        expect(await seriousViolations(page)).toEqual([]);
        await page.screenshot({ path: `${ARTIFACTS}/gates-page-waived-${name}.png`, fullPage: true });
      }
      await context.close();
    },
    60_000,
  );
});
