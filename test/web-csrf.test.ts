import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, request, signIn } from './helpers/http.js';
import { freeTasks, seedReviewQueue } from './helpers/review-fixture.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let reviewCookie: string;
let adminCookie: string;
let cycleId: string;
let traceIds: string[];

beforeAll(async () => {
  server = await startTestServer();
  ({ cycleId, traceIds } = await seedReviewQueue(server, 40));
  reviewCookie = await signIn(server.url, server.keys.review);
  adminCookie = await signIn(server.url, server.keys.admin);
});
afterAll(() => server?.stop());

/** How a browser would send a request from a page of each kind (the cookie rides along). */
const senders = {
  /** A page on another port of the same host: same site, another origin (SameSite=Strict lets the cookie through). */
  otherPort: () => ({ origin: 'http://127.0.0.1:1', 'sec-fetch-site': 'same-site' }),
  /** Another site, and a browser that sends Origin but not Sec-Fetch-Site. */
  otherSite: () => ({ origin: 'http://evil.example' }),
  /** A sandboxed frame or a privacy redirect: Origin "null". */
  nullOrigin: () => ({ origin: 'null' }),
  /** A client that sends neither header (an old browser, a script with a stolen cookie). */
  noOriginHeaders: () => ({}),
  /** Our own page. */
  sameOrigin: () => ({ origin: server.url, 'sec-fetch-site': 'same-origin' }),
  /** Our own page, in a browser without Sec-Fetch-Site. */
  sameOriginNoFetchMetadata: () => ({ origin: server.url }),
};
const crossOrigin = ['otherPort', 'otherSite', 'nullOrigin', 'noOriginHeaders'] as const;

/** A request as a browser page would send it (the session cookie rides along, whatever the origin). */
const sendRaw = async (
  method: string,
  path: string,
  cookie: string,
  headers: Record<string, string>,
  body: string,
  contentType: string,
): Promise<Answer> => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    redirect: 'manual',
    headers: { cookie, 'content-type': contentType, ...headers },
    body,
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed, text, headers: response.headers };
};

const refused = (a: Answer) => a.status === 403 && /cross-origin request refused/.test(a.text);

