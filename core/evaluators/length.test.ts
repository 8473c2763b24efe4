import { describe, expect, it } from 'vitest';
import { hugeText, makeItem } from './item-fixtures.js';
import { compileLengthRule } from './length.js';
import { verdictOf } from './types.js';

const SUMMARY = '^(tl;?dr|summary|in short)\\b';
const chars = (max: number, min?: number) =>
  compileLengthRule({ kind: 'length', unit: 'chars', max, min, summaryPattern: SUMMARY });

describe('length', () => {
  it.each([
    ['empty output, no minimum', '', 1],
    ['at the budget', 'x'.repeat(100), 1],
    ['emoji count once', '😀'.repeat(100), 1],
    ['combining marks count as code points', 'e\u0301'.repeat(50), 1],
    ['RTL text', 'ש'.repeat(100), 1],
    ['over by one', 'x'.repeat(101), 0.5 * (100 / 101)],
    ['twice the budget', 'x'.repeat(200), 0.25],
    ['twice the budget, summarized', `TL;DR it is fine\n${'x'.repeat(183)}`, 0.75],
    ['summary line later on', `${'x'.repeat(150)}\nIn short: yes`, 0.5 + 0.5 * (100 / 164)],
    ['"summary" inside a word is not a summary', `summarys ${'x'.repeat(191)}`, 0.25],
  ])('%s', (_, output, score) => {
    expect(chars(100)(makeItem({ output })).score).toBeCloseTo(score, 10);
  });

  it('threshold 0.5 means within budget or summarized', () => {
    const rule = chars(50, 10);
    const cases: [string, 'pass' | 'fail'][] = [
      ['x'.repeat(30), 'pass'],
      ['x'.repeat(51), 'fail'],
      ['x'.repeat(10_000), 'fail'],
      [`Summary: ok\n${'x'.repeat(10_000)}`, 'pass'],
      ['x'.repeat(9), 'fail'],
      ['', 'fail'],
    ];
    for (const [output, verdict] of cases) expect(verdictOf(rule(makeItem({ output })).score, 0.5)).toBe(verdict);
  });

  it('decreases smoothly with the overshoot', () => {
    const rule = chars(100);
    const scores = [150, 200, 400, 1000].map((n) => rule(makeItem({ output: 'x'.repeat(n) })).score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((s) => s > 0 && s < 0.5)).toBe(true);
  });

  it('explains the measure, the budget and the summary', () => {
    expect(chars(100)(makeItem({ output: 'x'.repeat(200) })).explanation).toBe(
      '200 characters, over the budget of 100 (100% over) and no line matches /^(tl;?dr|summary|in short)\\b/im',
    );
    expect(chars(100, 10)(makeItem({ output: 'tiny' })).explanation).toBe('4 characters, under the minimum of 10');
    expect(chars(100)(makeItem({ output: `tldr: fine\n${'x'.repeat(200)}` })).explanation).toContain(
      'but summarized: "tldr"',
    );
  });

  it('uses recorded output tokens, else estimates and says so', () => {
    const rule = compileLengthRule({ kind: 'length', unit: 'tokens', max: 100 });
    const recorded = rule(makeItem({ output: 'x'.repeat(10), outputTokens: 150 }));
    expect(recorded).toEqual({ score: 0.5 * (100 / 150), explanation: expect.stringContaining('150 output tokens') });
    const estimated = rule(makeItem({ output: 'x'.repeat(401) }));
    expect(estimated.score).toBeCloseTo(0.5 * (100 / 101), 10);
    expect(estimated.explanation).toContain('~101 output tokens (estimated as ⌈401 characters / 4⌉');
  });

  it('measures a 1 MB output in bounded time', () => {
    const output = hugeText();
    const start = performance.now();
    const e = chars(1000)(makeItem({ output }));
    expect(e.score).toBeLessThan(0.01);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it.each([
    [{ max: 0 }, 'max'],
    [{ max: Number.NaN }, 'max'],
    [{ max: 10, min: 11 }, 'min'],
    [{ min: -1 }, 'min'],
    [{ unit: 'words' }, 'unit'],
    [{ summaryPattern: '(?<=Summary:).*' }, 'summaryPattern'],
  ])('refuses %j naming the field', (over, field) => {
    const config = { kind: 'length', unit: 'chars', max: 10, ...over } as never;
    expect(() => compileLengthRule(config)).toThrow(expect.objectContaining({ name: 'EvaluatorConfigError', field }));
  });
});
