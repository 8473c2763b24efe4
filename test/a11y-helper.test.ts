import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { styles } from '../web/styles.js';
import { checkPage } from './helpers/a11y.js';
import { hasChromium, launchChromium } from './helpers/browser.js';

const available = hasChromium();
if (!available) console.warn('SKIPPED browser tests: /usr/bin/chromium not found — apt-get install -y chromium');

/** A page with the UI's stylesheet and `body` as its main content. */
const html = (body: string, css = styles) =>
  `<!DOCTYPE html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<title>fixture</title><style>${css}</style></head><body><main><h1>Fixture</h1>${body}</main></body></html>`;

const VERDICTS = `<form><fieldset><legend>Verdict</legend><div class="verdicts">
  <label><input type="radio" name="verdict" value="fail"> Fail</label>
  <label><input type="radio" name="verdict" value="pass"> Pass</label></div></fieldset></form>`;

describe.skipIf(!available)('checkPage finds what it promises to find', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(() => browser?.close());

  it.each([
    ['text below 4.5:1', '<p style="color:#98a2b3">faded text</p>', /serious color-contrast/],
    ['a control without a label', '<textarea name="config"></textarea>', /critical label/],
    [
      'a block wider than a phone',
      '<div style="width:600px">wide</div>',
      /@390\] scrolls sideways: page 610 px .*div \(right 610\)/,
    ],
    [
      'a radio hidden behind its label',
      '<label><input type="radio" name="v" value="fail" style="display:none"> Fail</label>',
      /hidden control: <input type=radio name=v value=fail> \(label "Fail"\)/,
    ],
  ])('reports %s', async (name, body, problem) => {
    await page.setContent(html(body));
    const report = await checkPage(page, `a11y-helper-${name.replaceAll(' ', '-')}`);
    expect(report.problems.join('\n')).toMatch(problem);
  });

  it('passes the Fail / Pass radios as the stylesheet shows them (real, focusable, with a focus ring)', async () => {
    await page.setContent(html(VERDICTS));
    expect((await checkPage(page, 'a11y-helper-verdicts')).problems).toEqual([]);
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(
      `({ value: document.activeElement.value, ring: getComputedStyle(document.activeElement.closest('label')).outlineStyle })`,
    );
    expect(focus).toEqual({ value: 'fail', ring: 'solid' });
  });

  it('fails the radios under the old rule that hid them', async () => {
    await page.setContent(html(VERDICTS, `${styles}\n.verdicts input { display:none; }`));
    expect((await checkPage(page, 'a11y-helper-verdicts-hidden')).problems).toHaveLength(4);
  });
});
