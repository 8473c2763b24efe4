import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from './helpers/browser.js';
import { request } from './helpers/http.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const available = hasChromium();
if (!available) console.warn('SKIPPED browser tests: /usr/bin/chromium not found — apt-get install -y chromium');

const ARTIFACTS = 'test-results';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** POST routes that act on the resource in their path and take no body. */
const NO_BODY = new Set([
  'POST /api/queue/{id}/lock',
  'POST /api/queue/{id}/release',
  'POST /api/queue/{id}/skip',
  'POST /api/datasets/{id}/freeze',
  'POST /api/cycles/{id}/resume',
  'POST /api/cycles/{id}/cancel',
  'POST /api/keys/{id}/revoke',
  'POST /api/queue/{id}/unskip',
  'POST /api/evaluators/alerts/{id}/acknowledge',
  'POST /api/gates/{id}/rerun',
]);
/** POSTs whose body is not JSON (described per media type instead). */
const RAW_BODY = new Set(['POST /api/import']);

// biome-ignore lint/suspicious/noExplicitAny: the document is read as plain JSON
type Json = any;

let server: TestServer;
let doc: Json;

beforeAll(async () => {
  server = await startTestServer();
  doc = (await request(server.url, 'GET', '/api/openapi.json')).body;
});

afterAll(async () => {
  await server?.stop();
});

/** Hono's route path in OpenAPI form: `:id` → `{id}`, `:format{junit|markdown}` → `{format}`, a trailing `*` → `{rest}`. */
const openApiPath = (honoPath: string) =>
  honoPath
    .replace(/:([A-Za-z_][A-Za-z0-9_]*)(\{[^}]*\})?/g, '{$1}')
    .replace(/\/\*$/, '/{rest}')
    .replace(/(.)\/$/, '$1');

const documented = () =>
  Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, path, method: m, op: item[m] })),
  );

/** Every handler route of the real app outside the web UI (middleware, registered as ALL, is not a route). */
const registered = () => {
  const keys = new Set<string>();
  for (const r of server.runtime.app!.routes) {
    if (r.method === 'ALL') continue;
    if (!(r.path.startsWith('/api/') || r.path.startsWith('/v1/') || r.path === '/healthz')) continue;
    keys.add(`${r.method} ${openApiPath(r.path)}`);
  }
  return keys;
};

const resolvePointer = (ref: string): unknown =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<Json>((node, part) => (node === undefined ? undefined : node[part]), doc);

const refsIn = (node: unknown, out: string[] = []): string[] => {
  if (Array.isArray(node)) for (const item of node) refsIn(item, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else refsIn(value, out);
    }
  }
  return out;
};

