import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  beforeAll(async () => {
    server = await startTestServer();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
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
});
