import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitingAdjudication, humanVerdicts } from '../core/calibration/human-verdicts.js';
import { createApiKey } from '../db/api-keys.js';
import { loadFrozenLabels } from '../db/calibration-data.js';
import { cycleLabelStatus } from '../db/cycle-progress.js';
import { freezeAllLabels } from '../db/datasets.js';
import { publishEvaluatorVersion } from '../db/evaluators.js';
import { type Answer, request, signIn } from './helpers/http.js';
import { seedReviewQueue } from './helpers/review-fixture.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
const keys: Record<'rita' | 'sam' | 'cy' | 'ada', string> = { rita: '', sam: '', cy: '', ada: '' };
let cycleId: string;

const call = (method: string, path: string, key: string, body?: unknown): Promise<Answer> =>
  request(server.url, method, path, { key, body });

interface TaskRow {
  id: string;
  trace_id: string;
  copy: number;
  double_review: boolean;
  status: string;
}
const tasksOf = async (cycle: string) =>
  (
    await server.runtime.pool.query<TaskRow>(
      'select id, trace_id, copy, double_review, status from review_tasks where cycle_id = $1 order by trace_id, copy',
      [cycle],
    )
  ).rows;

/** The double-reviewed traces of the cycle: [copy 1 task, copy 2 task] by trace. */
const pairs = async () => {
  const out = new Map<string, TaskRow[]>();
  for (const t of await tasksOf(cycleId)) if (t.double_review) out.set(t.trace_id, [...(out.get(t.trace_id) ?? []), t]);
  return [...out.entries()];
};

const label = (key: string, task: TaskRow, failing: string[], critique: string) =>
  call('POST', '/api/labels', key, {
    id: randomUUID(),
    traceId: task.trace_id,
    taskId: task.id,
    failureModes: failing,
    critique,
  });

const lock = (key: string, task: TaskRow) => call('POST', `/api/queue/${task.id}/lock`, key);