describe('route coverage', () => {
  it.each([
    ['/api/traces/:id', '/api/traces/{id}'],
    ['/api/gates/:id/:format{junit|markdown}', '/api/gates/{id}/{format}'],
    ['/api/labels/*', '/api/labels/{rest}'],
    ['/api/traces/', '/api/traces'],
  ])('normalizes %s to %s', (hono, expected) => expect(openApiPath(hono)).toBe(expected));

  it('documents every route the app registers under /api (and the OTLP receiver), and nothing else', () => {
    const routes = registered();
    const docs = new Set(documented().map((o) => o.key));
    expect(routes.size).toBeGreaterThan(40);
    expect([...routes].filter((r) => !docs.has(r)).sort(), 'registered but not documented').toEqual([]);
    expect([...docs].filter((d) => !routes.has(d)).sort(), 'documented but not registered').toEqual([]);
  });
});

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document whose paths all have operations', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      expect(
        METHODS.filter((m) => item[m]),
        path,
      ).not.toEqual([]);
    }
    const ids = documented().map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resolves every $ref', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(resolvePointer(ref), ref).toBeDefined();
  });

  it('declares every path parameter, and a role for every operation that needs a key', () => {
    for (const { key, path, op } of documented()) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = op.parameters.filter((p: Json) => p.in === 'path').map((p: Json) => p.name);
      expect(declared.sort(), key).toEqual(names.sort());
      if (op.security.length > 0) expect(op['x-roles'].length, key).toBeGreaterThan(0);
    }
    expect(doc.paths['/api/keys'].get['x-roles']).toEqual(['admin']);
    expect(doc.paths['/api/gates'].post['x-roles']).toEqual(['ci', 'admin']);
    expect(doc.paths['/v1/traces'].post['x-roles']).toEqual(['ingest', 'admin']);
  });

  it('has a request body schema for every POST that takes one', () => {
    const posts = documented().filter((o) => o.method === 'post');
    for (const { key, op } of posts) {
      if (NO_BODY.has(key)) {
        expect(op.requestBody, key).toBeUndefined();
        continue;
      }
      if (RAW_BODY.has(key)) {
        expect(Object.keys(op.requestBody.content), key).toContain('application/x-ndjson');
        continue;
      }
      expect(op.requestBody, `${key} has no request body schema`).toBeDefined();
      const json = op.requestBody.content['application/json'];
      expect(json, key).toBeDefined();
      const schema: Json = json.schema.$ref ? resolvePointer(json.schema.$ref) : json.schema;
      const variants: Json[] = schema.anyOf ?? [schema];
      for (const variant of variants) expect(variant.type, key).toBe('object');
    }
    expect(doc.paths['/v1/traces'].post.requestBody.content['application/x-protobuf']).toBeDefined();
    expect(doc.components.schemas.RecordLabelRequest.required).toEqual(expect.arrayContaining(['id', 'traceId']));
  });

  it('holds only valid JSON Schemas, and the lists the API answers match their documented schemas', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    // Component schemas may point at each other (`#/components/schemas/...`): resolve them in the document.
    ajv.addSchema({ $id: 'openapi', components: doc.components }, 'openapi');
    for (const name of Object.keys(doc.components.schemas))
      expect(ajv.getSchema(`openapi#/components/schemas/${name}`), name).toBeDefined();
    const lists = documented().filter(
      (o) => o.method === 'get' && !o.path.includes('{') && o.op.responses[200]?.content['application/json'],
    );
    expect(lists.length).toBeGreaterThan(10);
    for (const { path, op } of lists) {
      const answer = await request(server.url, 'GET', path, { key: server.keys.admin });
      expect(answer.status, `${path}: ${answer.text}`).toBe(200);
      const validateBody = ajv.compile(op.responses[200].content['application/json'].schema);
      expect(validateBody(answer.body), `${path}: ${ajv.errorsText(validateBody.errors)}`).toBe(true);
    }
  });

  it('documents the validation a route does: a body the schema refuses is a 400 naming the field', async () => {
    const schema = doc.components.schemas.CreateKeyRequest;
    expect(schema.properties.role.enum).toEqual(['ingest', 'review', 'ci', 'admin']);
    const answer = await request(server.url, 'POST', '/api/keys', { key: server.keys.admin, body: { role: 'root' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe('role');
  });
});

/** Requests `npm run fuzz:api` found answered 500; each now answers 4xx (or 200) as documented. */
describe('what the fuzzer found', () => {
  const dataset = '1e9656c3-8359-4037-915b-5916d8564672';
  it.each([
    [
      'a dataset version past the integer range',
      'GET',
      `/api/datasets/${dataset}/versions/2640491989/export`,
      undefined,
      400,
    ],
    ['a gate tolerance of 1', 'POST', '/api/gates', { release: 'r1', policy: { tolerance: 1 } }, 400],
    [
      'a trace filter with a +23:33 offset',
      'GET',
      `/api/traces?from=${encodeURIComponent('5899-11-16T14:30:56.0+23:33')}`,
      undefined,
      200,
    ],
    [
      'a trace filter past the year 9999 in UTC',
      'GET',
      `/api/traces?to=${encodeURIComponent('9999-12-31T23:59:00-23:59')}`,
      undefined,
      400,
    ],
    [
      'a cycle window ending past the year 9999 in UTC',
      'POST',
      '/api/cycles',
      { from: '9999-12-30T00:00:00Z', to: '9999-12-31T23:59:00-23:59' },
      400,
    ],
  ])('%s', async (_, method, path, body, status) => {
    const answer = await request(server.url, method, path, { key: server.keys.admin, body });
    expect(answer.status, answer.text).toBe(status);
    if (status === 400) expect(answer.body.error.code).toBe('bad_request');
  });

  it('resuming a cycle that has no workflow (made by POST /api/queue/fill) is a 409, not a 500', async () => {
    const fill = await request(server.url, 'POST', '/api/queue/fill', {
      key: server.keys.admin,
      body: { from: '2020-01-01T00:00:00Z', to: '2020-01-08T00:00:00Z' },
    });
    expect(fill.status, fill.text).toBe(200);
    const path = `/api/cycles/${encodeURIComponent(fill.body.cycleId)}/resume`;
    const answer = await request(server.url, 'POST', path, { key: server.keys.admin });
    expect(answer.status, answer.text).toBe(409);
    expect(answer.body.error.message).toContain('no workflow to resume');
  });
});

describe('GET /api/docs', () => {
  it('renders every operation with its method, path, summary and who may call it', async () => {
    const answer = await request(server.url, 'GET', '/api/docs');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(answer.text).not.toMatch(/<script/i);
    for (const { path, method, op } of documented()) {
      expect(answer.text, op.operationId).toContain(`id="${op.operationId}"`);
      expect(answer.text).toContain(`${method.toUpperCase()} ${path}`);
      expect(answer.text).toContain(op.summary.replaceAll('&', '&amp;').replaceAll('<', '&lt;'));
    }
    expect(answer.text).toContain('with role review or admin');
  });
});

describe.skipIf(!available)('the docs page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['desktop', 1440, 900],
    ['mobile', 390, 844],
  ])('reads well at %s width (%i px), without CSP violations or serious axe findings', async (name, width, height) => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
    });
    const response = await page.goto(`${server.url}/api/docs`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('section.op').count()).toBe(documented().length);
    await page.screenshot({ path: `${ARTIFACTS}/api-docs-${name}.png`, fullPage: false });
    await page.locator('#recordLabel details').first().locator('summary').click();
    expect(await page.locator('#recordLabel pre').first().textContent()).toContain('"traceId"');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, 'sideways scrolling').toBeLessThanOrEqual(0);
    const axe = await new AxeBuilder({ page }).analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
