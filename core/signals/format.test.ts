import { describe, expect, it } from 'vitest';
import { formatCount, formatMs, formatPercent, formatSeconds, formatTokens, quote } from './format.js';

describe('format', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [9_400, '9,400'],
    [1_047_576, '1,047,576'],
    [-12_345.6, '-12,346'],
  ])('formatCount(%d) = %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it.each([
    [8_192, '8,192'],
    [118_000, '118k'],
    [131_072, '131k'],
    [1_047_576, '1.05M'],
    [2_097_152, '2.1M'],
  ])('formatTokens(%d) = %s', (n, text) => {
    expect(formatTokens(n)).toBe(text);
  });

  it('formats ratios, durations and gaps', () => {
    expect(formatPercent(0.921875)).toBe('92%');
    expect(formatPercent(0.9992)).toBe('99.9%');
    expect(formatPercent(1.094)).toBe('109%');
    expect([850, 9_100, 250_000].map(formatMs)).toEqual(['850 ms', '9.1 s', '250 s']);
    expect([42, 119.6, 600].map(formatSeconds)).toEqual(['42 s', '120 s', '10 min']);
  });

  it('quotes one line of at most 80 characters', () => {
    expect(quote('a\n  b')).toBe("'a b'");
    const long = quote('word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(82);
    expect(long.endsWith("…'")).toBe(true);
  });
});
