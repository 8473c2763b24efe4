import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedGateReleases } from './helpers/gate-releases.js';
import { startTestServer, type TestServer } from './helpers/server.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** ci/evalloop-gate.sh as a CI job runs it: `sh`, curl, its own environment. */
const runScript = (args: string[], env: Record<string, string>) =>
  new Promise<Run>((resolve, reject) => {
    const child = spawn('sh', ['ci/evalloop-gate.sh', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
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

describe('ci/evalloop-gate.sh (curl only)', () => {
  let server: TestServer;
  let releases: Awaited<ReturnType<typeof seedGateReleases>>;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { PUBLIC_URL: 'https://evalloop.example.test' } });
    releases = await seedGateReleases(server);
    dir = await mkdtemp(join(tmpdir(), 'ci-gate-script-'));
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['a wrong key', ['--release', 'r1'], { key: 'wrong' }, /answered 401/],
    ['no release', [], {}, /--release is required/],
    ['no URL', ['--release', 'r1'], { url: '' }, /set EVALLOOP_URL/],
  ])('%s exits 2 with a message', async (_name, args, over, message) => {
    const o = over as { key?: string; url?: string };
    const run = await runScript(args, {
      EVALLOOP_URL: o.url ?? server.url,
      EVALLOOP_KEY: o.key ?? server.keys.admin,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('a release with no traces is inconclusive: exit 3, or 0 with --allow-inconclusive', async () => {
    const env = { EVALLOOP_URL: server.url, EVALLOOP_KEY: server.keys.admin };

    const strict = await runScript(
      [
        '--release',
        'no-traces',
        '--timeout',
        '60',
        '--junit',
        `${tmpdir()}/ci-gate-test-${process.pid}.xml`,
        '--markdown',
        `${tmpdir()}/ci-gate-test-${process.pid}.md`,
      ],
      env,
    );
    expect(strict.stdout + strict.stderr).toMatch(/inconclusive/);
    expect(strict.code).toBe(3);
    const lenient = await runScript(
      [
        '--release',
        'no-traces',
        '--allow-inconclusive',
        '--timeout',
        '60',
        '--junit',
        `${tmpdir()}/ci-gate-test-${process.pid}.xml`,
        '--markdown',
        `${tmpdir()}/ci-gate-test-${process.pid}.md`,
      ],
      env,
    );
    expect(lenient.code).toBe(0);
  }, 150_000);

  const gate = (release: string, name: string) =>
    runScript(
      [
        '--release',
        release,
        '--baseline',
        releases.baseline,
        '--timeout',
        '120',
        '--junit',
        join(dir, `${name}.xml`),
        '--markdown',
        join(dir, `${name}.md`),
      ],
      { EVALLOOP_URL: server.url, EVALLOOP_KEY: server.keys.admin },
    );

  it('a passing gate exits 0 and writes JUnit and Markdown with the verdict', async () => {
    const run = await gate(releases.harmless, 'pass');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: pass \(/);
    const xml = await readFile(join(dir, 'pass.xml'), 'utf8');
    expect(xml).toContain('failures="0" errors="0"');
    expect(xml).toContain('citation-grounding v1 (gate)');
    expect(await readFile(join(dir, 'pass.md'), 'utf8')).toMatch(/^## evalloop gate: .* — pass\n/);
  }, 180_000);

  it('a blocked gate exits 1, then 0 once an admin waives it, printing who and why', async () => {
    const blocked = await gate(releases.citations, 'blocked');
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toMatch(/: blocked \(/);
    const xml = await readFile(join(dir, 'blocked.xml'), 'utf8');
    expect(xml).toMatch(/failures="1"/);
    expect(xml).toContain('<failure message=');
    expect(await readFile(join(dir, 'blocked.md'), 'utf8')).toMatch(/^## evalloop gate: .* — BLOCKED\n/);

    const id = /gate (\S+): blocked/.exec(blocked.stdout)?.[1];
    expect(id).toBeDefined();
    const waived = await fetch(`${server.url}/api/gates/${encodeURIComponent(id!)}/waive`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.keys.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'staging index was stale; INC-7' }),
    });
    expect(waived.status).toBe(201);

    const again = await gate(releases.citations, 'waived');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`gate ${id}: WAIVED (was blocked)`);
    expect(again.stdout).toMatch(/waived by .*Reason: staging index was stale; INC-7/);
    const waivedXml = await readFile(join(dir, 'waived.xml'), 'utf8');
    expect(waivedXml).not.toMatch(/<failure|<error/);
    expect(waivedXml).toContain('WAIVED: waived by');
    expect(await readFile(join(dir, 'waived.md'), 'utf8')).toContain('WAIVED (was BLOCKED)');
  }, 240_000);
});
