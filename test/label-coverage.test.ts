import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { humanVerdicts } from '../core/calibration/human-verdicts.js';
import { createApiKey } from '../db/api-keys.js';
import { loadFrozenLabels } from '../db/calibration-data.js';
import { freezeAllLabels } from '../db/datasets.js';
import { publishEvaluatorVersion } from '../db/evaluators.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let review: string;
let other: { ingest: string; admin: string; review: string };
const traces: string[] = [];
let otherTrace: string;
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON loosely
type Json = any;
const call = async (method: string, path: string, key: string, body?: unknown) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Json = {};
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed, text };
};

interface Covered {
  failureMode: string;
  rubricVersion: number | null;
  verdict: string;
  score: number | null;
}
const brief = (covered: Covered[]) => covered.map((c) => `${c.failureMode}:${c.verdict}`).sort();

const sendTrace = async (key: string, i: number) => {
  const traceId = newTraceId();
  const body = otlpJsonTraces([
    {
      traceId,
      spanId: newSpanId(),
      name: 'chat gpt-4o',
      startMs: T0 + i * 60_000,
      attributes: chatAttributes(`Question ${i}`, `Answer ${i}`),
    },
  ]);
  expect((await postJson(server.url, key, body)).status).toBe(200);
  return traceId;
};

const mode = async (key: string, extra: Record<string, unknown> = {}) =>
  expect(
    (
      await call('POST', '/api/failure-modes', server.keys.admin, {
        key,
        title: key,
        rubric: `rubric of ${key}`,
        ...extra,
      })
    ).status,
  ).toBe(201);

beforeAll(async () => {
  server = await startTestServer();
  review = await createApiKey(server.runtime.db, 'default', 'review', 'rita');
  const b = await server.createProject('project-b');
  other = { ...b, review: await createApiKey(server.runtime.db, 'project-b', 'review', 'bert') };
  for (let i = 0; i < 12; i++) traces.push(await sendTrace(server.keys.ingest, i));
  otherTrace = await sendTrace(other.ingest, 99);
  await server.runtime.activities.closeTraces({ idleSeconds: 0 });
  await mode('hallucination');
  await mode('pii_leak');
  await mode('tone', { graded: true });
  await call('POST', '/api/failure-modes/pii_leak/rubric', server.keys.admin, { rubric: 'pii rubric v2' });
  // A mode a reviewer proposed (not active): not covered unless marked or listed.
  expect(
    (await call('POST', '/api/failure-modes', review, { key: 'rude', title: 'Rude', rubric: 'Is rude.' })).body,
  ).toMatchObject({ failureMode: { status: 'proposed' } });
  await mode('old_mode');
  await call('POST', '/api/failure-modes/old_mode/status', server.keys.admin, { status: 'retired' });
});
afterAll(() => server?.stop());