describe('every cookie-authenticated mutation refuses other origins', () => {
  /** Every POST/PUT/PATCH/DELETE route of the app except the OTLP receiver (Bearer only), from its route table. */
  const mutatingRoutes = () => {
    const seen = new Set<string>();
    const out: [string, string][] = [];
    for (const r of server.runtime.app!.routes) {
      if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) || r.path.startsWith('/v1/')) continue;
      const path = r.path.replace(/:[a-zA-Z]+/g, randomUUID()).replace(/\*$/, 'x');
      const key = `${r.method} ${r.path}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push([r.method, path]);
      }
    }
    // Sign-out last: it ends the session the others use.
    return out.sort((a, b) => Number(a[1] === '/logout') - Number(b[1] === '/logout'));
  };

  it('covers the routes the issue names (a sanity check on the route table)', () => {
    const paths = mutatingRoutes().map(([m, p]) => `${m} ${p.replace(/[0-9a-f-]{36}/g, ':id')}`);
    for (const expected of [
      'POST /api/cycles',
      'POST /api/cycles/:id/resume',
      'POST /api/cycles/:id/cancel',
      'POST /api/queue/:id/lock',
      'POST /api/queue/:id/release',
      'POST /api/queue/:id/skip',
      'POST /api/evaluators/generate',
      'POST /api/labels',
      'POST /api/datasets/:id/freeze',
      'POST /api/keys/:id/revoke',
      'POST /logout',
      'POST /keys',
    ])
      expect(paths).toContain(expected);
    expect(paths.length).toBeGreaterThan(25);
  });

  it('answers 403 to a form, text/plain or JSON post from another origin on every route, and lets our own pages through', async () => {
    const failures: string[] = [];
    const sweepCookie = await signIn(server.url, server.keys.admin);
    for (const [method, path] of mutatingRoutes()) {
      for (const sender of crossOrigin) {
        for (const [type, body] of [
          ['application/x-www-form-urlencoded', 'a=b'],
          ['text/plain', '{}'],
          ['application/json', '{}'],
        ] as const) {
          const answer = await sendRaw(method, path, sweepCookie, senders[sender](), body, type);
          if (!refused(answer)) failures.push(`${method} ${path} from ${sender} as ${type}: ${answer.status}`);
        }
      }
      const own = await sendRaw(method, path, sweepCookie, senders.sameOrigin(), '{}', 'application/json');
      if (refused(own)) failures.push(`${method} ${path} from our own page was refused`);
    }
    expect(failures).toEqual([]);
  });
});

describe('what a cross-origin page tried, and what still works', () => {
  const taskStatus = async (id: string) =>
    (await server.runtime.pool.query('select status, locked_by from review_tasks where id = $1', [id])).rows[0];

  /** Mutations with a visible effect: each is refused cross-origin (no effect), works same-origin and with Bearer. */
  const actions: {
    name: string;
    role: 'review' | 'admin';
    run: (send: (path: string, body?: unknown) => Promise<Answer>) => Promise<Answer>;
    /** Whether the action took effect (checked in the database). */
    happened: () => Promise<boolean>;
    reset?: () => Promise<void>;
  }[] = (() => {
    let task = '';
    let label = '';
    let keyLabel = '';
    let dataset = '';
    return [
      {
        name: 'skip a review task',
        role: 'review',
        reset: async () => {
          task = (await freeTasks(server))[0]!;
        },
        run: (send) => send(`/api/queue/${task}/skip`),
        happened: async () => (await taskStatus(task)).status === 'skipped',
      },
      {
        name: 'lock a review task',
        role: 'review',
        reset: async () => {
          task = (await freeTasks(server))[0]!;
        },
        run: (send) => send(`/api/queue/${task}/lock`),
        happened: async () => (await taskStatus(task)).locked_by !== null,
      },
      {
        name: 'release a lock',
        role: 'review',
        reset: async () => {
          task = (await freeTasks(server))[0]!;
          await server.runtime.pool.query(
            `update review_tasks set locked_by = $2, lock_expires_at = now() + interval '1 hour' where id = $1`,
            [task, `key ${server.keys.review.slice(0, 8)}…`],
          );
        },
        run: (send) => send(`/api/queue/${task}/release`),
        happened: async () => (await taskStatus(task)).locked_by === null,
      },
      {
        name: 'record a label',
        role: 'review',
        reset: async () => {
          label = randomUUID();
        },
        run: (send) => send('/api/labels', { id: label, traceId: traceIds[0], failureMode: null }),
        happened: async () =>
          (await server.runtime.pool.query('select 1 from labels where id = $1', [label])).rowCount === 1,
      },
      {
        name: 'start a refresh cycle',
        role: 'admin',
        reset: async () => {},
        run: (send) =>
          send('/api/cycles', {
            from: new Date(Date.UTC(2026, 0, 1) + Math.floor(Math.random() * 1e9)).toISOString(),
            to: new Date(Date.UTC(2026, 1, 1)).toISOString(),
            budget: 0,
          }),
        happened: async () => {
          const { rows } = await server.runtime.pool.query('select count(*)::int as n from cycles');
          const now = rows[0].n as number;
          const changed = now !== cycles;
          cycles = now;
          return changed;
        },
      },
      {
        name: 'create an API key',
        role: 'admin',
        reset: async () => {
          keyLabel = `k-${randomUUID()}`;
        },
        run: (send) => send('/api/keys', { role: 'ingest', label: keyLabel }),
        happened: async () =>
          (await server.runtime.pool.query('select 1 from api_keys where label = $1', [keyLabel])).rowCount === 1,
      },
      {
        name: 'freeze a dataset',
        role: 'admin',
        reset: async () => {
          const { rows } = await server.runtime.pool.query(
            `insert into datasets (project_id, name) values ('default', $1) returning id`,
            [`d-${randomUUID()}`],
          );
          dataset = rows[0].id;
        },
        run: (send) => send(`/api/datasets/${dataset}/freeze`),
        happened: async () =>
          (await server.runtime.pool.query('select 1 from dataset_versions where dataset_id = $1', [dataset]))
            .rowCount === 1,
      },
    ];
  })();
  let cycles = 0;

  it.each(actions)('$name: refused from another port or site, done from our page and with a Bearer key', async (a) => {
    const cookie = a.role === 'admin' ? adminCookie : reviewCookie;
    const key = a.role === 'admin' ? server.keys.admin : server.keys.review;
    cycles = (await server.runtime.pool.query('select count(*)::int as n from cycles')).rows[0].n;
    for (const sender of crossOrigin) {
      await a.reset?.();
      const answer = await a.run((path, body) =>
        sendRaw('POST', path, cookie, senders[sender](), JSON.stringify(body ?? {}), 'application/json'),
      );
      expect({ sender, status: answer.status }).toEqual({ sender, status: 403 });
      expect({ sender, happened: await a.happened() }).toEqual({ sender, happened: false });
    }
    for (const sender of ['sameOrigin', 'sameOriginNoFetchMetadata'] as const) {
      await a.reset?.();
      const answer = await a.run((path, body) =>
        sendRaw('POST', path, cookie, senders[sender](), JSON.stringify(body ?? {}), 'application/json'),
      );
      expect({ sender, status: answer.status, text: answer.status < 300 ? '' : answer.text }).toMatchObject({
        sender,
        text: '',
      });
      expect({ sender, happened: await a.happened() }).toEqual({ sender, happened: true });
    }
    await a.reset?.();
    const bearer = await a.run((path, body) => request(server.url, 'POST', path, { key, body: body ?? {} }));
    expect(bearer.status).toBeLessThan(300);
    expect(await a.happened()).toBe(true);
  });

  it('refuses a cross-origin sign-in (login CSRF) and sign-out, and the session survives the forged sign-out', async () => {
    const login = await sendRaw(
      'POST',
      '/login',
      '',
      senders.otherPort(),
      new URLSearchParams({ key: server.keys.review, next: '/' }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(refused(login)).toBe(true);
    expect(login.headers.getSetCookie()).toEqual([]);
    const logout = await sendRaw(
      'POST',
      '/logout',
      reviewCookie,
      senders.otherPort(),
      '',
      'application/x-www-form-urlencoded',
    );
    expect(refused(logout)).toBe(true);
    expect((await request(server.url, 'GET', '/api/queue', { headers: { cookie: reviewCookie } })).status).toBe(200);
  });

  it('leaves Bearer clients alone: no Origin, any content type, even with a stray cookie', async () => {
    const progress = await request(server.url, 'GET', `/api/queue/progress/${encodeURIComponent(cycleId)}`, {
      key: server.keys.review,
    });
    expect(progress.status).toBe(200);
    const task = (await freeTasks(server))[0]!;
    const withCookie = await request(server.url, 'POST', `/api/queue/${task}/lock`, {
      key: server.keys.review,
      headers: { cookie: reviewCookie, origin: 'http://evil.example' },
    });
    expect(withCookie.status).toBe(200);
  });

  it.each([
    ['another port of this host', 'same-site', false],
    ['another site', 'cross-site', false],
    ['our own page', 'same-origin', true],
    ['the address bar', 'none', true],
  ])('page GETs that lock a task, linked from %s: lock = %s', async (_from, site, locks) => {
    const cookie = await signIn(server.url, server.keys.review);
    const lockedBefore = async () =>
      (
        await server.runtime.pool.query(
          `select count(*)::int as n from review_tasks where locked_by is not null and lock_expires_at > now()`,
        )
      ).rows[0].n as number;
    const task = (await freeTasks(server))[0]!;
    const before = await lockedBefore();
    const view = await request(server.url, 'GET', `/tasks/${task}`, { headers: { cookie, 'sec-fetch-site': site } });
    expect(view.status).toBe(200);
    expect(view.text).toContain('id="label-form"');
    expect((await taskStatus(task)).locked_by !== null).toBe(locks);
    const next = await request(server.url, 'GET', `/next?cycle=${encodeURIComponent(cycleId)}`, {
      headers: { cookie, 'sec-fetch-site': site },
    });
    expect(next.status).toBe(303);
    // From our own page /next opens one of the reviewer's locked tasks (their own locks come first).
    expect(next.headers.get('location')).toMatch(locks ? /^\/tasks\/[0-9a-f-]{36}$/ : /^\/$/);
    expect(await lockedBefore()).toBe(before + (locks ? 1 : 0));
  });
});