beforeAll(async () => {
  server = await startTestServer();
  // Before any request reads (and caches) the default project's settings.
  await server.runtime.pool.query(
    `update projects set settings = '{"review": {"doubleReviewShare": 0.25, "adjudicators": ["ada"]}}' where id = 'default'`,
  );
  for (const name of ['rita', 'sam', 'cy', 'ada'] as const)
    keys[name] = await createApiKey(server.runtime.db, 'default', 'review', name);
  for (const key of ['tone', 'pii_leak'])
    expect(
      (await call('POST', '/api/failure-modes', server.keys.admin, { key, title: key, rubric: `rubric of ${key}` }))
        .status,
    ).toBe(201);
  ({ cycleId } = await seedReviewQueue(server, 20));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('double review: queue fill', () => {
  it("queues the project's share of the traces twice, the budget counting traces", async () => {
    const tasks = await tasksOf(cycleId);
    const copies = tasks.filter((t) => t.copy === 2);
    const traces = tasks.filter((t) => t.copy === 1).length; // near-duplicates collapse: at most 20
    expect(traces).toBeGreaterThan(8);
    expect(copies).toHaveLength(Math.round(0.25 * traces));
    for (const c of copies) {
      const both = tasks.filter((t) => t.trace_id === c.trace_id);
      expect(both.map((t) => [t.copy, t.double_review])).toEqual([
        [1, true],
        [2, true],
      ]);
    }
    const stats = await server.runtime.pool.query('select fill_stats from cycles where id = $1', [cycleId]);
    expect(stats.rows[0].fill_stats.doubleReview).toEqual({ share: 0.25, added: copies.length });
  });

  it('takes a per-fill override, and a repeated fill adds no copies', async () => {
    const t0 = Date.UTC(2026, 6, 1, 9, 0, 0);
    const seeded = await seedReviewQueue(server, 4, t0);
    // seedReviewQueue filled with the project's 0.25 → 1 copy; the same window again adds nothing, copies included.
    const again = await call('POST', '/api/queue/fill', server.keys.admin, {
      from: new Date(t0 - 60_000).toISOString(),
      to: new Date(t0 + 3_600_000).toISOString(),
      budget: 4,
      doubleReviewShare: 1,
    });
    expect(again.status).toBe(200);
    const seededTasks = await tasksOf(seeded.cycleId);
    const queued = seededTasks.filter((t) => t.copy === 1).length;
    expect(again.body).toMatchObject({ added: 0, doubleReviewed: 0, queued });
    expect(seededTasks.filter((t) => t.copy === 2)).toHaveLength(Math.round(0.25 * queued));
    const override = await server.runtime.activities.fillQueue({
      projectId: 'default',
      windowStart: new Date(t0 - 60_000).toISOString(),
      windowEnd: new Date(t0 + 3_600_000).toISOString(),
      budget: 4,
      doubleReviewShare: 1,
      cycleId: `override-${randomUUID()}`,
    });
    // Share 1: every trace this fill added is queued twice (how many it adds depends on its own seed).
    expect(override.added).toBeGreaterThan(0);
    expect(override.doubleReviewed).toBe(override.added);
  });

  it.each([
    { share: 1.5, why: /doubleReviewShare/ },
    { share: -0.2, why: /doubleReviewShare/ },
    { share: 'half', why: /doubleReviewShare/ },
  ])('rejects doubleReviewShare $share with a 400 naming it', async ({ share, why }) => {
    const r = await call('POST', '/api/queue/fill', server.keys.admin, {
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-02T00:00:00Z',
      doubleReviewShare: share,
    });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(why);
  });
});

describe('double review: two different reviewers, blind', () => {
  it('never gives both copies to the same reviewer (lock, label, next, assign)', async () => {
    const [first, second] = (await pairs())[0]![1];
    expect((await lock(keys.rita, first!)).status).toBe(200);
    const held = await lock(keys.rita, second!);
    expect(held.status).toBe(409);
    expect(held.body.error.message).toMatch(/second copy of a double-reviewed trace .* another reviewer/);
    expect((await label(keys.rita, first!, ['tone'], 'rude closing line')).status).toBe(201);
    const again = await label(keys.rita, second!, ['tone'], 'second try');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/other copy you hold or labeled/);
    const assigned = await call('POST', `/api/queue/${second!.id}/assign`, server.keys.admin, { reviewer: 'rita' });
    expect(assigned.status).toBe(409);
    expect(assigned.body.error.message).toMatch(/rita holds or labeled/);
    // With every other task taken, rita's "next" finds nothing and sam's finds the second copy.
    await server.runtime.pool.query(
      `update review_tasks set locked_by = 'zed', lock_expires_at = now() + interval '1 hour'
       where cycle_id = $1 and id <> $2 and status = 'pending'`,
      [cycleId, second!.id],
    );
    try {
      expect((await call('POST', '/api/queue/next', keys.rita, { cycle: cycleId })).body.task).toBeNull();
      expect((await call('POST', '/api/queue/next', keys.sam, { cycle: cycleId })).body.task.id).toBe(second!.id);
    } finally {
      await server.runtime.pool.query(
        `update review_tasks set locked_by = null, lock_expires_at = null where cycle_id = $1 and locked_by = 'zed'`,
        [cycleId],
      );
    }
  });

  it("hides the first reviewer's label from everyone else until both copies are labeled", async () => {
    const [traceId, [, second]] = (await pairs())[0]!;
    const seen = async (key: string) => (await call('GET', `/api/labels?traceId=${traceId}`, key)).body;
    expect((await seen(keys.rita)).labels.map((l: { reviewer: string }) => l.reviewer)).toEqual(['rita']);
    for (const key of [keys.sam, server.keys.admin]) {
      expect(await seen(key)).toEqual({ labels: [], hiddenUntilDoubleReviewDone: 1 });
    }
    const cookie = await signIn(server.url, keys.sam);
    const page = await (await fetch(`${server.url}/traces/${traceId}`, { headers: { cookie } })).text();
    expect(page).toContain('hidden: this trace is out for blind double review');
    expect(page).not.toContain('rude closing line');
    // The cycle does not count the half-done trace yet.
    const before = await cycleLabelStatus(server.runtime.pool, 'default', cycleId, 15);
    expect(before.judgedByMode.tone ?? 0).toBe(0);
    expect(before.doubleReview).toEqual({ traces: (await pairs()).length, done: 0 });

    expect((await label(keys.sam, second!, [], 'tone is fine')).status).toBe(201);
    expect((await seen(keys.sam)).labels.map((l: { reviewer: string }) => l.reviewer).sort()).toEqual(['rita', 'sam']);
    expect((await seen(keys.sam)).hiddenUntilDoubleReviewDone).toBeUndefined();
    // Both done: the trace counts once, for each mode it was judged on.
    const after = await cycleLabelStatus(server.runtime.pool, 'default', cycleId, 15);
    expect(after.judgedByMode).toMatchObject({ tone: 1, pii_leak: 1 });
    expect(after.labelsByMode.tone).toBe(1);
    expect(after.doubleReview).toEqual({ traces: (await pairs()).length, done: 1 });
  });
});

describe('adjudication', () => {
  let disputed: string;
  let pending: string;
  let selfLabeled: string;
  let single: string;

  beforeAll(async () => {
    const all = await pairs();
    disputed = all[0]![0];
    // Second pair: only one copy labeled (still blind). Third: ada is one of the disagreeing reviewers.
    pending = all[1]![0];
    expect((await label(keys.cy, all[1]![1][0]!, ['tone'], 'cy thinks rude')).status).toBe(201);
    selfLabeled = all[2]![0];
    expect((await label(keys.ada, all[2]![1][0]!, ['tone'], 'ada: rude')).status).toBe(201);
    expect((await label(keys.cy, all[2]![1][1]!, [], 'cy: fine')).status).toBe(201);
    const solo = (await tasksOf(cycleId)).find((t) => !t.double_review)!;
    single = solo.trace_id;
    expect((await label(keys.cy, solo, ['tone'], 'single')).status).toBe(201);
  });

  it('lists the disagreement per failure mode (open), not where the reviewers agree', async () => {
    const r = await call('GET', '/api/adjudications', keys.sam);
    expect(r.status).toBe(200);
    expect(r.body.canAdjudicate).toBe(false);
    const open = r.body.disagreements.filter((d: { traceId: string }) => d.traceId === disputed);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ failureMode: 'tone', adjudication: null });
    expect(open[0].verdicts.map((v: { reviewer: string; verdict: string }) => [v.reviewer, v.verdict])).toEqual([
      ['rita', 'fail'],
      ['sam', 'pass'],
    ]);
    expect(r.body.disagreements.some((d: { traceId: string }) => d.traceId === pending)).toBe(false);
    expect((await call('GET', '/api/adjudications', keys.ada)).body.canAdjudicate).toBe(true);
  });

  it('leaves the unsettled disagreement out of the ground truth, and says so', async () => {
    const frozen = await freezeAllLabels(server.runtime.pool, 'default', 'test');
    const labels = await loadFrozenLabels(server.runtime.pool, 'default', frozen.versionId);
    expect(humanVerdicts(labels, 'tone').some((v) => v.traceId === disputed)).toBe(false);
    expect(humanVerdicts(labels, 'pii_leak').some((v) => v.traceId === disputed)).toBe(true);
    expect(awaitingAdjudication(labels, 'tone')).toEqual([disputed, selfLabeled].sort());
    const agreement = await call('GET', '/api/adjudications/agreement?failureMode=tone', keys.sam);
    expect(agreement.body.failureModes).toMatchObject([
      { failureMode: 'tone', disagreements: 2, awaitingAdjudication: 2, agreement: { units: 2, raters: 4 } },
    ]);
  });

  it.each([
    {
      who: 'sam',
      body: () => ({ traceId: disputed, failureMode: 'tone', verdict: 'fail', note: 'x' }),
      status: 403,
      why: /only an admin or a designated adjudicator/,
    },
    {
      who: 'ada',
      body: () => ({ traceId: selfLabeled, failureMode: 'tone', verdict: 'fail', note: 'x' }),
      status: 403,
      why: /ada labeled trace .* may not adjudicate/,
    },
    {
      who: 'ada',
      body: () => ({ traceId: single, failureMode: 'tone', verdict: 'fail', note: 'x' }),
      status: 409,
      why: /was not double-reviewed/,
    },
    {
      who: 'ada',
      body: () => ({ traceId: pending, failureMode: 'tone', verdict: 'fail', note: 'x' }),
      status: 409,
      why: /still out for blind double review/,
    },
    {
      who: 'ada',
      body: () => ({ traceId: disputed, failureMode: 'pii_leak', verdict: 'fail', note: 'x' }),
      status: 409,
      why: /do not disagree on "pii_leak"/,
    },
    {
      who: 'ada',
      body: () => ({ traceId: disputed, failureMode: 'nope', verdict: 'fail', note: 'x' }),
      status: 400,
      why: /no failure mode "nope"/,
    },
    {
      who: 'ada',
      body: () => ({ traceId: disputed, failureMode: 'tone', verdict: 'maybe', note: 'x' }),
      status: 400,
      why: /verdict must be "pass" or "fail"/,
    },
    {
      who: 'ada',
      body: () => ({ traceId: disputed, failureMode: 'tone', verdict: 'fail', note: '  ' }),
      status: 400,
      why: /note: say why/,
    },
    {
      who: 'ada',
      body: () => ({ traceId: 'xyz', failureMode: 'tone', verdict: 'fail', note: 'x' }),
      status: 400,
      why: /32 hex characters/,
    },
    {
      who: 'ada',
      body: () => ({ traceId: 'a'.repeat(32), failureMode: 'tone', verdict: 'fail', note: 'x' }),
      status: 404,
      why: /no trace a{32}/,
    },
  ])('$status for $who: $why', async ({ who, body, status, why }) => {
    const r = await call('POST', '/api/adjudications', keys[who as keyof typeof keys], body());
    expect(r.status).toBe(status);
    expect(r.body.error.message).toMatch(why);
  });

  it('records the outcome (final, attributed, dated) and it becomes the ground truth', async () => {
    const before = await freezeAllLabels(server.runtime.pool, 'default', 'test');
    const r = await call('POST', '/api/adjudications', keys.ada, {
      traceId: disputed,
      failureMode: 'tone',
      verdict: 'fail',
      note: 'The closing line is curt: rubric says fail.',
    });
    expect(r.status).toBe(201);
    expect(r.body.adjudication).toMatchObject({
      traceId: disputed,
      failureMode: 'tone',
      adjudication: { verdict: 'fail', by: 'ada', note: 'The closing line is curt: rubric says fail.' },
    });
    expect(Date.parse(r.body.adjudication.adjudication.at)).toBeGreaterThan(Date.now() - 60_000);

    const again = await call('POST', '/api/adjudications', server.keys.admin, {
      traceId: disputed,
      failureMode: 'tone',
      verdict: 'pass',
      note: 'overrule',
    });
    expect(again.status).toBe(409);
    expect(again.text).toMatch(/already adjudicated \(fail\) by ada .* adjudications are final/);
    for (const method of ['PUT', 'PATCH', 'DELETE'])
      expect((await call(method, '/api/adjudications', server.keys.admin, {})).text).toMatch(/adjudications are final/);
    await expect(
      server.runtime.pool.query(`update labels set verdict = 'pass' where adjudicates is not null`),
    ).rejects.toThrow(/immutable/);
    const correction = await call('POST', '/api/labels', server.keys.admin, {
      id: randomUUID(),
      traceId: disputed,
      failureModes: [],
      supersedes: r.body.adjudication.adjudication.labelId,
    });
    expect(correction.status).toBe(400);
    expect(correction.text).toMatch(/is an adjudication, which is final/);

    const after = await freezeAllLabels(server.runtime.pool, 'default', 'test');
    expect(after.versionId).not.toBe(before.versionId);
    const truth = humanVerdicts(await loadFrozenLabels(server.runtime.pool, 'default', after.versionId), 'tone');
    expect(truth.find((v) => v.traceId === disputed)).toMatchObject({ verdict: 'fail', dissent: 1 });
    // The earlier frozen version is unchanged: still without the trace.
    const old = humanVerdicts(await loadFrozenLabels(server.runtime.pool, 'default', before.versionId), 'tone');
    expect(old.some((v) => v.traceId === disputed)).toBe(false);

    const lists = await Promise.all(
      ['open', 'settled'].map(async (s) => (await call('GET', `/api/adjudications?status=${s}`, keys.sam)).body),
    );
    expect(lists[0].disagreements.map((d: { traceId: string }) => d.traceId)).toEqual([selfLabeled]);
    expect(lists[1].disagreements.map((d: { traceId: string }) => d.traceId)).toEqual([disputed]);
  });

  it("shows the reviewers' agreement next to the evaluator's in the evaluator JSON", async () => {
    const version = await publishEvaluatorVersion(server.runtime.pool, {
      projectId: 'default',
      failureModeKey: 'tone',
      name: 'curt-rule',
      config: { kind: 'regex', field: 'output', pattern: 'Shipped', mode: 'must_not_match' },
      threshold: 0.5,
      calibrationDatasetVersionId: null,
      metrics: { mcc: 0.5, mccCI: { lower: 0.1, upper: 0.8 }, nFail: 10, nPass: 12 },
      status: 'signal',
      statusReason: 'test',
      parentVersionId: null,
      createdBy: 'test',
      report: null,
      sourceKey: `test:${randomUUID()}`,
    });
    const r = await call('GET', `/api/evaluators/versions/${version.id}`, keys.sam);
    expect(r.status).toBe(200);
    // Two double-reviewed traces, both disagreements on tone: α is negative (worse than chance).
    expect(r.body.humanCeiling.reviewers).toMatchObject({ failureMode: 'tone', awaitingAdjudication: 1 });
    expect(r.body.humanCeiling.text).toMatch(
      /^reviewers agree α -?\d\.\d\d .* on 2 double-reviewed traces; this evaluator MCC 0\.50 \[0\.10, 0\.80\] on 22 labeled traces/,
    );
    expect(r.body.humanCeiling.atOrAboveCeiling).toBe(true);
  });
});
