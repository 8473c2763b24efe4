import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './same-origin-path.js';

/** Where a browser lands if it follows `Location: <path>` from http://app.test:4318/login. */
const landing = (path: string) => new URL(path, 'http://app.test:4318/login');

describe('sameOriginPath', () => {
  it.each([
    ['/', '/'],
    ['/tasks/7c0f8a52-1d7e-4a63-9b7b-1f1f0a1b2c3d', '/tasks/7c0f8a52-1d7e-4a63-9b7b-1f1f0a1b2c3d'],
    ['/?cycle=abc&done=1', '/?cycle=abc&done=1'],
    ['/gates?release=v%202', '/gates?release=v%202'],
    ['/evaluators#history', '/evaluators#history'],
    ['/traces/abc?back=%2Fgates%2Fg1', '/traces/abc?back=%2Fgates%2Fg1'],
    ['/a/../b', '/b'],
    ['/caf\u00e9', '/caf%C3%A9'],
  ])('keeps the same-origin path %j (as %j)', (next, expected) => {
    expect(sameOriginPath(next)).toBe(expected);
  });

  it.each([
    ['//evil.example/', 'protocol-relative'],
    ['///evil.example/', 'triple slash'],
    ['/\\evil.example/', 'slash backslash'],
    ['\\\\evil.example/', 'double backslash'],
    ['/\\/evil.example/', 'slash backslash slash'],
    ['/\t/evil.example/', 'tab (what /%09/ decodes to in a query)'],
    ['/%09/evil.example/', 'percent-encoded tab'],
    ['/\n/evil.example/', 'newline'],
    ['/x\r\nSet-Cookie: a=b', 'CR/LF header injection'],
    ['/%0d%0aSet-Cookie:%20a=b', 'encoded CR/LF'],
    ['/\u0000', 'NUL'],
    ['/%00', 'encoded NUL'],
    ['/\u2028/evil.example', 'unicode line separator'],
    ['/%2F/evil.example/', 'encoded second slash'],
    ['/%5Cevil.example/', 'encoded backslash'],
    ['%2F%2Fevil.example', 'fully encoded slashes'],
    ['/.//evil.example/', 'dot segment normalizing to //'],
    ['/./\\evil.example', 'dot then backslash'],
    ['javascript:alert(1)', 'javascript: URL'],
    [' javascript:alert(1)', 'javascript: URL with a leading space'],
    ['JaVaScRiPt:alert(1)', 'mixed-case javascript:'],
    ['data:text/html,<script>alert(1)</script>', 'data: URL'],
    ['http://evil.example/', 'absolute URL'],
    ['https:evil.example', 'scheme without slashes'],
    ['evil.example', 'relative path without a slash'],
    ['', 'empty'],
    ['/%', 'malformed percent-encoding'],
    [`/${'a'.repeat(3000)}`, 'too long'],
    [42, 'not a string'],
    [undefined, 'missing'],
  ])('refuses %j (%s)', (next, _why) => {
    expect(sameOriginPath(next)).toBe('/');
  });

  it('refuses with the given fallback', () => {
    expect(sameOriginPath('//evil.example', '/evaluators')).toBe('/evaluators');
  });

  it.each([
    '/',
    '/x',
    '/\uff0f\uff0fevil.example',
    '/\u3002evil.example',
    '/\u00a0/evil.example',
    '/%E2%80%A8',
    '/a?next=//evil.example',
    '/#//evil.example',
  ])('whatever it returns for %j keeps a browser on the origin, and is a safe header value', (next) => {
    const out = sameOriginPath(next);
    expect(landing(out).origin).toBe('http://app.test:4318');
    expect(out).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
  });
});
