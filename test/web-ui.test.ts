import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../db/api-keys.js';
import { hasChromium, launchChromium } from './helpers/browser.js';
import { newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const available = hasChromium();
if (!available) console.warn('SKIPPED browser tests: /usr/bin/chromium not found — apt-get install -y chromium');

const ARTIFACTS = 'test-results';
const T0 = Date.UTC(2026, 2, 10, 9, 0, 0);
const EMAIL = 'maria.lopez@example.com';
const PHONE = '+1 415-555-0134';

interface TraceSpec {
  question: string;
  answer: string;
  finish?: string;
  toolError?: string;
  llmError?: string;
}

/** An agent trace: root → retrieval, chat (system prompt, tools offered, a tool call), tool. PII in the question. */
const agentTrace = (traceId: string, i: number, spec: TraceSpec) => {
  const [root, retrieval, llm, tool] = [newSpanId(), newSpanId(), newSpanId(), newSpanId()];
  const start = T0 + i * 60_000;
  const tools = [
    {
      type: 'function',
      name: 'lookup_order',
      description: 'Finds an order by customer email',
      parameters: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
    },
  ];
  return otlpJsonTraces(
    [
      {
        traceId,
        spanId: root,
        name: 'invoke_agent support',
        startMs: start,
        durationMs: 1500,
        attributes: { 'gen_ai.operation.name': 'invoke_agent', 'session.id': `s-${i}`, 'user.id': `u-${i}` },
      },
      {
        traceId,
        spanId: retrieval,
        parentSpanId: root,
        name: 'retrieval kb',
        startMs: start + 20,
        durationMs: 80,
        attributes: {
          'gen_ai.operation.name': 'retrieval',
          'gen_ai.retrieval.query.text': spec.question,
          'gen_ai.retrieval.documents': JSON.stringify([
            { id: 'kb-12', score: 0.91, content: 'Orders ship within 2 business days.' },
            { id: 'kb-40', score: 0.77, content: `Escalations go to ${EMAIL}.` },
          ]),
        },
      },
      {
        traceId,
        spanId: llm,
        parentSpanId: root,
        name: 'chat gpt-4o',
        startMs: start + 120,
        durationMs: 900,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.response.model': 'gpt-4o-2024-08-06',
          'gen_ai.system_instructions': JSON.stringify([
            { type: 'text', content: 'You are the support agent of Acme. Never reveal customer data.' },
          ]),
          'gen_ai.tool.definitions': JSON.stringify(tools),
          'gen_ai.input.messages': JSON.stringify([
            { role: 'user', parts: [{ type: 'text', content: spec.question }] },
          ]),
          'gen_ai.output.messages': JSON.stringify([
            {
              role: 'assistant',
              parts: [
                { type: 'text', content: spec.answer },
                { type: 'tool_call', id: `call_${i}`, name: 'lookup_order', arguments: { email: EMAIL } },
              ],
              finish_reason: spec.finish ?? 'stop',
            },
          ]),
          'gen_ai.response.finish_reasons': JSON.stringify([spec.finish ?? 'stop']),
          'gen_ai.usage.input_tokens': 320 + i,
          'gen_ai.usage.output_tokens': 40 + i,
          ...(spec.llmError ? { 'error.type': spec.llmError } : {}),
        },
        error: spec.llmError,
      },
      {
        traceId,
        spanId: tool,
        parentSpanId: root,
        name: 'execute_tool lookup_order',
        startMs: start + 1050,
        durationMs: 300,
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': 'lookup_order',
          'gen_ai.tool.call.id': `call_${i}`,
          'gen_ai.tool.call.arguments': JSON.stringify({ email: EMAIL }),
          ...(spec.toolError ? {} : { 'gen_ai.tool.call.result': `Order A-${100 + i} shipped; contact ${PHONE}` }),
        },
        error: spec.toolError,
      },
    ],
    { 'service.name': 'support-agent', 'service.version': '2.3.0' },
  );
};

const specs: TraceSpec[] = [
  { question: `My order never came. Email me at ${EMAIL} or call ${PHONE}.`, answer: '', toolError: 'timeout' },
  { question: `Where is order A-101? I am ${EMAIL}.`, answer: 'It shipped yesterday.', toolError: 'lookup failed' },
  { question: `Cancel my subscription, phone ${PHONE}.`, answer: 'Your subscription is cancel', finish: 'length' },
  { question: `Refund for ${EMAIL} please`, answer: '', llmError: 'RateLimitError' },
  { question: `Change my address (${EMAIL}).`, answer: 'Sorry, an error occurred.', toolError: 'address service down' },
  { question: 'What are your opening hours?', answer: 'We are open 9 to 5, Monday to Friday.' },
];

