import { describe, expect, it } from 'vitest';
import { boundKey, clampCount, enumOrUnspecified, MAX_KEY_BYTES } from './bounds.js';

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe('boundKey', () => {
  it.each([
    ['short ASCII is kept', 'sess-1'],
    ['exactly the limit is kept', 'a'.repeat(MAX_KEY_BYTES)],
    ['multi-byte under the limit is kept', '🙂'.repeat(MAX_KEY_BYTES / 4)],
  ])('%s', (_name, value) => {
    expect(boundKey(value)).toBe(value);
  });

  it.each([
    ['10,000 ASCII characters', 'n'.repeat(10_000)],
    ['one byte over', 'a'.repeat(MAX_KEY_BYTES + 1)],
    ['8,000 emoji', '🙂'.repeat(8_000)],
    ['mixed widths', `${'é'.repeat(300)}${'✓'.repeat(300)}`],
  ])('bounds %s to MAX_KEY_BYTES, on a code point, idempotently', (_name, value) => {
    const bounded = boundKey(value);
    expect(bytes(bounded)).toBeLessThanOrEqual(MAX_KEY_BYTES);
    expect(bounded).toMatch(/…#[0-9a-f]{16}$/);
    expect(bounded).not.toMatch(/\ufffd/);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(bounded))).toBe(bounded);
    expect(boundKey(bounded)).toBe(bounded);
  });

  it('keeps long values that share a prefix distinct', () => {
    expect(boundKey(`${'a'.repeat(1000)}1`)).not.toBe(boundKey(`${'a'.repeat(1000)}2`));
  });
});

describe('clampCount', () => {
  it.each([
    [12, 12],
    [12.5, 13],
    [3_000_000_000, 2_147_483_647],
    [1e300, 2_147_483_647],
    [-5, 0],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(clampCount(input)).toBe(expected);
  });
});

describe('enumOrUnspecified', () => {
  it.each([
    [2, 5, 2],
    [70000, 5, 0],
    [-1, 5, 0],
    [1.5, 5, 0],
  ])('%s within 0..%s → %s', (value, max, expected) => {
    expect(enumOrUnspecified(value, max)).toBe(expected);
  });
});
