import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../core/auth.js';
import { createApiKey } from '../db/api-keys.js';
import { request, signIn } from './helpers/http.js';
import { seedReviewQueue } from './helpers/review-fixture.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const run = promisify(execFile);

let server: TestServer;
let cycleId: string;
let traceIds: string[];
let taskId: string;

beforeAll(async () => {
  server = await startTestServer();
  ({ cycleId, traceIds } = await seedReviewQueue(server, 6));
  taskId = (await server.runtime.pool.query('select id from review_tasks limit 1')).rows[0].id;
});
afterAll(() => server?.stop());

const page = (path: string, cookie: string) => request(server.url, 'GET', path, { headers: { cookie } });

/** Posts the sign-in form as our own page would; returns the raw answer. */
const postLogin = (body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: server.url,
      'sec-fetch-site': 'same-origin',
      ...headers,
    },
    body: new URLSearchParams(body),
  });

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Open-redirect payloads: each must leave the browser on our origin. */
const payloads = [
  '//evil.example/',
  '///evil.example/',
  '/\\evil.example/',
  '\\\\evil.example',
  '/\t/evil.example/',
  '/%09/evil.example/',
  '/%2F%2Fevil.example',
  '%2F%2Fevil.example',
  '/.//evil.example',
  'javascript:alert(document.cookie)',
  'http://evil.example/',
  'https:evil.example',
  '/\r\nSet-Cookie: injected=1',
  '/\n/evil.example',
  '/%0d%0aLocation:%20http://evil.example',
  '/\u2028//evil.example',
  '/\uff0f\uff0fevil.example',
];

describe('sign-in redirects only to paths of this site', () => {
  it.each(payloads)('next=%j', async (next) => {
    const login = await page(`/login?next=${encodeURIComponent(next)}`, '');
    expect(login.status).toBe(200);
    const hidden = login.text.match(/name="next" value="([^"]*)"/)?.[1];
    expect(hidden).toBeDefined();
    expect(new URL(unescapeHtml(hidden!), server.url).origin).toBe(server.url);

    const answer = await postLogin({ key: server.keys.review, next });
    expect(answer.status).toBe(303);
    const location = answer.headers.get('location')!;
    expect(new URL(location, `${server.url}/login`).origin).toBe(server.url);
    expect(location).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
  });

  it('still returns to a real page of the site after sign-in', async () => {
    const next = `/tasks/${taskId}?from=queue`;
    const answer = await postLogin({ key: server.keys.review, next });
    expect(answer.headers.get('location')).toBe(next);
    const queue = await page(`/?cycle=${encodeURIComponent(cycleId)}`, '');
    expect(queue.status).toBe(302);
    expect(queue.headers.get('location')).toBe(
      `/login?next=${encodeURIComponent(`/?cycle=${encodeURIComponent(cycleId)}`)}`,
    );
  });

  it("keeps the trace page's back link on this site", async () => {
    const cookie = await signIn(server.url, server.keys.review);
    for (const back of [...payloads, '/gates/g1']) {
      const trace = await page(`/traces/${traceIds[0]}?back=${encodeURIComponent(back)}`, cookie);
      expect(trace.status).toBe(200);
      const href = unescapeHtml(trace.text.match(/<a href="([^"]*)">← back<\/a>/)?.[1] ?? '');
      expect({ back, origin: new URL(href, `${server.url}/traces/x`).origin }).toEqual({ back, origin: server.url });
      expect(href).toMatch(/^\/(?![/\\])/);
    }
  });
});