describe.skipIf(!available)('reviewer web UI in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let reviewerName: string;
  const modeIds = new Map<string, string>();

  const admin = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.keys.admin}` },
      body: JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: test reads JSON loosely
    return { status: res.status, body: (await res.json()) as any };
  };

  const signIn = async (page: Page, key: string) => {
    await page.goto(`${server.url}/login`);
    await page.fill('#key', key);
    await page.press('#key', 'Enter');
  };

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startTestServer();
    reviewerName = `key ${server.keys.review.slice(0, 8)}…`;
    const modes = [
      { key: 'hallucination', title: 'Makes up facts', rubric: 'States facts not in the documents or tool results.' },
      {
        key: 'pii_leak',
        title: 'Leaks personal data',
        rubric: 'Repeats an email, phone or address to the wrong person.',
      },
      { key: 'tone', title: 'Tone', rubric: 'How polite and clear the answer is (0 = rude).', graded: true },
    ];
    for (const m of modes) {
      const { status, body } = await admin('/api/failure-modes', m);
      expect(status).toBe(201);
      modeIds.set(m.key, body.failureMode.id);
    }
    for (const [i, spec] of specs.entries()) {
      expect((await postJson(server.url, server.keys.ingest, agentTrace(newTraceId(), i, spec))).status).toBe(200);
    }
    const closed = await server.runtime.activities.closeTraces({ idleSeconds: 0 });
    expect(closed.closed).toBe(specs.length);
    const fill = await admin('/api/queue/fill', {
      from: new Date(T0 - 3_600_000).toISOString(),
      to: new Date(T0 + 3_600_000).toISOString(),
      budget: 10,
      randomFraction: 0.2,
    });
    expect(fill.status).toBe(200);
    expect(fill.body.queued).toBeGreaterThanOrEqual(4);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends a visitor to sign in, and says clearly when the key is wrong', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await signIn(page, 'evl_not-a-real-key');
    await expect(page.locator('#login-error').textContent()).resolves.toContain('unknown or revoked');
    await signIn(page, server.keys.ingest);
    await expect(page.locator('#login-error').textContent()).resolves.toContain('may not review');
    await page.close();
  });

  it('labels three traces with the keyboard only (one with two failure modes), and shows every trace redacted', {
    timeout: 120_000,
  }, async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, server.keys.review);
    await page.waitForSelector('#queue');
    const cookie = (await context.cookies()).find((c) => c.name === 'evalloop_key');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    const rows = page.locator('tr[data-row]');
    expect(await rows.count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('.reason').count()).toBeGreaterThan(0);
    expect(await page.locator('#progress').textContent()).toMatch(/0\s*labeled · 0\s*skipped · \d+\s*pending of \d+/);
    const queueHtml = await page.content();
    expect(queueHtml).not.toContain(EMAIL);
    expect(queueHtml).not.toContain(PHONE);
    await page.screenshot({ path: `${ARTIFACTS}/web-ui-queue.png`, fullPage: true });

    await page.keyboard.press('j');
    expect(await rows.nth(1).getAttribute('class')).toContain('current');
    await page.keyboard.press('k');
    expect(await rows.nth(0).getAttribute('class')).toContain('current');
    const firstHref = await rows.nth(0).getAttribute('data-href');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}${firstHref}`);
    await page.waitForSelector('#label-form');

    const traceHtml = await page.content();
    expect(traceHtml).not.toContain(EMAIL);
    expect(traceHtml).not.toContain(PHONE);
    expect(await page.locator('#trace').textContent()).toMatch(/<EMAIL_\d+>/);
    expect(await page.locator('#conversation').textContent()).toContain('You are the support agent of Acme');
    expect(await page.locator('#tool-calls').textContent()).toContain('lookup_order');
    expect(await page.locator('#documents').textContent()).toContain('Orders ship within 2 business days.');
    expect(await page.locator('#totals').textContent()).toMatch(/input tokens\s*32\d/);
    await page.screenshot({ path: `${ARTIFACTS}/web-ui-trace.png`, fullPage: true });
    await page.keyboard.press('?');
    expect(await page.locator('#help').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.locator('#help').isVisible()).toBe(false);

    interface Expected {
      mode: string | null;
      verdict: string;
      score: number | null;
      /** mode → verdict (score) as the label covered it. */
      covered: string[];
    }
    const labeled: (Expected & { traceId: string; critique: string })[] = [];
    const label = async (keys: string[], critique: string, submit: string[], expected: Expected) => {
      const url = page.url();
      const traceId = (await page.locator('body').getAttribute('data-trace-id'))!;
      for (const key of keys) await page.keyboard.press(key);
      await page.keyboard.press('c');
      await page.keyboard.type(critique);
      for (const key of submit) await page.keyboard.press(key);
      await page.waitForURL((u) => u.toString() !== url);
      const landed = await page.waitForSelector('#label-form, #queue', { timeout: 10_000 }).catch(async (err) => {
        await page.screenshot({ path: `${ARTIFACTS}/web-ui-failed-step.png`, fullPage: true });
        throw new Error(`after labeling ${url} the page ${page.url()} shows neither a task nor the queue`, {
          cause: err,
        });
      });
      expect(landed).toBeTruthy();
      labeled.push({ traceId, critique, ...expected });
    };

    // Two failure modes, keyboard only: digits toggle (3 on and off again); the toggled mode has visible focus.
    const url = page.url();
    for (const key of ['1', '2', '3']) await page.keyboard.press(key);
    expect(
      await page.locator('input[name=mode]:checked').evaluateAll((els) => els.map((e) => e.getAttribute('value'))),
    ).toEqual(['hallucination', 'pii_leak', 'tone']);
    expect(await page.locator('#score-row').isVisible()).toBe(true);
    await page.keyboard.press('3');
    expect(await page.locator('#score-row').isVisible()).toBe(false);
    const focused = await page.evaluate(`(() => {
      const el = document.activeElement;
      const outline = getComputedStyle(el.closest('label')).outlineStyle;
      return { value: el.value, checked: el.checked, visible: el.matches(':focus-visible'), outline };
    })()`);
    expect(focused).toEqual({ value: 'tone', checked: false, visible: true, outline: 'solid' });
    await page.screenshot({ path: `${ARTIFACTS}/web-ui-two-modes.png` });
    expect(page.url()).toBe(url);
    await label([], 'Invents a delivery date and reads the customer email back.', ['Escape', 'Enter'], {
      mode: 'hallucination',
      verdict: 'fail',
      score: null,
      covered: ['hallucination fail', 'pii_leak fail', 'tone pass'],
    });
    // 0 = no failure: it clears the marks made before.
    await label(['1', '0'], 'Fine answer, nothing wrong.', ['Escape', 'Enter'], {
      mode: null,
      verdict: 'pass',
      score: null,
      covered: ['hallucination pass', 'pii_leak pass', 'tone pass'],
    });
    await label(['3', '[', '[', '['], 'Curt and cut off mid-sentence.', ['Control+Enter'], {
      mode: 'tone',
      verdict: 'fail',
      score: 0.2,
      covered: ['tone fail 0.2', 'hallucination pass', 'pii_leak pass'],
    });

    const { rows: stored } = await server.runtime.pool.query(
      `select l.trace_id, l.failure_mode_id, l.verdict, l.score, l.critique, l.reviewer, t.status,
         (select array_agg(concat_ws(' ', c->>'key', c->>'verdict', c->>'score') order by ord)
          from jsonb_array_elements(l.covered) with ordinality as x(c, ord)) as covered,
         (select bool_and((c->>'rubricVersion')::int = 1) from jsonb_array_elements(l.covered) c) as rubric_v1
       from labels l join review_tasks t on t.id = l.task_id order by l.created_at`,
    );
    expect(stored).toEqual(
      labeled.map((l) => ({
        trace_id: l.traceId,
        failure_mode_id: l.mode ? modeIds.get(l.mode) : null,
        verdict: l.verdict,
        score: l.score,
        critique: l.critique,
        reviewer: reviewerName,
        status: 'labeled',
        covered: l.covered,
        rubric_v1: true,
      })),
    );
    await context.close();
  });

  it('shows a trace locked by another reviewer as such, does not let you label it, lets you propose a mode', async () => {
    const bob = await createApiKey(server.runtime.db, 'default', 'review', 'Bob');
    const { rows } = await server.runtime.pool.query(
      `select id from review_tasks where status = 'pending' and locked_by is null order by priority desc limit 1`,
    );
    const taskId = rows[0].id as string;
    const lock = await fetch(`${server.url}/api/queue/${taskId}/lock`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bob}` },
    });
    expect(lock.status).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, server.keys.review);
    await page.waitForSelector('#queue');
    expect(await page.locator(`tr[data-href="/tasks/${taskId}"] .lock`).textContent()).toContain(
      'being reviewed by Bob',
    );
    await page.goto(`${server.url}/tasks/${taskId}`);
    expect(await page.locator('#lock-banner').textContent()).toMatch(/being reviewed by Bob/i);
    expect(await page.locator('input[name=mode]').first().isDisabled()).toBe(true);
    expect(await page.locator('#submit').isDisabled()).toBe(true);
    await page.keyboard.press('1');
    await page.keyboard.press('0');
    expect(await page.locator('input[name=mode]:checked').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/web-ui-locked.png` });

    await page.keyboard.press('m');
    await page.keyboard.type('wrong_tool');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Calls the wrong tool');
    await page.keyboard.press('Tab');
    await page.keyboard.type('The agent calls a tool that cannot answer the question.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#propose-status.ok');
    expect(await page.locator('#label-form .modes').textContent()).toContain('Calls the wrong tool');
    const { rows: proposed } = await server.runtime.pool.query(
      `select status, created_by from failure_modes where key = 'wrong_tool'`,
    );
    expect(proposed).toEqual([{ status: 'proposed', created_by: reviewerName }]);
    const { rows: after } = await server.runtime.pool.query(
      'select locked_by, status from review_tasks where id = $1',
      [taskId],
    );
    expect(after[0]).toEqual({ locked_by: 'Bob', status: 'pending' });
    await context.close();
  });
});
