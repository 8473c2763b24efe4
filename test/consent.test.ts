import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentCommand } from '../cli/consent.js';
import { unreviewableTraceIds } from '../db/consent.js';
import { request } from './helpers/http.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

let day = 0;
/** A fresh one-hour window (each test its own, so cycles do not mix). */
const freshWindow = () => {
  day += 1;
  const t0 = Date.UTC(2026, 5, day, 9, 0, 0);
  return { t0, from: new Date(t0 - 60_000).toISOString(), to: new Date(t0 + 3_600_000).toISOString() };
};

/** Sends one chat span of `traceId` with extra attributes (a consent attribute, or none). */
const sendSpan = async (traceId: string, startMs: number, extra: Record<string, string | number> = {}) => {
  const body = otlpJsonTraces([
    {
      traceId,
      spanId: newSpanId(),
      name: 'chat gpt-4o',
      startMs,
      attributes: chatAttributes(`question ${traceId.slice(0, 6)} about my order`, 'Shipped.', extra),
    },
  ]);
  const posted = await postJson(server.url, server.keys.ingest, body);
  expect(posted.status).toBe(200);
};

const closeAll = () => server.runtime.activities.closeTraces({ idleSeconds: 0 });

const fill = async (w: { from: string; to: string }) => {
  const answer = await request(server.url, 'POST', '/api/queue/fill', {
    key: server.keys.admin,
    body: { from: w.from, to: w.to, budget: 50, randomFraction: 1 },
  });
  expect(answer.status, answer.text).toBe(200);
  return answer.body as {
    cycleId: string;
    stats: { excludedNoConsent: number; excludedByReason: Record<string, number> };
  };
};

const queuedTraces = async (cycleId: string, status = 'pending') =>
  (
    await server.runtime.pool.query<{ trace_id: string }>(
      'select trace_id from review_tasks where cycle_id = $1 and status = $2',
      [cycleId, status],
    )
  ).rows.map((r) => r.trace_id);

const setConsent = (body: unknown, key = server.keys.admin) =>
  request(server.url, 'PUT', '/api/settings/consent', { key, body });

