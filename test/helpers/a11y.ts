import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Where browser tests put their screenshots. */
export const ARTIFACTS = 'test-results';

/** The widths every page is checked at: a laptop and a phone (iPhone 12–15). */
export const VIEWPORTS = [
  { label: '1440', width: 1440, height: 900 },
  { label: '390', width: 390, height: 844 },
] as const;

/** What one width showed: axe's serious / critical violations and how wide the page scrolls. */
export interface WidthReport {
  width: number;
  violations: string[];
  scrollWidth: number;
  innerWidth: number;
  /** When the page scrolls sideways: the innermost elements that stick out of the window. */
  overflowing: string[];
}

export interface PageReport {
  name: string;
  widths: WidthReport[];
  /** Readable problems of every width (empty = the page passes); assert `toEqual([])`. */
  problems: string[];
}

/**
 * The page's width against the window's and, when wider, the innermost elements whose right edge
 * passes the window (skipping what sits inside a container that scrolls or clips it).
 */
const MEASURE_SCROLL = `(() => {
  const innerWidth = window.innerWidth;
  const scrollWidth = document.scrollingElement.scrollWidth;
  const overflowing = [];
  if (scrollWidth > innerWidth) {
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const out = (el) => el.getBoundingClientRect().right > innerWidth + 0.5;
    for (const el of document.body.querySelectorAll('*')) {
      if (!out(el) || clipped(el) || Array.from(el.children).some(out)) continue;
      const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      overflowing.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' (right ' + Math.round(el.getBoundingClientRect().right) + ')');
      if (overflowing.length >= 6) break;
    }
  }
  return { scrollWidth, innerWidth, overflowing };
})()`;

/**
 * Radios and checkboxes hidden (display:none, visibility:hidden) behind a label that is shown: the
 * styled-label pattern that takes the control away from Tab and screen readers (axe does not see it).
 */
const HIDDEN_CONTROLS = `Array.from(document.querySelectorAll('input[type=radio], input[type=checkbox]'))
  .filter((el) => {
    const style = getComputedStyle(el);
    const hidden = style.display === 'none' || style.visibility === 'hidden';
    return hidden && Array.from(el.labels || []).some((l) => l.getClientRects().length > 0);
  })
  .map((el) => '<input type=' + el.type + ' name=' + el.name + ' value=' + el.value + '> (label "' + el.labels[0].textContent.trim().slice(0, 40) + '")')`;

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

/** One line per serious / critical violation: rule, impact, help, and the first offending nodes. */
export const summarizeViolations = (results: AxeResults, prefix = ''): string[] =>
  results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 4)
        .map((n) => {
          const why = (n.failureSummary ?? '').split('\n').slice(1, 2).join('').trim();
          return `${n.target.join(' ')}${why ? ` (${why})` : ''}`;
        })
        .join('; ');
      const more = v.nodes.length > 4 ? ` and ${v.nodes.length - 4} more` : '';
      return `${prefix}${v.impact} ${v.id}: ${v.help} — ${nodes}${more}`;
    });

/**
 * Checks the page that is open at both widths (1440×900, then 390×844): zero serious or critical
 * axe-core violations, no radio or checkbox hidden behind its label, and no sideways page scroll (the scrolling element is no wider than the
 * window). Saves `test-results/<name>-1440.png` and `<name>-390.png` (full page). Leaves the page at
 * 390 px. Returns readable problems instead of throwing, so a test can assert them all at once.
 * The page must come from `browser.newContext()` (axe-core's Playwright driver refuses `browser.newPage()`).
 */
export const checkPage = async (page: Page, name: string): Promise<PageReport> => {
  await mkdir(ARTIFACTS, { recursive: true });
  const widths: WidthReport[] = [];
  for (const v of VIEWPORTS) {
    await page.setViewportSize({ width: v.width, height: v.height });
    // Let layout settle after the resize (sticky asides, wrapped rows).
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const results = await new AxeBuilder({ page }).analyze();
    const scroll = (await page.evaluate(MEASURE_SCROLL)) as Omit<WidthReport, 'width' | 'violations'>;
    const hidden = (await page.evaluate(HIDDEN_CONTROLS)) as string[];
    const violations = [
      ...summarizeViolations(results, `[${name} @${v.label}] `),
      ...hidden.map(
        (h) => `[${name} @${v.label}] hidden control: ${h} is shown only through its label (no Tab, no screen reader)`,
      ),
    ];
    widths.push({ width: v.width, violations, ...scroll });
    await page.screenshot({ path: `${ARTIFACTS}/${name}-${v.label}.png`, fullPage: true });
  }
  const problems = widths.flatMap((w) => [
    ...w.violations,
    ...(w.scrollWidth > w.innerWidth
      ? [
          `[${name} @${w.width}] scrolls sideways: page ${w.scrollWidth} px wide in a ${w.innerWidth} px window` +
            ` — sticking out: ${w.overflowing.join('; ')}`,
        ]
      : []),
  ]);
  return { name, widths, problems };
};

/**
 * The elements that take keyboard focus before `selector` (their tag and text), pressing Tab on a
 * freshly loaded page (nothing focused yet) until the focus lands inside `selector` (at most `limit`).
 */
export const tabStopsBefore = async (page: Page, selector: string, limit = 80): Promise<string[]> => {
  const stops: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const at = (await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      if (el.closest(${JSON.stringify(selector)})) return { inside: true, what: '' };
      return { inside: false, what: el.tagName.toLowerCase() + ' ' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40) };
    })()`)) as { inside: boolean; what: string } | null;
    if (!at) continue;
    if (at.inside) return stops;
    stops.push(at.what);
  }
  throw new Error(`focus never reached ${selector} after ${limit} Tab presses; stops: ${stops.join(' | ')}`);
};
