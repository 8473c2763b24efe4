import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeEvaluatorStatus, type EvaluatorVersionView, publishEvaluatorVersion } from '../db/evaluators.js';
import { type Answer, request, signIn } from './helpers/http.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let adminCookie: string;
let reviewCookie: string;

beforeAll(async () => {
  server = await startTestServer();
  adminCookie = await signIn(server.url, server.keys.admin);
  reviewCookie = await signIn(server.url, server.keys.review);
});
afterAll(() => server?.stop());

/** A form post as our own page sends it (same origin, the session cookie). */
const post = async (path: string, cookie: string, form: Record<string, string> = {}): Promise<Answer> => {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie,
      origin: server.url,
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: null, text: await response.text(), headers: response.headers };
};
const page = async (path: string, cookie: string) => {
  const response = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  return { status: response.status, text: await response.text() };
};
const query = async (sql: string, params: unknown[] = []) => (await server.runtime.pool.query(sql, params)).rows;
const api = (method: string, path: string, key: string, body?: unknown) =>
  request(server.url, method, path, { key, body });

describe('start a cycle from the cycles page', () => {
  it('starts the refresh cycle of the window with the budget and opens its page', async () => {
    const answer = await post('/cycles', adminCookie, {
      from: '2026-03-01T00:00',
      to: '2026-03-08T00:00',
      budget: '25',
    });
    expect(answer.status).toBe(303);
    const location = answer.headers.get('location')!;
    expect(location).toMatch(/^\/cycles\//);
    const id = decodeURIComponent(location.slice('/cycles/'.length));
    const [row] = await query('select window_start, window_end, budget from cycles where id = $1', [id]);
    expect(row.budget).toBe(25);
    expect(new Date(row.window_start).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(new Date(row.window_end).toISOString()).toBe('2026-03-08T00:00:00.000Z');
    expect((await page(location, adminCookie)).status).toBe(200);
    // The same window again: the same cycle.
    const again = await post('/cycles', adminCookie, { from: '2026-03-01T00:00', to: '2026-03-08T00:00' });
    expect(again.headers.get('location')).toBe(location);
  });

  it.each([
    [{ from: '2026-03-08T00:00', to: '2026-03-01T00:00' }, 'from: must be before to'],
    [{ budget: '-3' }, 'budget:'],
    [{ budget: '2.5' }, 'budget:'],
    [{ budget: 'lots' }, 'budget:'],
    [{ from: 'yesterday' }, 'from:'],
  ])('refuses %j with a 400 naming the field, keeping what was typed', async (form, message) => {
    const before = (await query('select count(*)::int as n from cycles'))[0].n;
    const answer = await post('/cycles', adminCookie, form as Record<string, string>);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('data-form-error');
    expect(answer.text).toContain(message);
    if ('from' in form) expect(answer.text).toContain(`value="${form.from}"`);
    expect((await query('select count(*)::int as n from cycles'))[0].n).toBe(before);
  });

  it('is for admins: reviewers see no form and their post is refused', async () => {
    expect((await page('/cycles', reviewCookie)).text).not.toContain('id="start-cycle"');
    expect((await page('/cycles', adminCookie)).text).toContain('id="start-cycle"');
    expect((await post('/cycles', reviewCookie, { budget: '5' })).status).toBe(403);
  });

  it('refuses a cross-origin post (CSRF), like every cookie-authenticated form', async () => {
    const response = await fetch(`${server.url}/cycles`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: adminCookie,
        origin: 'http://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'budget=5',
    });
    expect(response.status).toBe(403);
  });
});

describe('failure modes: activate, retire, edit the rubric, generate', () => {
  beforeAll(async () => {
    // A reviewer proposes a mode while labeling; an admin creates an active one.
    expect(
      (
        await api('POST', '/api/failure-modes', server.keys.review, {
          key: 'vague_answer',
          title: 'Vague',
          rubric: 'r1',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api('POST', '/api/failure-modes', server.keys.admin, {
          key: 'wrong_tool',
          title: 'Wrong tool',
          rubric: 'w1',
        })
      ).status,
    ).toBe(201);
  });
  const statusOf = async (key: string) =>
    (await query('select status from failure_modes where project_id = $1 and key = $2', ['default', key]))[0]?.status;

  it('lists modes with their status; only admins get the buttons', async () => {
    const admin = await page('/failure-modes', adminCookie);
    expect(admin.status).toBe(200);
    expect(admin.text).toContain('data-set-status="active"');
    const reviewer = await page('/failure-modes', reviewCookie);
    expect(reviewer.status).toBe(200);
    expect(reviewer.text).toContain('vague_answer');
    expect(reviewer.text).not.toContain('data-set-status');
    expect(reviewer.text).not.toContain('data-generate');
  });

  it('activates a proposed mode and retires it again (admins only)', async () => {
    expect(await statusOf('vague_answer')).toBe('proposed');
    expect((await post('/failure-modes/vague_answer/status', reviewCookie, { status: 'active' })).status).toBe(403);
    expect(await statusOf('vague_answer')).toBe('proposed');
    const activated = await post('/failure-modes/vague_answer/status', adminCookie, { status: 'active' });
    expect(activated.status).toBe(303);
    expect(await statusOf('vague_answer')).toBe('active');
    expect((await post('/failure-modes/vague_answer/status', adminCookie, { status: 'retired' })).status).toBe(303);
    expect(await statusOf('vague_answer')).toBe('retired');
  });

  it.each([
    ['/failure-modes/wrong_tool/status', { status: 'deleted' }, 400, 'status:'],
    ['/failure-modes/wrong_tool/status', {}, 400, 'status:'],
    ['/failure-modes/no_such_mode/status', { status: 'active' }, 404, 'No failure mode'],
    ['/failure-modes/no_such_mode/rubric', { rubric: 'x' }, 404, 'No failure mode'],
    ['/failure-modes/no_such_mode/generate', {}, 404, 'No failure mode'],
  ])('%s %j → %i', async (path, form, status, message) => {
    const answer = await post(path, adminCookie, form as Record<string, string>);
    expect(answer.status).toBe(status);
    expect(answer.text).toContain(message);
    expect(await statusOf('wrong_tool')).toBe('active');
  });

  it('saves an edited rubric as a new version and shows the history', async () => {
    expect((await post('/failure-modes/wrong_tool/rubric', reviewCookie, { rubric: 'nope' })).status).toBe(403);
    const saved = await post('/failure-modes/wrong_tool/rubric', adminCookie, {
      rubric: 'Fail when the agent calls a tool that cannot answer the question.',
    });
    expect(saved.status).toBe(303);
    const versions = await query(
      `select r.version, r.rubric, r.created_by from rubric_versions r join failure_modes m on m.id = r.failure_mode_id
       where m.project_id = 'default' and m.key = 'wrong_tool' order by r.version`,
    );
    expect(versions.map((v) => [v.version, v.rubric])).toEqual([
      [1, 'w1'],
      [2, 'Fail when the agent calls a tool that cannot answer the question.'],
    ]);
    const shown = await page('/failure-modes/wrong_tool', reviewCookie);
    expect(shown.text).toContain('data-rubric-version="2"');
    expect(shown.text).toContain('data-rubric-version="1"');
    expect(shown.text).not.toContain('id="edit-rubric"');
  });

  it.each([[''], ['   '], ['x'.repeat(20_001)]])(
    'refuses the rubric %#: 400 on the form, no new version',
    async (rubric) => {
      const answer = await post('/failure-modes/wrong_tool/rubric', adminCookie, { rubric });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('rubric:');
      const [n] = await query(
        `select count(*)::int as n from rubric_versions r join failure_modes m on m.id = r.failure_mode_id
       where m.project_id = 'default' and m.key = 'wrong_tool'`,
      );
      expect(n.n).toBe(2);
    },
  );

  it('generates evaluators for a mode and opens the generation run page', async () => {
    expect((await post('/failure-modes/wrong_tool/generate', reviewCookie)).status).toBe(403);
    const answer = await post('/failure-modes/wrong_tool/generate', adminCookie);
    expect(answer.status).toBe(303);
    const location = answer.headers.get('location')!;
    expect(location).toMatch(/^\/evaluators\/generations\/[0-9a-f-]{36}$/);
    const [run] = await query('select failure_modes, created_by from generation_runs where id = $1', [
      location.split('/').pop(),
    ]);
    expect(run.failure_modes).toEqual(['wrong_tool']);
    expect((await page(location, adminCookie)).status).toBe(200);
  });
});

describe('gating takeover alerts, the alerts page, acknowledging', () => {
  let v1: EvaluatorVersionView;
  let v2: EvaluatorVersionView;
  const takeovers = async () =>
    (await api('GET', '/api/evaluators/alerts?kind=gating_takeover', server.keys.review)).body.alerts as {
      id: string;
      message: string;
      details: Record<string, unknown>;
      acknowledgedAt: string | null;
    }[];

  beforeAll(async () => {
    await api('POST', '/api/failure-modes', server.keys.admin, { key: 'over_budget', title: 'Too long', rubric: 'o1' });
  });
  const publish = (status: 'gate' | 'signal', parent: string | null) =>
    publishEvaluatorVersion(server.runtime.pool, {
      projectId: 'default',
      failureModeKey: 'over_budget',
      name: 'length-budget',
      config: { kind: 'length', field: 'output', unit: 'chars', max: 1200 } as never,
      threshold: 0.5,
      calibrationDatasetVersionId: null,
      metrics: { mcc: status === 'gate' ? 0.8 : 0.5 },
      status,
      statusReason: 'test',
      parentVersionId: parent,
      createdBy: 'generator',
      report: null,
    });

  it('records no takeover for a signal version, and one when a new version is published as gate', async () => {
    v1 = await publish('signal', null);
    expect(await takeovers()).toEqual([]);
    v2 = await publish('gate', v1.id);
    const alerts = await takeovers();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toBe('over_budget/length-budget v2 now gates releases, taking over from v1 (signal)');
    expect(alerts[0]!.details).toMatchObject({ versionId: v2.id, previousVersionId: v1.id, previousStatus: 'signal' });
  });

  it('records one when a status change makes the newest version gate, not for an older version', async () => {
    await changeEvaluatorStatus(server.runtime.pool, 'default', v2.id, 'signal', 'drift', 'drift watch');
    await changeEvaluatorStatus(server.runtime.pool, 'default', v1.id, 'gate', 'older', 'someone');
    expect(await takeovers()).toHaveLength(1);
    const answer = await api('POST', `/api/evaluators/versions/${v2.id}/status`, server.keys.admin, {
      status: 'gate',
      reason: 'recalibrated fine',
    });
    expect(answer.status).toBe(200);
    const alerts = await takeovers();
    expect(alerts).toHaveLength(2);
    expect(alerts[0]!.details).toMatchObject({ versionId: v2.id, by: expect.any(String) });
    // Already gating: no second notice.
    await api('POST', `/api/evaluators/versions/${v2.id}/status`, server.keys.admin, {
      status: 'gate',
      reason: 'again',
    });
    expect(await takeovers()).toHaveLength(2);
  });

  it('shows the notice on the evaluator page and the gates page', async () => {
    const evaluator = await page(`/evaluators/${v2.id}`, reviewCookie);
    expect(evaluator.text).toContain('id="gating-notice"');
    expect(evaluator.text).toContain('v2 now gates releases');
    expect((await page(`/evaluators/${v1.id}`, reviewCookie)).text).not.toContain('id="gating-notice"');
    const gates = await page('/gates', reviewCookie);
    expect(gates.text).toContain('id="gating-notice"');
  });

  it('lists alerts on /alerts with kind and state filters', async () => {
    await server.runtime.pool.query(
      `insert into alerts (project_id, kind, message, details) values ('default', 'evaluator_drift', 'drifted', '{}')`,
    );
    const all = await page('/alerts?state=all', reviewCookie);
    expect(all.status).toBe(200);
    expect(all.text.match(/data-alert-id=/g)).toHaveLength(3);
    const drift = await page('/alerts?kind=evaluator_drift&state=open', reviewCookie);
    expect(drift.text.match(/data-alert-id=/g)).toHaveLength(1);
    expect(drift.text).toContain('drifted');
    expect(all.text).not.toContain('<button type="submit" data-acknowledge');
    expect((await page('/alerts?state=closed', reviewCookie)).status).toBe(400);
    expect((await api('GET', '/api/evaluators/alerts?state=closed', server.keys.review)).status).toBe(400);
  });

  it('acknowledges an alert (admins): it leaves the open list, the nav badge count and the gates notice', async () => {
    const [newest, older] = await takeovers();
    expect((await page('/alerts', adminCookie)).text).toContain(
      `<button type="submit" data-acknowledge="${newest!.id}"`,
    );
    expect((await post(`/alerts/${newest!.id}/acknowledge`, reviewCookie)).status).toBe(403);
    expect((await api('POST', `/api/evaluators/alerts/${newest!.id}/acknowledge`, server.keys.review)).status).toBe(
      403,
    );
    const done = await post(`/alerts/${newest!.id}/acknowledge?kind=gating_takeover&state=open`, adminCookie);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/alerts?kind=gating_takeover&state=open');
    const viaApi = await api('POST', `/api/evaluators/alerts/${older!.id}/acknowledge`, server.keys.admin);
    expect(viaApi.status).toBe(200);
    expect(viaApi.body.alert.acknowledgedBy).toBeTruthy();
    const after = await takeovers();
    expect(after.every((a) => a.acknowledgedAt !== null)).toBe(true);
    const open = await api('GET', '/api/evaluators/alerts?state=open', server.keys.review);
    expect(open.body.alerts.map((a: { kind: string }) => a.kind)).toEqual(['evaluator_drift']);
    expect((await page('/gates', reviewCookie)).text).not.toContain('id="gating-notice"');
    expect((await page('/alerts', reviewCookie)).text).toContain('1 alert');
  });

  it.each([
    ['not-a-uuid', 400, 404],
    ['00000000-0000-4000-8000-000000000000', 404, 404],
  ])('acknowledging %s: API %i, page %i', async (id, apiStatus, pageStatus) => {
    expect((await api('POST', `/api/evaluators/alerts/${id}/acknowledge`, server.keys.admin)).status).toBe(apiStatus);
    expect((await post(`/alerts/${id}/acknowledge`, adminCookie)).status).toBe(pageStatus);
  });
});

describe('the evaluator edit form: a field per kind, the API schema, a diff', () => {
  let base: EvaluatorVersionView;
  beforeAll(async () => {
    await api('POST', '/api/failure-modes', server.keys.admin, {
      key: 'boilerplate',
      title: 'Boilerplate',
      rubric: 'b',
    });
    base = await publishEvaluatorVersion(server.runtime.pool, {
      projectId: 'default',
      failureModeKey: 'boilerplate',
      name: 'no-boilerplate',
      config: { kind: 'banned_phrases', phrases: ['as an ai'], field: 'output' },
      threshold: 0.5,
      calibrationDatasetVersionId: null,
      metrics: {},
      status: 'revise',
      statusReason: 'test',
      parentVersionId: null,
      createdBy: 'generator',
      report: null,
    });
  });

  it('shows labelled fields of the kind, not a JSON textarea', async () => {
    const shown = (await page(`/evaluators/${base.id}`, adminCookie)).text;
    expect(shown).toContain('data-kind="banned_phrases"');
    expect(shown).toContain('name="phrases"');
    expect(shown).toContain('name="field"');
    expect(shown).not.toContain('name="config"');
    expect((await page(`/evaluators/${base.id}`, reviewCookie)).text).not.toContain('id="edit-evaluator"');
  });

  it('previews the diff without publishing, then publishes the next version whose page shows it', async () => {
    const form = { phrases: 'as an ai\ni cannot help', field: 'output', threshold: '0.6' };
    const preview = await post(`/evaluators/${base.id}/edit`, adminCookie, { ...form, action: 'preview' });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('id="edit-diff"');
    expect(preview.text).toContain('<span class="add" data-op="+">+     &quot;i cannot help&quot;');
    expect(preview.text).toContain('<span class="del" data-op="-">- threshold: 0.5');
    const count = async () =>
      (await query('select count(*)::int as n from evaluator_versions where evaluator_id = $1', [base.evaluatorId]))[0]
        .n;
    expect(await count()).toBe(1);

    const saved = await post(`/evaluators/${base.id}/edit`, adminCookie, { ...form, action: 'save' });
    expect(saved.status).toBe(303);
    const next = saved.headers
      .get('location')!
      .replace(/^\/evaluators\//, '')
      .replace(/#.*/, '');
    expect(await count()).toBe(2);
    const [row] = await query('select version, config, threshold from evaluator_versions where id = $1', [next]);
    expect(row).toMatchObject({
      version: 2,
      config: { kind: 'banned_phrases', phrases: ['as an ai', 'i cannot help'], field: 'output' },
      threshold: 0.6,
    });
    const shown = (await page(`/evaluators/${next}`, reviewCookie)).text;
    expect(shown).toContain('id="version-diff"');
    expect(shown).toContain('Changes against v1');
    expect(shown).toContain('data-op="+"');
  });

  it.each([
    [{ phrases: '  ', field: 'output' }, 'config.phrases: list at least one phrase'],
    [{ phrases: 'x', field: 'everywhere' }, 'config.field:'],
    [{ phrases: 'x', field: 'output', threshold: '2' }, 'threshold:'],
    [{ phrases: 'x', field: 'output', threshold: 'high' }, 'threshold:'],
  ])('refuses %j on the form with a 400 naming the field, as the API does', async (form, message) => {
    const answer = await post(`/evaluators/${base.id}/edit`, adminCookie, { ...form, action: 'save' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('data-form-error');
    expect(answer.text).toContain(message);
    // The form keeps what was typed.
    expect(answer.text).toContain(`<textarea name="phrases" rows="6">${form.phrases}</textarea>`);
  });

  it('the API refuses the same config with the same message', async () => {
    const answer = await api('POST', '/api/evaluators', server.keys.admin, {
      failureMode: 'boilerplate',
      name: 'no-boilerplate',
      config: { kind: 'banned_phrases', phrases: [], field: 'output' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe('config.phrases: list at least one phrase');
  });

  it('refuses reviewers and unknown versions', async () => {
    expect((await post(`/evaluators/${base.id}/edit`, reviewCookie, { phrases: 'x', field: 'output' })).status).toBe(
      403,
    );
    expect((await post('/evaluators/00000000-0000-4000-8000-000000000000/edit', adminCookie, {})).status).toBe(404);
  });
});

describe('empty states', () => {
  it('the queue, cycles and failure modes pages of a new project explain how to send traces', async () => {
    const other = await server.createProject('fresh-project');
    const cookie = await signIn(server.url, other.admin);
    for (const path of ['/', '/cycles', '/failure-modes']) {
      const shown = await page(path, cookie);
      expect(shown.status).toBe(200);
      expect(shown.text, path).toContain('id="ingest-help"');
      expect(shown.text, path).toContain(`${server.url}/v1/traces`);
      expect(shown.text, path).toContain('OTEL_EXPORTER_OTLP_HEADERS');
    }
    expect((await page('/', cookie)).text).toContain('href="/cycles#start-cycle"');
  });
});