describe('POST /api/labels with several failure modes', () => {
  it('covers the marked modes (fail) and every other active mode (pass), each at its rubric version', async () => {
    const id = randomUUID();
    const posted = await call('POST', '/api/labels', review, {
      id,
      traceId: traces[0],
      failureModes: ['pii_leak', 'hallucination'],
      critique: 'invents an order and reads out the email',
    });
    expect(posted.status, posted.text).toBe(201);
    expect(posted.body.label).toMatchObject({
      failureMode: 'pii_leak',
      failureModes: ['pii_leak', 'hallucination'],
      verdict: 'fail',
      coverageRecorded: true,
    });
    // In the reviewer's order, then the modes passed.
    expect(posted.body.label).toHaveProperty('covered', [
      { failureMode: 'pii_leak', rubricVersion: 2, verdict: 'fail', score: null },
      { failureMode: 'hallucination', rubricVersion: 1, verdict: 'fail', score: null },
      { failureMode: 'tone', rubricVersion: 1, verdict: 'pass', score: null },
    ]);
    const { rows } = await server.runtime.pool.query('select covered, verdict from labels where id = $1', [id]);
    expect(rows[0].covered.map((c: { key: string; verdict: string }) => `${c.key}:${c.verdict}`)).toEqual([
      'pii_leak:fail',
      'hallucination:fail',
      'tone:pass',
    ]);
    const listed = await call('GET', `/api/labels?traceId=${traces[0]}`, review);
    expect(listed.body.labels).toMatchObject([{ id, failureModes: ['pii_leak', 'hallucination'] }]);
  });

  it.each([
    ['noFailure: true', { noFailure: true }],
    ['failureModes: []', { failureModes: [] }],
  ])('"no failure" (%s) passes every active mode', async (_, form) => {
    const posted = await call('POST', '/api/labels', review, { id: randomUUID(), traceId: traces[1], ...form });
    expect(posted.status, posted.text).toBe(201);
    expect(posted.body.label).toMatchObject({ failureMode: null, failureModes: [], verdict: 'pass' });
    expect(brief(posted.body.label.covered as Covered[])).toEqual(['hallucination:pass', 'pii_leak:pass', 'tone:pass']);
  });

  it('covers exactly the modes the form listed, with scores for graded modes', async () => {
    const posted = await call('POST', '/api/labels', review, {
      id: randomUUID(),
      traceId: traces[2],
      failureModes: ['tone', 'rude'],
      covered: ['hallucination', 'tone', 'rude'],
      scores: { tone: 0.2 },
    });
    expect(posted.status, posted.text).toBe(201);
    expect(posted.body.label.covered).toEqual([
      { failureMode: 'tone', rubricVersion: 1, verdict: 'fail', score: 0.2 },
      { failureMode: 'rude', rubricVersion: 1, verdict: 'fail', score: null },
      { failureMode: 'hallucination', rubricVersion: 1, verdict: 'pass', score: null },
    ]);
  });

  it('still takes the single-mode body, covering only that mode ("no failure": every active mode)', async () => {
    const single = await call('POST', '/api/labels', review, {
      id: randomUUID(),
      traceId: traces[3],
      failureMode: 'hallucination',
      verdict: 'fail',
    });
    expect(single.status, single.text).toBe(201);
    expect(single.body.label).toMatchObject({ failureMode: 'hallucination', verdict: 'fail', rubricVersion: 1 });
    expect(brief(single.body.label.covered as Covered[])).toEqual(['hallucination:fail']);
    const graded = await call('POST', '/api/labels', review, {
      id: randomUUID(),
      traceId: traces[3],
      failureMode: 'tone',
      score: 0.9,
    });
    expect(graded.body.label).toMatchObject({ failureMode: 'tone', verdict: 'pass', score: 0.9 });
    expect(graded.body.label.covered).toEqual([{ failureMode: 'tone', rubricVersion: 1, verdict: 'pass', score: 0.9 }]);
    const none = await call('POST', '/api/labels', review, { id: randomUUID(), traceId: traces[4], failureMode: null });
    expect(none.status, none.text).toBe(201);
    expect(brief(none.body.label.covered as Covered[])).toEqual(['hallucination:pass', 'pii_leak:pass', 'tone:pass']);
  });

  it.each([
    [{ failureModes: ['hallucinaton'] }, 'failureModes', /no failure mode "hallucinaton"/],
    [{ failureModes: ['old_mode'] }, 'failureModes', /"old_mode" is retired/],
    [{ failureModes: [], covered: ['nope'] }, 'covered', /no failure mode "nope"/],
    [{ failureMode: 'nope', verdict: 'fail' }, 'failureMode', /no failure mode "nope"/],
    [{ failureModes: ['pii_leak'], failureMode: 'pii_leak', verdict: 'fail' }, 'failureMode', /either failureModes/],
    [{ failureModes: ['pii_leak'], noFailure: true }, 'noFailure', /cannot go with failure modes/],
    [{ failureModes: ['pii_leak', 'pii_leak'] }, 'failureModes', /named twice/],
    [{ failureModes: ['tone'], scores: { tone: 0.8 } }, 'scores', /below 0\.5/],
    [{ failureModes: [], scores: { tone: 0.1 } }, 'scores', /add it to failureModes/],
    [{ failureModes: ['pii_leak'], verdict: 'pass' }, 'verdict', /failing by definition/],
    [{}, 'failureModes', /noFailure: true/],
  ])('rejects %o with a 400 naming %s', async (form, field, message) => {
    const before = (await server.runtime.pool.query('select count(*)::int as n from labels')).rows[0].n;
    const response = await call('POST', '/api/labels', review, { id: randomUUID(), traceId: traces[5], ...form });
    expect(response.status, response.text).toBe(400);
    expect(response.body.error).toMatchObject({ field });
    expect(response.body.error?.message).toMatch(message);
    expect((await server.runtime.pool.query('select count(*)::int as n from labels')).rows[0].n).toBe(before);
  });

  it('is idempotent on the client id: a repeat is 200, other content 409, a mode activated meanwhile no conflict', async () => {
    const label = { id: randomUUID(), traceId: traces[6], failureModes: ['pii_leak'], critique: 'email read out' };
    expect((await call('POST', '/api/labels', review, label)).status).toBe(201);
    const repeat = await call('POST', '/api/labels', review, label);
    expect(repeat.status).toBe(200);
    expect(repeat.body.label).toMatchObject({ id: label.id, failureModes: ['pii_leak'] });
    await mode('late_mode');
    expect((await call('POST', '/api/labels', review, label)).status).toBe(200);
    for (const changed of [
      { ...label, failureModes: ['pii_leak', 'hallucination'] },
      { ...label, failureModes: [], noFailure: undefined },
      { ...label, critique: 'something else' },
      { ...label, covered: ['pii_leak'] },
    ]) {
      const conflict = await call('POST', '/api/labels', review, changed);
      expect(conflict.status, JSON.stringify(changed)).toBe(409);
    }
    const { rows } = await server.runtime.pool.query('select count(*)::int as n from labels where id = $1', [label.id]);
    expect(rows[0].n).toBe(1);
  });
});

