import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../db/api-keys.js';
import { seedGateReleases } from './helpers/gate-releases.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// biome-ignore lint/suspicious/noExplicitAny: API bodies read loosely
type Json = any;

const PUBLIC_URL = 'https://evalloop.example.test';

/** `evalloop gate …` as CI runs it: a child process with its own environment. */
const runCli = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/evalloop.ts', 'gate', ...args], {
      env: { ...process.env, GITHUB_STEP_SUMMARY: '', ...env },
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
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });

describe('waiving and re-running gates', () => {
  let server: TestServer;
  let ciKey: string;
  let releases: Awaited<ReturnType<typeof seedGateReleases>>;
  let blockedId: string;
  let passedId: string;

  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Json = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: response.status, body: parsed };
  };
  const decided = async (id: string) => {
    for (let i = 0; i < 8; i++) {
      const polled = await call(ciKey, 'GET', `/api/gates/${encodeURIComponent(id)}?wait=20`);
      if (polled.body.state === 'decided') return polled.body.gate;
    }
    throw new Error(`gate ${id} undecided`);
  };
  const startGate = async (body: Record<string, unknown>) => {
    const started = await call(ciKey, 'POST', '/api/gates', body);
    expect([200, 202]).toContain(started.status);
    return decided(started.body.id);
  };
  const waive = (id: string, body: unknown, key = server.keys.admin) =>
    call(key, 'POST', `/api/gates/${encodeURIComponent(id)}/waive`, body);

  beforeAll(async () => {
    server = await startTestServer({ env: { PUBLIC_URL } });
    ciKey = await createApiKey(server.runtime.db, 'default', 'ci', 'waive test CI');
    releases = await seedGateReleases(server);
    const blocked = await startGate({ release: releases.citations, baseline: releases.baseline });
    expect(blocked.status).toBe('blocked');
    blockedId = blocked.id;
    const passed = await startGate({ release: releases.harmless, baseline: releases.baseline });
    expect(passed.status).toBe('pass');
    passedId = passed.id;
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    ['a ci key', () => ciKey, 403],
    ['a review key', () => server.keys.review, 403],
    ['an ingest key', () => server.keys.ingest, 403],
  ])('refuses %s (only admins waive or re-run)', async (_name, key, status) => {
    expect((await waive(blockedId, { reason: 'ship it' }, key())).status).toBe(status);
    expect((await call(key(), 'POST', `/api/gates/${encodeURIComponent(blockedId)}/rerun`)).status).toBe(status);
  });

  it.each([
    ['no reason', {}, /reason/],
    ['an empty reason', { reason: '' }, /reason: say why/],
    ['a blank reason', { reason: '   \n ' }, /reason: say why/],
    ['a reason too long', { reason: 'x'.repeat(2001) }, /at most 2000 characters/],
    ['a reason of the wrong type', { reason: 42 }, /reason/],
  ])('rejects %s with a 400 naming the field', async (_name, body, message) => {
    const r = await waive(blockedId, body);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(message);
  });

  it('answers 404 for a gate that does not exist, and 409 for a passed gate', async () => {
    const missing = await waive('gate:default:nope:0000', { reason: 'x' });
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).toContain('no gate gate:default:nope:0000');
    const passed = await waive(passedId, { reason: 'why not' });
    expect(passed.status).toBe(409);
    expect(JSON.stringify(passed.body)).toMatch(/is pass: only a blocked or inconclusive gate can be waived/);
    expect((await call(server.keys.admin, 'POST', '/api/gates/gate:default:nope:0000/rerun')).status).toBe(404);
  });

  it('records a waiver once, immutably, and shows it in the gate, history, reports and CLI', async () => {
    const r = await waive(blockedId, { reason: '  known flaky citations in the staging index; INC-42  ' });
    expect(r.status).toBe(201);
    expect(r.body.waiver).toMatchObject({
      gateId: blockedId,
      waivedBy: expect.any(String),
      reason: 'known flaky citations in the staging index; INC-42',
    });
    expect(r.body.gate.outcome).toBe('waived');

    const again = await waive(blockedId, { reason: 'another reason' });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toMatch(/waived already by/);
    await expect(
      server.runtime.pool.query(`update gate_waivers set reason = 'edited' where gate_id = $1`, [blockedId]),
    ).rejects.toThrow(/immutable/);
    await expect(server.runtime.pool.query('delete from gate_waivers where gate_id = $1', [blockedId])).rejects.toThrow(
      /immutable/,
    );

    const gate = await call(ciKey, 'GET', `/api/gates/${encodeURIComponent(blockedId)}`);
    expect(gate.body.gate).toMatchObject({
      status: 'blocked',
      outcome: 'waived',
      waiver: { reason: r.body.waiver.reason },
    });
    expect(gate.body.gate.markdown).toContain('WAIVED (was BLOCKED)');
    expect(gate.body.gate.markdown).toContain(`${PUBLIC_URL}/gates/${encodeURIComponent(blockedId)}`);
    const history = await call(ciKey, 'GET', '/api/gates');
    const row = history.body.gates.find((g: Json) => g.id === blockedId);
    expect(row).toMatchObject({ outcome: 'waived', waiver: { reason: r.body.waiver.reason } });
    expect(history.body.gates.find((g: Json) => g.id === passedId)).toMatchObject({ outcome: 'pass', waiver: null });

    const junit = await call(ciKey, 'GET', `/api/gates/${encodeURIComponent(blockedId)}/junit`);
    expect(junit.body).not.toMatch(/<failure|<error/);
    expect(junit.body).toContain('WAIVED: waived by');
    const markdown = await call(ciKey, 'GET', `/api/gates/${encodeURIComponent(blockedId)}/markdown`);
    expect(markdown.body).toContain('**Waived** by');

    // The CLI gates the same evidence: it reuses the waived run, exits 0 and says who waived it and why.
    const dir = await mkdtemp(join(tmpdir(), 'gate-waive-'));
    try {
      const cli = await runCli(
        ['--release', releases.citations, '--baseline', releases.baseline, '--wait', '--junit', join(dir, 'g.xml')],
        { EVALLOOP_URL: server.url, EVALLOOP_KEY: ciKey },
      );
      expect(cli.stderr).not.toMatch(/failed/);
      expect(cli.code).toBe(0);
      expect(cli.stdout).toContain(`is WAIVED (was blocked): waived by`);
      expect(cli.stdout).toContain('known flaky citations in the staging index; INC-42');
      expect(await readFile(join(dir, 'g.xml'), 'utf8')).toContain('failures="0" errors="0"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('re-runs a gate: fresh evidence, a new run (not waived), as --rerun does', async () => {
    const r = await call(server.keys.admin, 'POST', `/api/gates/${encodeURIComponent(blockedId)}/rerun`);
    expect(r.status).toBe(202);
    expect(r.body.id).not.toBe(blockedId);
    expect(r.body.reused).toBe(false);
    const gate = await decided(r.body.id);
    expect(gate).toMatchObject({ release: releases.citations, baseline: releases.baseline, status: 'blocked' });
    expect(gate.outcome).toBe('blocked');
    expect(gate.waiver).toBeNull();
  }, 120_000);
});
