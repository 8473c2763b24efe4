import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulatedAgent } from '../cli/demo/agent.js';
import { failureModes } from '../cli/demo/failure-modes.js';
import { demoReleases } from '../cli/demo/releases.js';
import { createApiKey } from '../db/api-keys.js';
import { publishEvaluatorVersion } from '../db/evaluators.js';
import { type LlmStub, startLlmStub } from './helpers/llm-stub.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// biome-ignore lint/suspicious/noExplicitAny: API bodies read loosely
type Json = any;

const TRACES = 150;
const SLOW_JUDGE_MS = 4_000;
const { baseline: BASELINE, harmless: HARMLESS, citations: CITATIONS } = demoReleases;
const EARLIER_STEP = '# Tests\n\nearlier step output\n';
const EMAIL = 'dana.kim@example.com';
const PHONE = '+1 415-555-0134';
const PII_QUESTIONS = Array.from({ length: 12 }, (_, i) => `question ${i + 1}: reach me at ${EMAIL} or ${PHONE}`);

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `evalloop gate …` as CI runs it: a child process, its own environment, exit code and output. */
const runCli = (args: string[], env: Record<string, string> = {}) =>
  new Promise<CliRun>((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/evalloop.ts', 'gate', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, EVALLOOP_URL: '', EVALLOOP_KEY: '', GITHUB_STEP_SUMMARY: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
  });

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const decode = (s: string) =>
  s.replace(ENTITY, (e) => {
    const named: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(e[2] === 'x' ? Number.parseInt(e.slice(3, -1), 16) : Number(e.slice(2, -1)));
  });

/**
 * A strict little XML reader for the JUnit file: a declaration, one root, balanced and properly
 * nested tags, quoted unique attributes, no stray `<` or `&`. Throws on anything not well-formed.
 */