describe('a label id another project holds', () => {
  it('answers 409 promptly, telling nothing of the other project', async () => {
    const id = randomUUID();
    const secret = 'customer jane@example.com is furious';
    expect(
      (
        await call('POST', '/api/labels', review, {
          id,
          traceId: traces[7],
          failureModes: ['pii_leak'],
          critique: secret,
        })
      ).status,
    ).toBe(201);
    const started = Date.now();
    const response = await call('POST', '/api/labels', other.review, { id, traceId: otherTrace, noFailure: true });
    const elapsed = Date.now() - started;
    console.log(`a label id held by another project: ${response.status} in ${elapsed} ms`);
    expect(response.status, response.text).toBe(409);
    expect(elapsed).toBeLessThan(2_000);
    expect(response.body.error).toMatchObject({ code: 'conflict', field: 'id' });
    expect(response.body.error?.message).toMatch(/already taken: send a new UUID/);
    for (const leak of [traces[7]!, secret, 'rita', 'default', 'pii_leak']) expect(response.text).not.toContain(leak);
    const { rows } = await server.runtime.pool.query('select project_id from labels where id = $1', [id]);
    expect(rows).toEqual([{ project_id: 'default' }]);
  });

  it('concurrent tries of one id from two projects all answer: one label stored, the rest 200 or 409', async () => {
    const id = randomUUID();
    const mine = { id, traceId: traces[8], failureModes: ['hallucination'] };
    const theirs = { id, traceId: otherTrace, failureModes: [] };
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () => call('POST', '/api/labels', review, mine)),
      ...Array.from({ length: 4 }, () => call('POST', '/api/labels', other.review, theirs)),
    ]);
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s === 201),
      statuses.join(),
    ).toHaveLength(1);
    expect(
      statuses.every((s) => [200, 201, 409].includes(s)),
      statuses.join(),
    ).toBe(true);
    const { rows } = await server.runtime.pool.query('select count(*)::int as n from labels where id = $1', [id]);
    expect(rows[0].n).toBe(1);
  });
});