describe('security headers', () => {
  /** Every page of the UI (GET routes outside /api and /v1), with real ids where a page takes one. */
  const pages = () => {
    const ids: Record<string, string> = { id: taskId, traceId: traceIds[0]! };
    const paths = new Set<string>();
    for (const r of server.runtime.app!.routes) {
      if (r.method !== 'GET' || /^\/(api|v1|healthz)/.test(r.path) || r.path.includes('*')) continue;
      paths.add(r.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => ids[name] ?? 'unknown'));
    }
    paths.add(`/cycles/${encodeURIComponent(cycleId)}`);
    paths.add('/no-such-page');
    return [...paths];
  };

  it('sends CSP (scripts by hash only), no framing, nosniff, same-origin referrer and no-store on every page', async () => {
    const admin = await signIn(server.url, server.keys.admin);
    const reviewer = await signIn(server.url, server.keys.review);
    const checked: string[] = [];
    for (const path of pages()) {
      for (const cookie of [admin, reviewer, '']) {
        const answer = await page(path, cookie);
        expect(answer.status, path).toBeLessThan(500);
        expect(answer.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(answer.headers.get('referrer-policy'), path).toBe('same-origin');
        if (!(answer.headers.get('content-type') ?? '').startsWith('text/html')) continue;
        checked.push(`${path} ${answer.status}`);
        const csp = answer.headers.get('content-security-policy') ?? '';
        const directives = Object.fromEntries(
          csp.split(';').map((d) => {
            const [name, ...values] = d.trim().split(/\s+/);
            return [name, values];
          }),
        );
        expect(directives['default-src'], path).toEqual(["'none'"]);
        expect(directives['frame-ancestors'], path).toEqual(["'none'"]);
        expect(directives['base-uri'], path).toEqual(["'none'"]);
        expect(directives['form-action'], path).toEqual(["'self'"]);
        expect(directives['script-src']?.length, path).toBeGreaterThan(0);
        for (const source of directives['script-src'] ?? [])
          expect(source, path).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
        expect(answer.headers.get('x-frame-options'), path).toBe('DENY');
        expect(answer.headers.get('cache-control'), path).toBe('no-store');
        // Every inline script of the page is allowed by exactly its hash.
        for (const [, script] of answer.text.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
          const hash = `'sha256-${createHash('sha256').update(script!, 'utf8').digest('base64')}'`;
          expect(directives['script-src'], path).toContain(hash);
        }
      }
    }
    expect(checked.length).toBeGreaterThan(20);
    expect(checked.some((c) => c.startsWith('/traces/') && c.endsWith(' 200'))).toBe(true);
    expect(checked.some((c) => c.startsWith('/tasks/') && c.endsWith(' 200'))).toBe(true);
  });

  it('marks API answers no-store and nosniff (they carry trace text too)', async () => {
    const answer = await request(server.url, 'GET', `/api/traces/${traceIds[0]}`, { key: server.keys.review });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('server-side sessions', () => {
  const tokenOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1]!);
  const sessionRow = async (cookie: string) =>
    (await server.runtime.pool.query('select * from sessions where token_hash = $1', [hashApiKey(tokenOf(cookie))]))
      .rows[0];
  const apiStatus = async (cookie: string) => (await page('/api/queue?limit=1', cookie)).status;

  it('keeps a random token in the cookie, never the key, and stores only its hash', async () => {
    const answer = await postLogin({ key: server.keys.review, next: '/' });
    const setCookie = answer.headers.getSetCookie().find((c) => c.startsWith('evalloop_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Max-Age=604800/);
    expect(setCookie).not.toMatch(/Secure/i);
    expect(setCookie).not.toContain(server.keys.review);
    const cookie = setCookie.split(';')[0]!;
    const token = tokenOf(cookie);
    expect(token).toMatch(/^evs_[A-Za-z0-9_-]{43}$/);
    const row = await sessionRow(cookie);
    expect(row).toBeDefined();
    const dump = JSON.stringify((await server.runtime.pool.query('select * from sessions')).rows);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(server.keys.review);
    expect(await apiStatus(cookie)).toBe(200);
  });

  it('does not set Secure from X-Forwarded-Proto unless TRUST_PROXY is set', async () => {
    const answer = await postLogin({ key: server.keys.review, next: '/' }, { 'x-forwarded-proto': 'https' });
    expect(answer.headers.getSetCookie().find((c) => c.startsWith('evalloop_session='))).not.toMatch(/Secure/i);
  });

  it('signs out only by POST, and the session is gone on the server (a copied cookie stops working)', async () => {
    const cookie = await signIn(server.url, server.keys.review);
    const get = await page('/logout', cookie);
    expect(get.status).toBe(200);
    expect(get.text).toContain('id="logout-form"');
    expect(await apiStatus(cookie)).toBe(200);
    const post = await fetch(`${server.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: server.url },
    });
    expect(post.status).toBe(303);
    expect(post.headers.getSetCookie().join()).toMatch(/evalloop_session=;.*Max-Age=0/);
    expect(await sessionRow(cookie)).toBeUndefined();
    expect(await apiStatus(cookie)).toBe(401);
    expect((await page('/', cookie)).headers.get('location')).toMatch(/^\/login/);
  });

  it.each([
    ['past its expiry', `update sessions set expires_at = now() - interval '1 second' where token_hash = $1`],
    [
      'idle for longer than SESSION_IDLE_SECONDS',
      `update sessions set last_seen_at = now() - interval '8 hours 1 second' where token_hash = $1`,
    ],
  ])('ends a session %s', async (_why, sql) => {
    const cookie = await signIn(server.url, server.keys.review);
    expect(await apiStatus(cookie)).toBe(200);
    await server.runtime.pool.query(sql, [hashApiKey(tokenOf(cookie))]);
    expect(await apiStatus(cookie)).toBe(401);
    expect((await page('/', cookie)).status).toBe(302);
  });

  it('renews the idle clock on use', async () => {
    const cookie = await signIn(server.url, server.keys.review);
    await server.runtime.pool.query(
      `update sessions set last_seen_at = now() - interval '7 hours' where token_hash = $1`,
      [hashApiKey(tokenOf(cookie))],
    );
    expect(await apiStatus(cookie)).toBe(200);
    const row = await sessionRow(cookie);
    expect(Date.now() - new Date(row.last_seen_at).getTime()).toBeLessThan(60_000);
  });
});

describe('API keys: admin API and revocation', () => {
  it('lists keys without secrets, creates a key shown once, and refuses non-admins', async () => {
    const created = await request(server.url, 'POST', '/api/keys', {
      key: server.keys.admin,
      body: { role: 'review', label: 'Rita' },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^evl_/);
    expect(created.body.key).toMatchObject({ role: 'review', label: 'Rita', lastUsedAt: null, revokedAt: null });
    const listed = await request(server.url, 'GET', '/api/keys', { key: server.keys.admin });
    expect(listed.text).not.toContain(created.body.secret);
    expect(listed.text).not.toContain(hashApiKey(created.body.secret));
    expect(listed.body.keys.find((k: { id: string }) => k.id === created.body.key.id)).toEqual(created.body.key);
    expect((await request(server.url, 'GET', '/api/queue?limit=1', { key: created.body.secret })).status).toBe(200);
    const after = await request(server.url, 'GET', '/api/keys', { key: server.keys.admin });
    expect(after.body.keys.find((k: { id: string }) => k.id === created.body.key.id).lastUsedAt).not.toBeNull();
    for (const key of [server.keys.review, server.keys.ingest]) {
      expect((await request(server.url, 'GET', '/api/keys', { key })).status).toBe(403);
      expect((await request(server.url, 'POST', '/api/keys', { key, body: { role: 'admin' } })).status).toBe(403);
    }
  });

  it.each([
    [{ role: 'root' }, 'role'],
    [{ role: 'review', label: '' }, 'label'],
    [{ role: 'review', label: 'x'.repeat(201) }, 'label'],
  ])('rejects %o naming the field', async (body, field) => {
    const answer = await request(server.url, 'POST', '/api/keys', { key: server.keys.admin, body });
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe(field);
  });

  it('revoking a key stops it and every session opened with it at once', async () => {
    const key = await createApiKey(server.runtime.db, 'default', 'review', 'Rob');
    const cookies = [await signIn(server.url, key), await signIn(server.url, key)];
    const other = await signIn(server.url, server.keys.review);
    expect((await request(server.url, 'GET', '/api/queue?limit=1', { key })).status).toBe(200);
    const id = (await server.runtime.pool.query('select id from api_keys where key_hash = $1', [hashApiKey(key)]))
      .rows[0].id;
    const revoked = await request(server.url, 'POST', `/api/keys/${id}/revoke`, { key: server.keys.admin });
    expect(revoked.status).toBe(200);
    expect(revoked.body.key.revokedAt).not.toBeNull();
    expect((await request(server.url, 'GET', '/api/queue?limit=1', { key })).status).toBe(401);
    for (const cookie of cookies) expect((await page('/api/queue?limit=1', cookie)).status).toBe(401);
    expect((await page('/api/queue?limit=1', other)).status).toBe(200);
    expect((await server.runtime.pool.query('select 1 from sessions where key_id = $1', [id])).rowCount).toBe(0);
    const again = await postLogin({ key, next: '/' });
    expect(again.status).toBe(401);
    expect(await again.text()).toContain('unknown or revoked');
  });

  it('revoked ingest keys stop ingesting at once in the revoking process (no cached acceptance)', async () => {
    const key = await createApiKey(server.runtime.db, 'default', 'ingest', 'exporter');
    const post = () =>
      fetch(`${server.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: '{"resourceSpans":[]}',
      });
    expect((await post()).status).toBe(200);
    const id = (await server.runtime.pool.query('select id from api_keys where key_hash = $1', [hashApiKey(key)]))
      .rows[0].id;
    expect((await request(server.url, 'POST', `/api/keys/${id}/revoke`, { key: server.keys.admin })).status).toBe(200);
    expect((await post()).status).toBe(401);
  });

  it('`evalloop keys revoke <id>` revokes from another process: the running server stops the key at once', async () => {
    const key = await createApiKey(server.runtime.db, 'default', 'ingest', 'edge-exporter');
    const post = () =>
      fetch(`${server.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: '{"resourceSpans":[]}',
      });
    // Accepted once: the OTLP receiver now holds the key in its lookup cache.
    expect((await post()).status).toBe(200);
    const id = (await server.runtime.pool.query('select id from api_keys where key_hash = $1', [hashApiKey(key)]))
      .rows[0].id;
    const env = { ...process.env, DATABASE_URL: server.runtime.databaseUrl, LOG_LEVEL: 'warn' };
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'cli/evalloop.ts', 'keys', ...args], { env, timeout: 60_000 });
    const revoke = await cli('revoke', id);
    expect(revoke.stdout).toMatch(/revoked ingest key edge-exporter of project "default"/);
    // The revocation's NOTIFY reaches the server within milliseconds; the 10 s cache is not waited out.
    const started = Date.now();
    await expect.poll(async () => (await post()).status, { timeout: 1_000, interval: 20 }).toBe(401);
    expect(Date.now() - started).toBeLessThan(1_000);
    const list = await cli('list', '--project', 'default');
    const line = list.stdout.split('\n').find((l) => l.startsWith(id))!;
    expect(line).toMatch(/\tingest\tedge-exporter\t/);
    expect(line.split('\t').at(-1)).toMatch(/^\d{4}-/);
    await expect(cli('revoke', 'not-a-uuid')).rejects.toThrow(/needs a key id/);
  });
});
