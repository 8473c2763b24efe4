import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { TRUST_PROXY: 'true' } });
});
afterAll(() => server?.stop());

/** The sign-in form as a browser behind a TLS-terminating proxy sends it. */
const login = (forwardedProto: string | null, origin: string) =>
  fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin,
      ...(forwardedProto ? { 'x-forwarded-proto': forwardedProto } : {}),
    },
    body: new URLSearchParams({ key: server.keys.review, next: '/' }),
  });

const httpsOrigin = () => server.url.replace('http://', 'https://');

describe('TRUST_PROXY=true', () => {
  it('sets Secure on the session cookie when the proxy says the client used https', async () => {
    const answer = await login('https', httpsOrigin());
    expect(answer.status).toBe(303);
    expect(answer.headers.getSetCookie().find((c) => c.startsWith('evalloop_session='))).toMatch(/;\s*Secure/i);
  });

  it.each<string | null>(['http', null])('leaves Secure off when X-Forwarded-Proto is %s', async (proto) => {
    const answer = await login(proto, server.url);
    expect(answer.status).toBe(303);
    expect(answer.headers.getSetCookie().find((c) => c.startsWith('evalloop_session='))).not.toMatch(/Secure/i);
  });

  it('takes the https origin as our own for the CSRF check, and the http one no longer', async () => {
    expect((await login('https', server.url)).status).toBe(403);
    expect((await login('https, http', httpsOrigin())).status).toBe(303);
  });
});