describe('ground truth and export by covered modes', () => {
  it('a sibling mode fail is not a pass; legacy labels judge their own mode, legacy "no failure" the modes then', async () => {
    const pool = server.runtime.pool;
    const [legacyFail, legacyNone, sibling, corrected] = traces.slice(9, 12).concat(traces[6]!);
    const modeId = async (key: string) =>
      (await pool.query('select id from failure_modes where project_id = $1 and key = $2', ['default', key])).rows[0]
        .id as string;
    // Labels from before coverage was recorded (covered is null), made before 'tone' existed.
    const { rows: toneRows } = await pool.query(`select created_at from failure_modes where key = 'tone'`);
    const before = new Date(new Date(toneRows[0].created_at).getTime() - 1).toISOString();
    const insertLegacy = (traceId: string, modeKeyId: string | null, verdict: string) =>
      pool.query(
        `insert into labels (id, project_id, trace_id, failure_mode_id, verdict, reviewer, rubric_version, created_at)
         values ($1, 'default', $2, $3, $4, 'old reviewer', $5, $6)`,
        [randomUUID(), traceId, modeKeyId, verdict, modeKeyId ? 1 : null, before],
      );
    await insertLegacy(legacyFail!, await modeId('pii_leak'), 'fail');
    await insertLegacy(legacyNone!, null, 'pass');
    await call('POST', '/api/labels', review, {
      id: randomUUID(),
      traceId: sibling,
      failureModes: ['tone'],
      covered: ['tone'],
      scores: { tone: 0.1 },
    });
    const [first] = (await call('GET', `/api/labels?traceId=${corrected}`, review)).body.labels as { id: string }[];
    const fix = await call('POST', '/api/labels', review, {
      id: randomUUID(),
      traceId: corrected,
      failureModes: ['hallucination'],
      supersedes: first!.id,
      critique: 'second look: invented, no email',
    });
    expect(fix.status, fix.text).toBe(201);

    const frozen = await freezeAllLabels(pool, 'default', 'test');
    const labels = await loadFrozenLabels(pool, 'default', frozen.versionId);
    const truth = (m: string) => Object.fromEntries(humanVerdicts(labels, m).map((v) => [v.traceId, v.verdict]));
    expect(truth('pii_leak')[legacyFail!]).toBe('fail');
    expect(truth('hallucination')[legacyFail!]).toBeUndefined();
    expect(truth('hallucination')[legacyNone!]).toBe('pass');
    expect(truth('pii_leak')[legacyNone!]).toBe('pass');
    expect(truth('tone')[legacyNone!]).toBeUndefined();
    expect(truth('tone')[sibling!]).toBe('fail');
    expect(truth('hallucination')[sibling!]).toBeUndefined();
    expect(truth('pii_leak')[corrected!]).toBe('pass');
    expect(truth('hallucination')[corrected!]).toBe('fail');
    // Every trace a mode's truth holds was judged for that mode by some label.
    for (const m of ['hallucination', 'pii_leak', 'tone']) {
      for (const traceId of Object.keys(truth(m))) {
        expect(labels.some((l) => l.traceId === traceId && l.covered?.some((c) => c.failureMode === m))).toBe(true);
      }
    }

    // A dataset of one mode holds only the labels that judged it; its export says what each covered.
    const dataset = await call('POST', '/api/datasets', server.keys.admin, { name: 'tone-set', failureMode: 'tone' });
    const version = await call('POST', `/api/datasets/${dataset.body.dataset?.id}/freeze`, server.keys.admin);
    expect(version.status, version.text).toBe(201);
    expect(version.body.version).toMatchObject({ rubricVersions: { tone: [1] } });
    const exported = await call('GET', `/api/datasets/${dataset.body.dataset?.id}/versions/1/export`, review);
    const lines = exported.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(brief(line.covered).some((c) => c.startsWith('tone:'))).toBe(true);
    expect(lines.map((l) => l.traceId)).not.toContain(legacyFail);
    expect(lines.map((l) => l.traceId)).not.toContain(legacyNone);
    expect(lines.find((l) => l.traceId === sibling)).toMatchObject({
      failureModes: ['tone'],
      coverageRecorded: true,
      covered: [{ failureMode: 'tone', rubricVersion: 1, verdict: 'fail', score: 0.1 }],
    });

    // The all-labels export shows a legacy "no failure" label covering the modes that existed then.
    const all = (await call('GET', '/api/datasets', review)).body.datasets as { id: string; name: string }[];
    const allId = all.find((d) => d.name === 'all-labels')!.id;
    const allLines = (await call('GET', `/api/datasets/${allId}/versions/${frozen.version}/export`, review)).text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(allLines.find((l) => l.traceId === legacyNone)).toMatchObject({
      coverageRecorded: false,
      failureModes: [],
      covered: [
        { failureMode: 'hallucination', rubricVersion: 1, verdict: 'pass', score: null },
        // pii_leak's rubric v2 was written after this label: v1 was in force.
        { failureMode: 'pii_leak', rubricVersion: 1, verdict: 'pass', score: null },
      ],
    });
  });
});

