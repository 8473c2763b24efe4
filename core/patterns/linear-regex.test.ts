import { describe, expect, it } from 'vitest';
import { compileLinearRegex, PatternError } from './linear-regex.js';

const matches = (source: string, text: string, flags = '') =>
  [...compileLinearRegex(source, flags).matchAll(text)].map((m) => [m[0], m.index]);

describe('compileLinearRegex', () => {
  it.each([
    // [pattern, flags, text, expected first match or null]
    ['(?<year>\\d{4})-(\\d{2})', '', 'on 2024-05-01', '2024-05'],
    ['caf\\u00e9', '', 'un café', 'café'],
    ['CAFÉ', 'i', 'un café', 'café'],
    ['^b', '', 'a\nb', null],
    ['^b', 'm', 'a\nb', 'b'],
    ['a.b', '', 'a\nb', null],
    ['a.b', 's', 'a\nb', 'a\nb'],
    ['[^]+', '', 'x\ny', 'x\ny'],
    ['\\bai\\b', 'i', 'said AI', 'AI'],
    ['\\u{1F600}', 'u', 'hi 😀', '😀'],
    ['\\/api\\/v1', '', 'GET /api/v1', '/api/v1'],
  ])('JavaScript syntax: /%s/%s on %j → %j', (source, flags, text, expected) => {
    expect(compileLinearRegex(source, flags).exec(text)?.[0] ?? null).toBe(expected);
  });

  it.each([
    ['a\\sb', 'a\u00a0b', 'a\u00a0b'],
    ['a\\s+b', 'a \u3000\tb', 'a \u3000\tb'],
    ['[\\s,]+', 'x\u2009, y', '\u2009, '],
    ['\\S+', 'ab\u00a0cd', 'ab'],
    ['[^\\s]+', 'ab\u00a0cd', 'ab'],
    ['[]x|y', 'xy', 'y'],
  ])('whitespace and classes mean what they mean in JavaScript: /%s/ on %j → %j', (source, text, expected) => {
    expect(compileLinearRegex(source).exec(text)?.[0]).toBe(expected);
    expect(new RegExp(source).exec(text)?.[0]).toBe(expected);
  });

  it('reports match positions in UTF-16 code units, like String#slice', () => {
    const text = '😀 ref [12] and é [3]';
    const found = [...compileLinearRegex('\\[(\\d+)\\]').matchAll(text)];
    expect(found.map((m) => [m[1], text.slice(m.index, m.index + m[0].length)])).toEqual([
      ['12', '[12]'],
      ['3', '[3]'],
    ]);
  });

  it('iterates empty matches one character at a time, and is stateless', () => {
    expect(matches('x*', 'axx')).toEqual([
      ['', 0],
      ['xx', 1],
      ['', 3],
    ]);
    const regex = compileLinearRegex('\\d');
    expect([...regex.matchAll('1a2')]).toHaveLength(2);
    expect([...regex.matchAll('1a2')]).toHaveLength(2);
  });

  it('counts groups, and tests the whole text', () => {
    const regex = compileLinearRegex('(a)|(b)');
    expect(regex.groups).toBe(2);
    expect(regex.exec('b')?.[1]).toBeUndefined();
    expect(compileLinearRegex('support@example\\.com', 'i').testWhole('SUPPORT@example.com')).toBe(true);
    expect(compileLinearRegex('support@example\\.com').testWhole('xsupport@example.com')).toBe(false);
  });

  it.each([
    // Catastrophic for a backtracking engine at these lengths (a*a*a*a*b: 23.7 s on 300 characters).
    ['a*a*a*a*b', 'a'.repeat(300), null],
    ['a*a*a*a*b', `${'a'.repeat(200_000)}b`, 'ok'],
    ['(a+)+$', `${'a'.repeat(200_000)}!`, null],
    ['(a|aa)+c', 'a'.repeat(200_000), null],
    ['^(\\w+\\s?)*$', `${'word '.repeat(40_000)}!`, null],
    ['(x+x+)+y', 'x'.repeat(200_000), null],
  ])('runs %s on long input in linear time, with the right answer', (source, text, expected) => {
    const regex = compileLinearRegex(source);
    expect(regex.test(text)).toBe(expected !== null);
  });

  it.each([
    ['(a)\\1', 'uses a backreference (\\1), which the linear-time pattern engine (RE2) cannot run'],
    ['(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10', 'uses a backreference (\\10)'],
    ['(?<q>["\'])\\w+\\k<q>', 'uses a named backreference (\\k<…>)'],
    ['price(?= USD)', 'uses a lookahead (?=…)'],
    ['price(?! USD)', 'uses a negative lookahead (?!…)'],
    ['(?<=\\$)\\d+', 'uses a lookbehind (?<=…)'],
    ['(?<!\\$)\\d+', 'uses a negative lookbehind (?<!…)'],
    ['([a-z', 'is not a valid regular expression'],
    ['a{2,1}', 'is not a valid regular expression'],
    ['a{1001}', 'uses syntax the linear-time pattern engine (RE2) does not support (invalid repeat count'],
  ])('refuses %s: %s', (source, message) => {
    expect(() => compileLinearRegex(source)).toThrow(PatternError);
    expect(() => compileLinearRegex(source)).toThrow(message);
  });

  it.each([['[\\1]'], ['[(?=]x'], ['\\(?=x\\)']])(
    'does not mistake %s (escaped or in a class) for lookaround or a backreference',
    (source) => {
      expect(() => compileLinearRegex(source)).not.toThrow(/backreference|lookahead/);
    },
  );

  it.each(['g', 'y', 'ii', 'x'])('refuses flags %j', (flags) => {
    expect(() => compileLinearRegex('a', flags)).toThrow(/has flags .* use any of i, m, s, u/);
  });
});
