import { describe, expect, it } from 'vitest';
import { EvaluatorConfigError } from './errors.js';
import { hugeText, makeItem, message, toolCall } from './item-fixtures.js';
import { compileRegexRule } from './regex.js';
import type { EvalItem, FieldPath } from './types.js';

type Mode = 'must_match' | 'must_not_match';
const rule = (pattern: string, mode: Mode, field: FieldPath = 'output', flags?: string) =>
  compileRegexRule({ kind: 'regex', pattern, mode, field, flags });

describe('regex', () => {
  const item = makeItem({
    input: 'What is the refund policy?',
    output: 'Sorry, I cannot help with that. 😀 שלום',
    messages: [message('system', 'Be brief.'), message('user', 'What is the refund policy?')],
    toolCalls: [toolCall('lookup', '{"q":"refund"}', { result: 'Refunds within 30 days', error: null })],
  });

  it.each<[string, Mode, FieldPath, string | undefined, number]>([
    ['cannot help', 'must_not_match', 'output', undefined, 0],
    ['CANNOT HELP', 'must_not_match', 'output', undefined, 1],
    ['CANNOT HELP', 'must_not_match', 'output', 'i', 0],
    ['refund policy', 'must_match', 'input', undefined, 1],
    ['Be brief', 'must_match', 'any_message', undefined, 1],
    ['"q":"refund"', 'must_match', 'tool_arguments', undefined, 1],
    ['30 days', 'must_match', 'tool_results', undefined, 1],
    ['שלום$', 'must_match', 'output', undefined, 1],
    ['\\u{1F600}', 'must_match', 'output', 'u', 1],
    ['^\\s*$', 'must_not_match', 'output', undefined, 1],
  ])('%s %s on %s (flags %s) → %d', (pattern, mode, field, flags, score) => {
    expect(rule(pattern, mode, field, flags)(item).score).toBe(score);
  });

  it('quotes the matched text, shortened', () => {
    const e = rule('cannot \\w+', 'must_not_match')(item);
    expect(e.explanation).toBe('the output matches /cannot \\w+/: "cannot help"');
    const long = rule('x+', 'must_match')(makeItem({ output: 'x'.repeat(500) }));
    expect(long.explanation!.length).toBeLessThan(120);
    expect(long.explanation).toContain('…');
  });

  it('evaluates an empty output (a must_not_match of an empty answer fails)', () => {
    const empty = makeItem();
    expect(rule('^\\s*$', 'must_not_match')(empty).score).toBe(0);
    expect(rule('\\w', 'must_match')(empty)).toEqual({ score: 0, explanation: 'the output does not match /\\w/' });
  });

  it('matches combining marks and RTL text as written', () => {
    const decomposed = makeItem({ output: 'cafe\u0301 — مرحبا' });
    expect(rule('cafe\u0301', 'must_match')(decomposed).score).toBe(1);
    expect(rule('مرحبا$', 'must_match')(decomposed).score).toBe(1);
  });

  it('bounds a polynomial pattern on a 1 MB output', () => {
    const items: EvalItem[] = [makeItem({ output: 'a'.repeat(1_000_000) }), makeItem({ output: hugeText() })];
    const start = performance.now();
    for (const it of items) expect(rule('\\w+@', 'must_not_match')(it).score).toBe(1);
    expect(rule('.*delta', 'must_match')(items[1]!).score).toBe(1);
    expect(performance.now() - start).toBeLessThan(3000);
  });

  it.each([
    ['a*a*a*a*b', 'a'.repeat(300), 1],
    ['a*a*a*a*b', `${'a'.repeat(100_000)}b`, 0],
    ['(a+)+$', `${'a'.repeat(100_000)}!`, 1],
    ['(a+)+$', 'a'.repeat(100_000), 0],
    ['(a|aa)+c', 'a'.repeat(100_000), 1],
    ['^(\\w+\\s?)*$', `${'word '.repeat(20_000)}!`, 1],
  ])('runs %s, which backtracks exponentially elsewhere, in linear time (must_not_match)', (pattern, output, score) => {
    expect(rule(pattern, 'must_not_match')(makeItem({ output })).score).toBe(score);
  });

  it.each([
    ['(', 'pattern "(" is not a valid regular expression'],
    ['(x)\\1', 'pattern "(x)\\\\1" uses a backreference (\\1), which the linear-time pattern engine (RE2) cannot run'],
    ['(?<q>x)\\k<q>', 'uses a named backreference'],
    ['price(?= USD)', 'uses a lookahead'],
    ['price(?! USD)', 'uses a negative lookahead'],
    ['(?<=\\$)\\d+', 'uses a lookbehind'],
    ['(?<!\\$)\\d+', 'uses a negative lookbehind'],
    ['', 'is empty'],
    ['a'.repeat(2001), 'longer than 2000'],
  ])('refuses the pattern %s at compile time', (pattern, message) => {
    expect(() => rule(pattern, 'must_match')).toThrow(EvaluatorConfigError);
    expect(() => rule(pattern, 'must_match')).toThrow(message);
  });

  it.each([
    [{ flags: 'y' }, 'flags'],
    [{ flags: 'ii' }, 'flags'],
    [{ field: 'outputs' }, 'field'],
    [{ mode: 'should_match' }, 'mode'],
  ])('names the bad field in %j', (over, field) => {
    const config = { kind: 'regex', pattern: 'x', mode: 'must_match', field: 'output', ...over } as never;
    expect(() => compileRegexRule(config)).toThrow(expect.objectContaining({ field }));
  });
});