describe('cycle quotas count failing traces per covered mode', () => {
  it('a two-mode label counts for both modes; "no failure" for none; legacy labels for their own mode', async () => {
    const T1 = T0 + 86_400_000;
    const fresh: string[] = [];
    for (let i = 0; i < 4; i++) fresh.push(await sendTrace(server.keys.ingest, 1440 + i));
    await server.runtime.activities.closeTraces({ idleSeconds: 0 });
    const fill = await call('POST', '/api/queue/fill', server.keys.admin, {
      from: new Date(T1 - 60_000).toISOString(),
      to: new Date(T1 + 3_600_000).toISOString(),
      budget: 4,
      randomFraction: 1,
    });
    expect(fill.status, fill.text).toBe(200);
    const cycleId = fill.body.cycleId as string;
    const { rows: tasks } = await server.runtime.pool.query<{ id: string; trace_id: string }>(
      'select id, trace_id from review_tasks where cycle_id = $1 order by trace_id',
      [cycleId],
    );
    expect(tasks).toHaveLength(4);
    const bodies = [
      { failureModes: ['hallucination', 'pii_leak'] },
      { failureModes: ['hallucination'] },
      { noFailure: true },
      { failureMode: 'pii_leak', verdict: 'pass' },
    ];
    for (const [i, body] of bodies.entries()) {
      const task = tasks[i]!;
      const posted = await call('POST', '/api/labels', review, {
        id: randomUUID(),
        traceId: task.trace_id,
        taskId: task.id,
        ...body,
      });
      expect(posted.status, posted.text).toBe(201);
    }
    const status = await server.runtime.activities.cycleLabelStatus({ projectId: 'default', cycleId, quota: 2 });
    expect(status.labelsByMode).toEqual({ hallucination: 2, pii_leak: 1, '(no failure)': 2 });
    // Judged either way: the three current-form labels cover every active mode; the single-mode one only pii_leak.
    expect(status.judgedByMode).toEqual({ hallucination: 3, late_mode: 3, pii_leak: 4, tone: 3 });
    // pii_leak has 1 failing trace of 2: not complete until it has, or no task is left (none is: all labeled).
    expect(status).toMatchObject({ complete: true, why: 'no task is left to label' });
  });
});

describe('publishing an evaluator version never retries in a loop', () => {
  it('a source key another project holds is a prompt conflict; one published twice concurrently is stored once', async () => {
    const pool = server.runtime.pool;
    expect(
      (
        await call('POST', '/api/failure-modes', other.admin, {
          key: 'pii_leak',
          title: 'pii',
          rubric: 'Leaks personal data.',
        })
      ).status,
    ).toBe(201);
    const version = (projectId: string, sourceKey: string) => ({
      projectId,
      failureModeKey: 'pii_leak',
      name: 'email-rule',
      config: { kind: 'regex' as const, field: 'output' as const, pattern: '@', mode: 'must_not_match' as const },
      threshold: 0.5,
      calibrationDatasetVersionId: null,
      metrics: {},
      status: 'revise' as const,
      statusReason: 'test',
      parentVersionId: null,
      createdBy: 'test',
      report: null,
      sourceKey,
    });
    const key = `test:${randomUUID()}`;
    const published = await Promise.all([1, 2, 3].map(() => publishEvaluatorVersion(pool, version('default', key))));
    expect(new Set(published.map((p) => p.id)).size).toBe(1);
    const started = Date.now();
    await expect(publishEvaluatorVersion(pool, version('project-b', key))).rejects.toThrow(/already taken/);
    expect(Date.now() - started).toBeLessThan(2_000);
    const { rows } = await pool.query('select count(*)::int as n from evaluator_versions where source_key = $1', [key]);
    expect(rows[0].n).toBe(1);
  });
});
