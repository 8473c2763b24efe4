import { describe, expect, it } from 'vitest';
import { toPostgresJson } from './postgres-json.js';

describe('toPostgresJson', () => {
  it.each([
    ['plain text is untouched', { a: 'hello' }, { a: 'hello' }],
    ['NUL becomes U+FFFD', { a: 'x\u0000y' }, { a: 'x\ufffdy' }],
    ['a literal backslash-u0000 text is kept', { a: '\\u0000' }, { a: '\\u0000' }],
    ['a valid surrogate pair is kept', { a: 'emoji 😀' }, { a: 'emoji 😀' }],
    ['a lone high surrogate is replaced', { a: 'x\ud800y' }, { a: 'x\ufffdy' }],
    ['a lone low surrogate is replaced', { a: 'x\udc00y' }, { a: 'x\ufffdy' }],
  ])('%s', (_name, input, expected) => {
    expect(JSON.parse(toPostgresJson(input))).toEqual(expected);
  });
});
