import type { Config } from '../../core/config.js';
import { createApiKey } from '../../db/api-keys.js';
import { withConnectionRetry } from '../api-client.js';
import { runGate } from '../gate.js';
import { startRuntime } from '../runtime.js';
import { runSimulatedAgent } from './agent.js';
import { failureModes } from './failure-modes.js';
import { humanReviewInstructions, startHumanCycle } from './human-cycle.js';
import { demoReleases } from './releases.js';
import { runSimulatedReviewer } from './reviewer.js';

const say = (m = '') => process.stdout.write(`${m}\n`);
const step = (m: string) => say(`\n▸ ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// biome-ignore lint/suspicious/noExplicitAny: JSON from our own API
type Json = any;

const api =
  (url: string, key: string) =>
  async (method: string, path: string, body?: unknown): Promise<Json> => {
    const send = () =>
      fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    // A read is retried when the connection drops (a kept-alive socket the busy server closed).
    const response = method === 'GET' ? await withConnectionRetry(send) : await send();
    const json: Json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${json?.error?.message ?? response.status}`);
    return json;
  };

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '  n/a' : x.toFixed(2).padStart(5));

/**
 * `npm run demo`: starts evalloop (embedded Postgres unless DATABASE_URL), simulates a week of a
 * research assistant's traffic with the four failure modes of the seed article, runs one refresh
 * cycle (ranked queue → simulated reviewer → dataset version → generated, calibrated evaluators),
 * prints the evaluator table, gates two candidate releases through the CLI, and keeps serving so
 * everything can be explored in the UI.
 */
