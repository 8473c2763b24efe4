import { describe, expect, it } from 'vitest';
import { makeItem, toolCall } from './item-fixtures.js';
import { resultScore } from './result-score.js';
import { evaluateRule } from './rules.js';
import type { EvaluatorConfig } from './types.js';

describe('resultScore', () => {
  it.each([
    [{ score: 0.73, verdict: 'pass' as const }, 0.73],
    [{ score: 0, verdict: 'fail' as const }, 0],
    [{ score: 1.4, verdict: 'pass' as const }, 1],
    [{ score: -0.2, verdict: 'fail' as const }, 0],
    [{ score: null, verdict: 'pass' as const }, 1],
    [{ score: null, verdict: 'fail' as const }, 0],
    [{ score: Number.NaN, verdict: 'fail' as const }, 0],
    [{ score: null, verdict: null }, null],
  ])('%o scores %s', (r, expected) => {
    expect(resultScore(r)).toBe(expected);
  });
});

describe('every rule kind scores in [0, 1]', () => {
  const items = [
    makeItem({ output: 'Sorry, I cannot help. See [1].' }),
    makeItem({ output: '{"a": 1}', toolCalls: [toolCall('search', '{"q": "x"}')] }),
    makeItem({ output: '' }),
  ];
  const configs: EvaluatorConfig[] = [
    { kind: 'regex', pattern: 'sorry', flags: 'i', mode: 'must_not_match', field: 'output' },
    { kind: 'json_schema', schema: { type: 'object', required: ['a'] }, target: 'output' },
    { kind: 'length', unit: 'chars', max: 10 },
    { kind: 'banned_phrases', phrases: ['cannot help'], field: 'output' },
    { kind: 'tool_args', rejectUnknownTools: true },
    { kind: 'citation' },
    {
      kind: 'composite',
      op: 'all',
      children: [
        { kind: 'length', unit: 'chars', max: 10 },
        { kind: 'regex', pattern: 'sorry', mode: 'must_match', field: 'output' },
      ],
    },
  ];
  it.each(configs.map((c) => [c.kind, c] as const))('%s', (_, config) => {
    for (const item of items) {
      const { score } = evaluateRule(config, item);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
      expect(resultScore({ score, verdict: null })).toBe(score);
    }
  });
});
