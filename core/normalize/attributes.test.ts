import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../otlp/types.js';
import { asCount, asStringList, groupIndexed, parseJsonish, truncate } from './attributes.js';

describe('attribute readers', () => {
  it.each<[JsonValue | undefined, number | null]>([
    [12, 12],
    ['12', 12],
    ['9007199254740993', 9007199254740992],
    [0, 0],
    [-1, null],
    ['-1', null],
    ['1e3', null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    ['', null],
    [null, null],
    [undefined, null],
    [[1], null],
  ])('asCount(%j) = %j', (value, expected) => {
    expect(asCount(value)).toBe(expected);
  });

  it.each<[JsonValue | undefined, string[]]>([
    [
      ['a', 1, '', 'b'],
      ['a', 'b'],
    ],
    ['["a","b"]', ['a', 'b']],
    ['solo', ['solo']],
    ['', []],
    ['[broken', ['[broken']],
    [{ a: 'b' }, []],
    [undefined, []],
  ])('asStringList(%j) = %j', (value, expected) => {
    expect(asStringList(value)).toEqual(expected);
  });

  it('parses only JSON-looking strings', () => {
    expect(parseJsonish('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonish('  [1]')).toEqual([1]);
    expect(parseJsonish('42')).toBe('42');
    expect(parseJsonish('{oops')).toBe('{oops');
    expect(parseJsonish(7)).toBe(7);
  });

  it('groups indexed keys sparsely and in index order', () => {
    const groups = groupIndexed(
      [
        ['p.10.a', 1],
        ['p.2.a', 2],
        ['p.2.b.c', 3],
        ['p.2', 4],
        ['p.x.a', 5],
        ['p.1234567890.a', 6],
        ['q.1.a', 7],
      ],
      'p.',
    );
    expect(groups.map((g) => [g.index, Object.fromEntries(g.fields)])).toEqual([
      [2, { a: 2, 'b.c': 3, '': 4 }],
      [10, { a: 1 }],
    ]);
  });

  it('truncates without splitting surrogate pairs', () => {
    expect(truncate('abcdef', 3)).toBe('abc');
    expect(truncate('ab😀', 3)).toBe('ab');
    expect(truncate('ab', 3)).toBe('ab');
  });
});