export const runDemo = async (config: Config, log: (m: string) => void) => {
  const t0 = Date.now();
  const runtime = await startRuntime({
    config: { ...config, TRACE_IDLE_SECONDS: 1, CLOSE_TRACES_CRON: '*/10 * * * * *' },
    http: true,
    log,
    print: () => {},
  });
  const url = `http://127.0.0.1:${runtime.port}`;
  const db = runtime.db;
  const keys = {
    admin: await createApiKey(db, 'default', 'admin', 'demo admin'),
    ingest: await createApiKey(db, 'default', 'ingest', 'demo agent'),
    review: await createApiKey(db, 'default', 'review', 'simulated-reviewer (demo)'),
    ci: await createApiKey(db, 'default', 'ci', 'demo CI'),
    human: await createApiKey(db, 'default', 'review', 'you (demo reviewer)'),
  };
  const admin = api(url, keys.admin);
  const existing = new Set(((await admin('GET', '/api/failure-modes')).failureModes as Json[]).map((m) => m.key));
  for (const mode of failureModes) {
    if (!existing.has(mode.key))
      await admin('POST', '/api/failure-modes', { key: mode.key, title: mode.title, rubric: mode.rubric });
  }

  step('A research assistant (simulated, real OpenTelemetry SDK) answers a week of questions…');
  const week = await runSimulatedAgent({
    url,
    ingestKey: keys.ingest,
    traces: 2500,
    seed: 11,
    release: demoReleases.baseline,
    failureRates: { ignored_tool_result: 0.08, over_budget: 0.08 },
  });
  say(`  ${week.truth.size} traces, ${week.spans} spans sent over OTLP; ${week.feedback} pieces of user feedback`);

  step('Refresh cycle: close the window, rank anomalies into the review queue…');
  const { cycle } = await admin('POST', '/api/cycles', {
    from: week.window.from.toISOString(),
    to: week.window.to.toISOString(),
    budget: 160,
    randomFraction: 0.3,
    quota: 15,
    reviewDeadlineSeconds: 600,
  });
  let state: Json = cycle;
  while (state.engine?.stage?.stage !== 'waiting for labels' && state.engine?.state !== 'SUCCESS') {
    await sleep(500);
    state = (await admin('GET', `/api/cycles/${encodeURIComponent(cycle.id)}`)).cycle;
  }
  say(
    `  ${state.progress.total} traces queued for review (of ${state.fillStats.candidates} in the window; ${state.fillStats.duplicatesCollapsed} near-duplicates collapsed)`,
  );

  step('A simulated reviewer (marked as simulated on every label) works through the queue…');
  const reviewed = await runSimulatedReviewer({
    url,
    reviewKey: keys.review,
    cycleId: cycle.id,
    truth: week.truth,
    seed: 5,
  });
  say(
    `  ${reviewed.labeled} labels (${reviewed.failures} failures, ${reviewed.passes} no-failure; ${reviewed.disagreements} deliberate disagreements with the ground truth)`,
  );

  step('The cycle wakes on the labels: freeze a dataset version, generate and calibrate evaluators…');
  let last = '';
  while (state.engine?.state !== 'SUCCESS' && state.engine?.state !== 'ERROR') {
    await sleep(500);
    state = (await admin('GET', `/api/cycles/${encodeURIComponent(cycle.id)}`)).cycle;
    const now = `${state.engine?.stage?.stage ?? ''} ${state.engine?.stage?.failureMode ?? ''}`.trim();
    if (now !== last) say(`  … ${now}`);
    last = now;
  }
  if (state.engine?.state === 'ERROR') throw new Error(`the cycle failed: ${state.engine.error}`);

  say('\n  failure mode           evaluator              kind             MCC [95% interval]     status');
  for (const mode of state.report.learned as Json[]) {
    if (mode.skipped) {
      say(`  ${mode.failureMode.padEnd(22)} (none: ${mode.skipped})`);
      continue;
    }
    // The selection-aware figures of what was published (never a candidate's own, pre-selection score).
    const published = (mode.selected as Json[]).filter((s) => s.published);
    for (const s of published) {
      const ci = s.mccCI ? `[${pct(s.mccCI.lower)}, ${pct(s.mccCI.upper)}]` : '';
      say(
        `  ${mode.failureMode.padEnd(22)} ${s.name.padEnd(22)} ${s.kind.padEnd(16)} ${pct(s.mcc)} ${ci.padEnd(16)} ${s.band}`,
      );
    }
    if (published.length === 0) say(`  ${mode.failureMode.padEnd(22)} (${mode.outcome})`);
  }

  step('Release gates: two candidate releases of the agent run on staging…');
  const gateOf = async (release: string, baseline?: string) => {
    const code = await runGate([
      '--release',
      release,
      ...(baseline ? ['--baseline', baseline] : []),
      '--wait',
      '--timeout',
      '5m',
      '--url',
      url,
      '--key',
      keys.ci,
    ]);
    say(
      `  → evalloop gate --release ${release}${baseline ? ` --baseline ${baseline}` : ''}: exit code ${code} (${['pass', 'blocked', 'error', 'inconclusive'][code] ?? 'error'})`,
    );
    return code;
  };
  await gateOf(demoReleases.baseline);
  for (const release of [demoReleases.harmless, demoReleases.citations]) {
    await runSimulatedAgent({
      url,
      ingestKey: keys.ingest,
      traces: 500,
      seed: 23,
      release,
      failureRates: { ignored_tool_result: 0.08 },
      startTime: new Date(Date.now() - 3_600_000),
      endTime: new Date(Date.now() - 60_000),
      feedback: false,
    });
    say(`\n  ${release}: 500 staging traces sent`);
    await gateOf(release, demoReleases.baseline);
  }

  step('A fresh day of traffic, and a refresh cycle that waits for you (not the simulated reviewer)…');
  const today = { from: new Date(Date.now() - 3 * 3_600_000), to: new Date(Date.now() - 2 * 3_600_000) };
  await runSimulatedAgent({
    url,
    ingestKey: keys.ingest,
    traces: 300,
    seed: 31,
    release: demoReleases.baseline,
    failureRates: { ignored_tool_result: 0.08, over_budget: 0.08 },
    startTime: today.from,
    endTime: today.to,
    feedback: false,
  });
  await sleep(1500); // TRACE_IDLE_SECONDS is 1 here: let the last traces go idle so the cycle closes them
  const human = await startHumanCycle({
    url,
    adminKey: keys.admin,
    window: { from: today.from, to: new Date(today.to.getTime() + 60_000) },
  });

  say(`\nDone in ${Math.round((Date.now() - t0) / 1000)} s. Explore it: ${url}/ (sign in with a key below)`);
  for (const line of humanReviewInstructions(url, human, keys.human)) say(line);
  say(
    `  admin key:  ${keys.admin}\n  your review key: ${keys.human}\n  simulated reviewer's key: ${keys.review}\n  ci key:     ${keys.ci}\n  ingest key: ${keys.ingest}`,
  );
  say('evalloop keeps running (Ctrl-C stops it); the project stays for you to use.');
  return runtime;
};