const parseXml = (xml: string): XmlNode => {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (body === xml) throw new Error('no XML declaration');
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  const checkText = (t: string) => {
    if (t.replace(ENTITY, '').includes('&')) throw new Error(`stray & in ${JSON.stringify(t.slice(0, 80))}`);
    if (t.includes('>') && /]]>/.test(t)) throw new Error(']]> in text');
  };
  for (const token of body.match(/<[^>]*>|[^<]+/g) ?? []) {
    const top = stack.at(-1)!;
    if (!token.startsWith('<')) {
      if (token.includes('<')) throw new Error('stray <');
      checkText(token);
      if (stack.length === 1 && token.trim() !== '') throw new Error('text outside the root element');
      top.text += decode(token);
      continue;
    }
    const close = /^<\/([A-Za-z_][\w.-]*)\s*>$/.exec(token);
    if (close) {
      if (top.name !== close[1]) throw new Error(`</${close[1]}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const open = /^<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>$/.exec(token);
    if (!open) throw new Error(`malformed tag ${token.slice(0, 80)}`);
    const attrs: Record<string, string> = {};
    for (const [, k, v] of open[2]!.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (k! in attrs) throw new Error(`duplicate attribute ${k}`);
      checkText(v!);
      attrs[k!] = decode(v!);
    }
    if (stack.length === 1 && root.children.length > 0) throw new Error('more than one root element');
    const node: XmlNode = { name: open[1]!, attrs, children: [], text: '' };
    top.children.push(node);
    if (!open[3]) stack.push(node);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  if (root.children.length !== 1) throw new Error('no root element');
  return root.children[0]!;
};

describe('evalloop gate (the CLI, as a child process)', () => {
  let stub: LlmStub;
  let server: TestServer;
  let ciKey: string;
  let slowKey: string;
  let piiCiKey: string;
  let piiAdminKey: string;
  let dir: string;
  const runs = {} as Record<
    'pass' | 'blocked' | 'badKey' | 'timeout' | 'usage' | 'inconclusive' | 'allowed' | 'pii',
    Promise<CliRun>
  >;

  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const send = (release: string, seed: number, ingestKey: string, traces = TRACES) =>
    runSimulatedAgent({
      url: server.url,
      ingestKey,
      traces,
      seed,
      release,
      startTime: new Date(Date.now() - 3_600_000),
      endTime: new Date(Date.now() - 60_000),
      feedback: false,
    });
  const file = (name: string) => join(dir, name);
  /** One crafted trace per question for a release, every answer `answer`. */
  const sendQuestions = async (release: string, questions: readonly string[], answer: string, ingestKey: string) => {
    const t0 = Date.now() - 3_600_000;
    const spans = questions.flatMap((q, i) => {
      const traceId = newTraceId();
      const root = newSpanId();
      return [
        { traceId, spanId: root, name: 'invoke_agent support', startMs: t0 + i * 1000, durationMs: 900 },
        {
          traceId,
          spanId: newSpanId(),
          parentSpanId: root,
          name: 'chat gpt-4o',
          startMs: t0 + i * 1000 + 50,
          durationMs: 800,
          attributes: chatAttributes(q, answer),
        },
      ];
    });
    const body = otlpJsonTraces(spans, { 'service.name': 'support-bot', 'service.version': release });
    expect((await postJson(server.url, ingestKey, body)).status).toBe(200);
  };
  const gateIdOf = async (key: string, release: string) =>
    (await call(key, 'GET', `/api/gates?release=${encodeURIComponent(release)}`)).body.gates[0].id as string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalloop-gate-cli-'));
    stub = await startLlmStub(() => ({
      kind: 'text',
      content: JSON.stringify({ justification: 'No failure found.', score: 1 }),
      delayMs: SLOW_JUDGE_MS,
    }));
    server = await startTestServer({ env: { LLM_BASE_URL: stub.baseURL, LLM_API_KEY: 'test', LLM_MODEL: 'slow' } });
    ciKey = await createApiKey(server.runtime.db, 'default', 'ci', 'gate CLI test');
    const slow = await server.createProject('slow');
    slowKey = slow.admin;
    const mode = failureModes.find((m) => m.key === 'invented_citation')!;
    for (const [project, key] of [
      ['default', server.keys.admin],
      ['slow', slow.admin],
    ] as const) {
      const created = await call(key, 'POST', '/api/failure-modes', {
        key: mode.key,
        title: mode.title,
        rubric: mode.rubric,
      });
      expect(created.status).toBe(201);
      await publishEvaluatorVersion(server.runtime.pool, {
        projectId: project,
        failureModeKey: mode.key,
        ...(project === 'default'
          ? { name: 'citation-grounding', config: { kind: 'citation', checkQuotes: true }, threshold: 0.9 }
          : {
              name: 'citation-judge',
              config: { kind: 'judge', rubric: mode.rubric, model: 'slow', provider: 'openai', fewShot: [] },
              threshold: 0.5,
            }),
        calibrationDatasetVersionId: null,
        metrics: { mcc: 0.84, mccCI: { lower: 0.72, upper: 0.93 }, tpr: 0.83, tnr: 0.99, nFail: 42, nPass: 118 },
        status: 'gate',
        statusReason: 'gate band',
        parentVersionId: null,
        createdBy: 'gate CLI test',
        report: null,
      });
    }
    const pii = await server.createProject('pii');
    piiAdminKey = pii.admin;
    piiCiKey = await createApiKey(server.runtime.db, 'pii', 'ci', 'gate CLI test (pii)');
    expect(
      (
        await call(pii.admin, 'POST', '/api/failure-modes', {
          key: 'apology',
          title: 'Needless apology',
          rubric: 'Fail when the answer opens with an apology.',
        })
      ).status,
    ).toBe(201);
    await publishEvaluatorVersion(server.runtime.pool, {
      projectId: 'pii',
      failureModeKey: 'apology',
      name: 'no-apology',
      config: { kind: 'banned_phrases', phrases: ['Sorry'], field: 'output' },
      threshold: 0.5,
      calibrationDatasetVersionId: null,
      metrics: { mcc: 0.8, mccCI: { lower: 0.62, upper: 0.91 }, tpr: 0.9, tnr: 0.92, nFail: 30, nPass: 60 },
      status: 'gate',
      statusReason: 'gate band',
      parentVersionId: null,
      createdBy: 'gate CLI test',
      report: null,
    });
    await Promise.all([
      sendQuestions('p-1', PII_QUESTIONS, 'The team plan fits.', pii.ingest),
      sendQuestions('p-2', PII_QUESTIONS, 'Sorry, the team plan fits.', pii.ingest),
      send(BASELINE, 11, server.keys.ingest),
      send(HARMLESS, 23, server.keys.ingest),
      send(CITATIONS, 23, server.keys.ingest),
      send('slow-1', 5, slow.ingest, 8),
    ]);
    const first = await call(ciKey, 'POST', '/api/gates', { release: BASELINE });
    expect(first.status).toBe(202);
    const decided = await call(ciKey, 'GET', `/api/gates/${encodeURIComponent(first.body.id)}?wait=30`);
    expect(decided.body.gate.status).toBe('inconclusive');
    for (const name of ['summary-pass.md', 'summary-blocked.md', 'summary-inconclusive.md']) {
      await writeFile(file(name), EARLIER_STEP);
    }

    // Every CLI run at once (each is a process that takes a while to start).
    runs.pass = runCli(['--release', HARMLESS, '--baseline', BASELINE, '--wait', '--junit', file('pass.xml')], {
      EVALLOOP_URL: server.url,
      EVALLOOP_KEY: ciKey,
      GITHUB_STEP_SUMMARY: file('summary-pass.md'),
    });
    runs.blocked = runCli(
      [
        '--release',
        CITATIONS,
        '--baseline',
        BASELINE,
        '--wait',
        '--timeout',
        '2m',
        '--junit',
        file('blocked.xml'),
        '--url',
        server.url,
        '--key',
        ciKey,
      ],
      { GITHUB_STEP_SUMMARY: file('summary-blocked.md') },
    );
    runs.badKey = runCli(['--release', HARMLESS, '--wait', '--url', server.url, '--key', 'evl_not-a-real-key'], {
      GITHUB_STEP_SUMMARY: file('summary-bad-key.md'),
    });
    runs.timeout = runCli(['--release', 'slow-1', '--wait', '--timeout', '1s', '--junit', file('timeout.xml')], {
      EVALLOOP_URL: server.url,
      EVALLOOP_KEY: slowKey,
    });
    runs.usage = runCli(['--wait'], { EVALLOOP_URL: server.url, EVALLOOP_KEY: ciKey });
    runs.inconclusive = runCli(
      ['--release', '9.9.9-nope', '--baseline', BASELINE, '--wait', '--junit', file('inconclusive.xml')],
      { EVALLOOP_URL: server.url, EVALLOOP_KEY: ciKey, GITHUB_STEP_SUMMARY: file('summary-inconclusive.md') },
    );
    runs.allowed = runCli(['--release', '9.9.9-also-nope', '--baseline', BASELINE, '--wait', '--allow-inconclusive'], {
      EVALLOOP_URL: server.url,
      EVALLOOP_KEY: ciKey,
    });
    runs.pii = runCli(['--release', 'p-2', '--baseline', 'p-1', '--wait', '--junit', file('pii.xml')], {
      EVALLOOP_URL: server.url,
      EVALLOOP_KEY: piiCiKey,
      GITHUB_STEP_SUMMARY: file('summary-pii.md'),
    });
  });
  afterAll(async () => {
    await Promise.allSettled(Object.values(runs));
    await server?.stop();
    await stub?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 for a passing release, prints the table, appends the Markdown summary and writes JUnit', async () => {
    const run = await runs.pass;
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`evalloop gate: ${HARMLESS} vs ${BASELINE} — pass`);
    expect(run.stdout).toMatch(/^EVALUATOR\s+FAILURE MODE\s+STATUS\s+BASELINE\s+CANDIDATE\s+Δ PTS\s+TEST\s+DECISION$/m);
    expect(run.stdout).toMatch(/^citation-grounding v1\s+invented_citation\s+gate\s+.*McNemar.*\s+pass$/m);
    expect(run.stdout).not.toContain('went from pass to fail');

    const summary = await readFile(file('summary-pass.md'), 'utf8');
    expect(summary.startsWith(EARLIER_STEP)).toBe(true);
    expect(summary).toContain(`## evalloop gate: ${HARMLESS} vs ${BASELINE} — pass`);
    expect(summary).toContain('| Evaluator | Failure mode |');

    const junit = parseXml(await readFile(file('pass.xml'), 'utf8'));
    expect(junit).toMatchObject({ name: 'testsuites', attrs: { tests: '1', failures: '0' } });
    const testcase = junit.children[0]!.children[0]!;
    expect(testcase).toMatchObject({ name: 'testcase', attrs: { name: 'citation-grounding v1 (gate)' } });
    expect(testcase.children.map((c) => c.name)).toEqual(['system-out']);
  });

  it('exits 1 for a blocked release, lists the flipped traces, and fails the blocking evaluator in JUnit', async () => {
    const run = await runs.blocked;
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(`evalloop gate: ${CITATIONS} vs ${BASELINE} — BLOCKED`);
    expect(run.stdout).toMatch(/^citation-grounding v1\s+invented_citation\s+gate\s+.*\s+BLOCK$/m);
    const flips = [...run.stdout.matchAll(/^ {2}(\S+)\/traces\/([0-9a-f]{32}) {2}\(baseline ([0-9a-f]{32})\)$/gm)];
    expect(flips.length).toBeGreaterThan(3);
    expect(flips[0]![1]).toBe(server.url);
    expect(run.stdout).toMatch(/citation-grounding: \d+ item\(s\) went from pass to fail/);

    const id = await gateIdOf(ciKey, CITATIONS);
    const gate = (await call(ciKey, 'GET', `/api/gates/${encodeURIComponent(id)}`)).body.gate;
    expect(gate.status).toBe('blocked');
    const decision = gate.result.decisions[0];
    expect(flips.map((f) => f[2])).toEqual(
      decision.flipped
        .filter((f: Json) => f.to === 'fail')
        .map((f: Json) => f.traceId)
        .slice(0, flips.length),
    );

    const summary = await readFile(file('summary-blocked.md'), 'utf8');
    expect(summary).toBe(`${EARLIER_STEP}${gate.markdown}\n`);
    expect(summary).toContain('**BLOCK**');

    const xml = await readFile(file('blocked.xml'), 'utf8');
    const junit = parseXml(xml);
    expect(junit.attrs).toMatchObject({ name: 'evalloop gate', tests: '1', failures: '1', errors: '0' });
    const suite = junit.children[0]!;
    expect(suite).toMatchObject({ name: 'testsuite', attrs: { name: `evalloop gate ${CITATIONS}`, failures: '1' } });
    const testcase = suite.children.find((c) => c.attrs.name === 'citation-grounding v1 (gate)')!;
    expect(testcase.attrs.classname).toBe('evalloop.gate.invented_citation');
    const failure = testcase.children.find((c) => c.name === 'failure')!;
    expect(failure.attrs.type).toBe('regression');
    expect(failure.attrs.message).toBe(decision.reason);
    expect(failure.attrs.message).toContain('McNemar');
    expect(failure.text).toContain(`(trace ${flips[0]![2]})`);
  });

  it('exits 2 on errors: a bad key, a missing --release', async () => {
    const bad = await runs.badKey;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^evalloop: .*key/im);
    expect(bad.stdout).toBe('');
    await expect(readFile(file('summary-bad-key.md'), 'utf8')).rejects.toThrow(/ENOENT/);

    const usage = await runs.usage;
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: evalloop gate');
  });

  it('exits 2 when the verdict does not come within --timeout, and the gate still finishes', async () => {
    const run = await runs.timeout;
    expect(run.code, run.stdout).toBe(2);
    expect(run.stderr).toMatch(/gate gate:slow:slow-1:[0-9a-f]{12}: (closing traces|evaluating|queued) \(\d+ s\)/);
    expect(run.stderr).toMatch(/gate gate:slow:slow-1:[0-9a-f]{12}: no verdict within 1s/);
    expect(run.stdout).toBe('');
    await expect(readFile(file('timeout.xml'), 'utf8')).rejects.toThrow(/ENOENT/);
    // Timing out only stops waiting: the gate runs on and is decided (8 items < 10: inconclusive).
    const id = await gateIdOf(slowKey, 'slow-1');
    const later = await call(slowKey, 'GET', `/api/gates/${encodeURIComponent(id)}?wait=30`);
    expect(later.body).toMatchObject({ state: 'decided', gate: { status: 'inconclusive' } });
  });

  it('exits 3 when the gate is inconclusive, with an <error> in JUnit and an amber summary', async () => {
    const run = await runs.inconclusive;
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout.split('\n')[0]).toBe(`evalloop gate: 9.9.9-nope vs ${BASELINE} — INCONCLUSIVE`);
    expect(run.stdout).toMatch(/^citation-grounding v1\s+invented_citation\s+gate\s+.*\s+INCONCLUSIVE$/m);
    expect(run.stdout).toContain('not enough evidence to vouch for the release:');
    expect(run.stdout).toContain('no trace tagged with release 9.9.9-nope; check that its spans carry service.version');

    const junit = parseXml(await readFile(file('inconclusive.xml'), 'utf8'));
    expect(junit.attrs).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    const testcase = junit.children[0]!.children[0]!;
    const error = testcase.children.find((c) => c.name === 'error')!;
    expect(error.attrs.type).toBe('inconclusive');
    expect(error.attrs.message).toContain('no trace tagged with release 9.9.9-nope');

    const summary = await readFile(file('summary-inconclusive.md'), 'utf8');
    expect(summary).toContain(`## evalloop gate: 9.9.9-nope vs ${BASELINE} — INCONCLUSIVE\n\n> [!WARNING]\n`);
    expect(summary).toContain('**INCONCLUSIVE**');
  });

  it('exits 0 for an inconclusive gate with --allow-inconclusive, saying so', async () => {
    const run = await runs.allowed;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`evalloop gate: 9.9.9-also-nope vs ${BASELINE} — INCONCLUSIVE`);
    expect(run.stdout).toContain('inconclusive verdict accepted because of --allow-inconclusive: exit 0 instead of 3');
  });

  it('says plainly when it reuses a verdict, and runs anew with --rerun', async () => {
    expect((await runs.pass).code).toBe(0);
    const env = { EVALLOOP_URL: server.url, EVALLOOP_KEY: ciKey };
    const args = ['--release', HARMLESS, '--baseline', BASELINE, '--wait'];
    const id = await gateIdOf(ciKey, HARMLESS);
    const decidedAt = (await call(ciKey, 'GET', `/api/gates/${encodeURIComponent(id)}`)).body.gate.decidedAt;
    const reused = await runCli(args, env);
    expect(reused.code, reused.stderr).toBe(0);
    expect(reused.stdout).toContain(`reused verdict of ${decidedAt}, evidence unchanged (gate ${id}); pass --rerun`);
    const rerun = await runCli([...args, '--rerun'], env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).not.toContain('reused verdict');
    expect(await gateIdOf(ciKey, HARMLESS)).toBe(`${id}.2`);
  });

  it('keeps users’ personal data out of the CI summary and JUnit of a ci key; an admin key sees it', async () => {
    const run = await runs.pii;
    expect(run.code, run.stderr).toBe(1);
    const summary = await readFile(file('summary-pii.md'), 'utf8');
    const xml = await readFile(file('pii.xml'), 'utf8');
    for (const text of [summary, xml, run.stdout]) {
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain('555-0134');
    }
    expect(summary).toContain('reach me at <EMAIL_1> or <PHONE_1>');
    expect(parseXml(xml).children[0]!.children[0]!.children[0]!.text).toContain('reach me at <EMAIL_1> or <PHONE_1>');

    const asAdmin = await runCli(
      ['--release', 'p-2', '--baseline', 'p-1', '--wait', '--junit', file('pii-admin.xml')],
      {
        EVALLOOP_URL: server.url,
        EVALLOOP_KEY: piiAdminKey,
        GITHUB_STEP_SUMMARY: file('summary-pii-admin.md'),
      },
    );
    expect(asAdmin.code).toBe(1);
    expect(await readFile(file('summary-pii-admin.md'), 'utf8')).toContain(EMAIL);
    expect(await readFile(file('pii-admin.xml'), 'utf8')).toContain(EMAIL);
  });
});
