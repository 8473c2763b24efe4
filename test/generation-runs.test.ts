import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON loosely
type Json = any;
const call = async (
  method: string,
  path: string,
  body?: unknown,
  key?: string,
): Promise<{ status: number; body: Json }> => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key ?? server.keys.admin}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

const WORDS = 'refund invoice order shipping account password delivery plan team export'.split(' ');

/**
 * 22 labeled traces for one mode. `visible`: failing answers carry AI boilerplate. Otherwise every
 * answer reads the same and the labels alternate: nothing in the trace tells them apart.
 */
const seed = async (keys: { admin: string; ingest: string }, mode: string, visible: boolean) => {
  const rubric = { key: mode, title: mode, rubric: `Fails on ${mode}.` };
  expect((await call('POST', '/api/failure-modes', rubric, keys.admin)).status).toBe(201);
  for (let i = 0; i < 22; i++) {
    const traceId = newTraceId();
    const words = Array.from({ length: 8 }, (_, j) => WORDS[(i * 7 + j * 3 + (i % 5) * j) % WORDS.length]).join(' ');
    const fail = i % 2 === 1;
    const output = !visible
      ? 'The answer is in the help center.'
      : fail
        ? `As an AI, I cannot say. ${words}`
        : `The answer: ${words}.`;
    await postJson(
      server.url,
      keys.ingest,
      otlpJsonTraces([{ traceId, spanId: newSpanId(), attributes: chatAttributes('question', output) }]),
    );
    await server.runtime.activities.closeTraces({ idleSeconds: 0 });
    const label = { id: randomUUID(), traceId, failureMode: mode, verdict: fail ? 'fail' : 'pass' };
    expect((await call('POST', '/api/labels', label, keys.admin)).status).toBe(201);
  }
};

let blind: { admin: string; ingest: string };
beforeAll(async () => {
  server = await startTestServer();
  await seed(server.keys, 'boilerplate', true);
  blind = await server.createProject('blind-project');
  await seed(blind, 'vague', false);
}, 300_000);
afterAll(() => server?.stop());

describe('generation answers 404 for what does not exist', () => {
  it('an unknown failure mode, naming it', async () => {
    const { status, body } = await call('POST', '/api/evaluators/generate', { failureMode: 'boilerplat' });
    expect(status).toBe(404);
    expect(body.error.message).toMatch(/no failure mode "boilerplat"/);
  });

  it('an unknown dataset version, and another project’s', async () => {
    const unknown = await call('POST', '/api/evaluators/generate', { datasetVersionId: randomUUID() });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/no dataset version/);
    const other = await server.createProject('other-project');
    const frozen = await call('POST', '/api/evaluators/generate', {}, other.admin);
    expect(frozen.status).toBe(200);
    const foreign = await call('POST', '/api/evaluators/generate', { datasetVersionId: frozen.body.datasetVersionId });
    expect(foreign.status).toBe(404);
    const calibrate = await call('POST', '/api/evaluators', {
      failureMode: 'boilerplate',
      name: 'x-foreign',
      config: { kind: 'banned_phrases', phrases: ['as an ai'], field: 'output' },
      datasetVersionId: frozen.body.datasetVersionId,
    });
    expect(calibrate.status).toBe(404);
  });
});

describe('every generation run leaves a record', () => {
  let runId: string;
  it('publishes with selection-aware figures and keeps every candidate, marked as its own score', async () => {
    const { status, body } = await call('POST', '/api/evaluators/generate', { failureMode: 'boilerplate' });
    expect(status).toBe(200);
    expect(body.reused).toBe(false);
    runId = body.runId;
    const [mode] = body.failureModes;
    expect(mode.failureMode).toBe('boilerplate');
    expect(mode.published.length).toBeGreaterThan(0);
    const selected = mode.selected.find((s: { family: string }) => s.family === 'deterministic');
    expect(selected.estimate).toBe('selection-aware (nested cross-validation)');
    expect(selected.prevalence.note).toMatch(/^MCC refers to a calibration set with 50.0% failing; no random-slice/);
    expect(mode.candidates.length).toBeGreaterThan(1);
    for (const c of mode.candidates) expect(c.estimate).toBe('own cross-validated score (before selection)');
    const version = await call('GET', `/api/evaluators/versions/${mode.published[0].id}`);
    expect(version.body.version.metrics).toMatchObject({ nested: true, prevalence: { calibrationFailRate: 0.5 } });
  });

  it('records a run that published nothing, with each reason', async () => {
    const { body } = await call('POST', '/api/evaluators/generate', { failureMode: 'vague' }, blind.admin);
    const [mode] = body.failureModes;
    expect(mode.published).toEqual([]);
    expect(body.summary).toMatch(/^published nothing: vague: /);
    expect(mode.outcome).toMatch(/nothing published/);
    for (const c of mode.candidates) expect(c.reason).toMatch(/^not measurable: /);
    const listed = await call('GET', '/api/evaluators/generations', undefined, blind.admin);
    expect(listed.body.generations.map((g: { id: string }) => g.id)).toEqual([body.runId]);
    const stored = await call('GET', `/api/evaluators/generations/${body.runId}`, undefined, blind.admin);
    expect(stored.body.generation).toMatchObject({ publishedCount: 0, summary: body.summary });
    expect(stored.body.generation.report.failureModes[0].candidates.length).toBeGreaterThan(0);
  });

  it('asking again for the same dataset version returns the stored run, saying so', async () => {
    const again = await call('POST', '/api/evaluators/generate', { failureMode: 'boilerplate' });
    expect(again.body).toMatchObject({ runId, reused: true });
  });

  it('a run record cannot be changed or deleted', async () => {
    const { pool } = server.runtime;
    await expect(pool.query('update generation_runs set summary = $1', ['forged'])).rejects.toThrow(/record/);
    await expect(pool.query('delete from generation_runs')).rejects.toThrow(/record/);
    await expect(pool.query('truncate generation_runs')).rejects.toThrow(/immutable|permission/);
  });

  it('is read by reviewers and 404s across projects', async () => {
    expect((await call('GET', `/api/evaluators/generations/${runId}`, undefined, server.keys.review)).status).toBe(200);
    expect((await call('GET', `/api/evaluators/generations/${runId}`, undefined, blind.admin)).status).toBe(404);
  });
});