describe('consent to review', () => {
  it('by default queues traces without the attribute and keeps out refusals and unreadable values', async () => {
    const w = freshWindow();
    const [plain, yes, no, odd] = [newTraceId(), newTraceId(), newTraceId(), newTraceId()];
    await sendSpan(plain, w.t0);
    await sendSpan(yes, w.t0 + 1000, { 'user.consent.review': 'true' });
    await sendSpan(no, w.t0 + 2000, { 'evalloop.consent': 'false' });
    await sendSpan(odd, w.t0 + 3000, { 'evalloop.consent': 'ask me later' });
    await closeAll();
    const filled = await fill(w);
    expect((await queuedTraces(filled.cycleId)).sort()).toEqual([plain, yes].sort());
    expect(filled.stats.excludedNoConsent).toBe(2);
    expect(filled.stats.excludedByReason).toEqual({ missing: 0, refused: 1, invalid: 1 });
    const cycle = await request(server.url, 'GET', `/api/cycles/${filled.cycleId}`, { key: server.keys.admin });
    expect(JSON.stringify(cycle.body)).toContain('excludedNoConsent');
  });

  it('when required, keeps out traces without the attribute; a late span that grants consent lets the trace in', async () => {
    expect((await setConsent({ required: true })).status).toBe(200);
    try {
      const w = freshWindow();
      const [silent, late] = [newTraceId(), newTraceId()];
      await sendSpan(silent, w.t0);
      await sendSpan(late, w.t0 + 1000);
      await closeAll();
      const first = await fill(w);
      expect(await queuedTraces(first.cycleId)).toEqual([]);
      expect(first.stats.excludedByReason.missing).toBe(2);
      // The consent attribute arrives in a later span of the same trace: it reopens, closes again, enters.
      await sendSpan(late, w.t0 + 5000, { 'user.consent.review': true as unknown as number });
      await closeAll();
      const second = await fill(w);
      expect(second.cycleId).toBe(first.cycleId);
      expect(await queuedTraces(second.cycleId)).toEqual([late]);
      expect(second.stats.excludedByReason.missing).toBe(1);
    } finally {
      expect((await setConsent({ required: false })).status).toBe(200);
    }
  });

  it('withdraws a queued task when a late span withdraws consent', async () => {
    const w = freshWindow();
    const traceId = newTraceId();
    await sendSpan(traceId, w.t0, { 'user.consent.review': 'yes' });
    await closeAll();
    const filled = await fill(w);
    expect(await queuedTraces(filled.cycleId)).toEqual([traceId]);
    await sendSpan(traceId, w.t0 + 4000, { 'user.consent.review': 'revoked' });
    await closeAll();
    expect(await queuedTraces(filled.cycleId)).toEqual([]);
    const { rows } = await server.runtime.pool.query(
      'select status, skip_reason from review_tasks where cycle_id = $1 and trace_id = $2',
      [filled.cycleId, traceId],
    );
    expect(rows).toEqual([{ status: 'skipped', skip_reason: 'consent' }]);
    const next = await request(server.url, 'POST', '/api/queue/next', { key: server.keys.review, body: {} });
    expect(JSON.stringify(next.body ?? {})).not.toContain(traceId);
  });

  it('withdraws pending tasks without the attribute when consent becomes required', async () => {
    const w = freshWindow();
    const [plain, yes] = [newTraceId(), newTraceId()];
    await sendSpan(plain, w.t0);
    await sendSpan(yes, w.t0 + 1000, { 'user.consent.review': 'yes' });
    await closeAll();
    const filled = await fill(w);
    expect((await queuedTraces(filled.cycleId)).sort()).toEqual([plain, yes].sort());
    const set = await setConsent({ required: true });
    try {
      expect(set.status).toBe(200);
      expect(set.body.withdrawnTasks).toBeGreaterThanOrEqual(1);
      expect(await queuedTraces(filled.cycleId)).toEqual([yes]);
    } finally {
      expect((await setConsent({ required: false })).status).toBe(200);
    }
  });

  it('leaves labels of traces without consent out of dataset versions, and says how many', async () => {
    const w = freshWindow();
    const [kept, refused] = [newTraceId(), newTraceId()];
    await sendSpan(kept, w.t0);
    await sendSpan(refused, w.t0 + 1000);
    await closeAll();
    for (const traceId of [kept, refused]) {
      const label = await request(server.url, 'POST', '/api/labels', {
        key: server.keys.review,
        body: { id: crypto.randomUUID(), traceId, failureModes: [] },
      });
      expect(label.status, label.text).toBe(201);
    }
    // Consent refused after the label was made: the label stays, but no version takes it.
    await sendSpan(refused, w.t0 + 9000, { 'evalloop.consent': 'no' });
    await closeAll();
    const created = await request(server.url, 'POST', '/api/datasets', {
      key: server.keys.admin,
      body: { name: `consent-${Date.now()}` },
    });
    expect(created.status, created.text).toBe(201);
    const frozen = await request(
      server.url,
      'POST',
      `/api/datasets/${created.body.dataset?.id ?? created.body.id}/freeze`,
      {
        key: server.keys.admin,
      },
    );
    expect(frozen.status, frozen.text).toBeLessThan(300);
    const version = frozen.body.version ?? frozen.body;
    expect(version.excludedNoConsent).toBe(1);
    const { rows } = await server.runtime.pool.query(
      `select l.trace_id from dataset_version_labels v join labels l on l.id = v.label_id where v.dataset_version_id = $1`,
      [version.versionId],
    );
    const traces = rows.map((r) => r.trace_id);
    expect(traces).toContain(kept);
    expect(traces).not.toContain(refused);
  });

  it('keeps traces without consent out of what non-admins read: the explorer, trace pages, sessions', async () => {
    const w = freshWindow();
    const [yes, no] = [newTraceId(), newTraceId()];
    const session = `consent-session-${Date.now()}`;
    await sendSpan(yes, w.t0, { 'session.id': session });
    await sendSpan(no, w.t0 + 1000, { 'session.id': session, 'evalloop.consent': 'no' });
    await closeAll();
    const list = async (key: string) =>
      (await request(server.url, 'GET', `/api/traces?session=${session}`, { key })).body.traces.map(
        (t: { trace_id?: string; traceId?: string }) => t.trace_id ?? t.traceId,
      );
    expect((await list(server.keys.admin)).sort()).toEqual([yes, no].sort());
    expect(await list(server.keys.review)).toEqual([yes]);
    const refused = await request(server.url, 'GET', `/api/traces/${no}`, { key: server.keys.review });
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/no consent to review/);
    expect((await request(server.url, 'GET', `/api/traces/${no}`, { key: server.keys.admin })).status).toBe(200);
    const turns = await request(server.url, 'GET', `/api/sessions/${session}`, { key: server.keys.review });
    expect(turns.body.turns).toHaveLength(1);
    expect(turns.body.hiddenNoConsent).toBe(1);
  });

  it('is an admin setting with clear errors', async () => {
    const cases: [string, unknown, string, number][] = [
      ['a reviewer', { required: true }, server.keys.review, 403],
      ['an unknown field', { require: true }, server.keys.admin, 400],
      ['no attribute', { attributes: [] }, server.keys.admin, 400],
      ['a non-boolean switch', { required: 'yes' }, server.keys.admin, 400],
    ];
    for (const [what, body, key, status] of cases) {
      const answer = await setConsent(body, key);
      expect(answer.status, what).toBe(status);
      expect(answer.text.length, what).toBeGreaterThan(10);
    }
    const set = await setConsent({ attributes: ['app.review_ok'] });
    expect(set.status).toBe(200);
    expect(set.body.consent).toEqual({ attributes: ['app.review_ok'], required: false });
    const read = await request(server.url, 'GET', '/api/settings/consent', { key: server.keys.admin });
    expect(read.body.consent.attributes).toEqual(['app.review_ok']);
    expect(typeof read.body.traces.reviewable).toBe('number');
    // Restore the defaults for the other tests.
    expect((await setConsent({ attributes: ['user.consent.review', 'evalloop.consent'] })).status).toBe(200);
  });

  it('is set and shown from the CLI', async () => {
    const lines: string[] = [];
    await consentCommand(server.runtime.pool, ['set', '--project', 'default', '--required'], (l) => lines.push(l));
    expect(lines.join('\n')).toMatch(/required: yes/);
    lines.length = 0;
    await consentCommand(
      server.runtime.pool,
      ['set', '--project', 'default', '--not-required', '--attribute', 'a.ok', '--attribute', 'b.ok'],
      (l) => lines.push(l),
    );
    expect(lines.join('\n')).toMatch(/consent attributes: a\.ok, b\.ok/);
    await expect(consentCommand(server.runtime.pool, ['show', '--project', 'nope'], () => {})).rejects.toThrow(
      /no project "nope"/,
    );
    await expect(
      consentCommand(server.runtime.pool, ['set', '--project', 'default', '--required', '--not-required'], () => {}),
    ).rejects.toThrow(/exclude each other/);
    await consentCommand(
      server.runtime.pool,
      ['set', '--project', 'default', '--attribute', 'user.consent.review', '--attribute', 'evalloop.consent'],
      () => {},
    );
  });

  it('names the traces whose gate flips non-admins may not see (unknown traces follow the switch)', async () => {
    const w = freshWindow();
    const [yes, no, plain] = [newTraceId(), newTraceId(), newTraceId()];
    await sendSpan(yes, w.t0, { 'evalloop.consent': 1 });
    await sendSpan(no, w.t0 + 1000, { 'evalloop.consent': 0 });
    await sendSpan(plain, w.t0 + 2000);
    await closeAll();
    const unknown = newTraceId();
    const ids = [yes, no, plain, unknown];
    expect([...(await unreviewableTraceIds(server.runtime.pool, 'default', ids))]).toEqual([no]);
    expect((await setConsent({ required: true })).status).toBe(200);
    try {
      expect([...(await unreviewableTraceIds(server.runtime.pool, 'default', ids))].sort()).toEqual(
        [no, plain, unknown].sort(),
      );
    } finally {
      expect((await setConsent({ required: false })).status).toBe(200);
    }
  });
});
