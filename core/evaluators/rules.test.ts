import { describe, expect, it } from 'vitest';
import { makeItem } from './item-fixtures.js';
import { compileRule, evaluateRule, isRuleConfig } from './rules.js';
import type { EvaluatorConfig } from './types.js';

const noApology: EvaluatorConfig = { kind: 'banned_phrases', phrases: ['sorry'], field: 'output' };
const isJson: EvaluatorConfig = { kind: 'json_schema', schema: {}, target: 'output' };
const short: EvaluatorConfig = { kind: 'length', unit: 'chars', max: 20 };
const mentionsPrice: EvaluatorConfig = { kind: 'regex', pattern: '\\$\\d+', mode: 'must_match', field: 'output' };

describe('rules', () => {
  it.each<[string, EvaluatorConfig, string, number]>([
    ['regex', mentionsPrice, 'It costs $5', 1],
    ['json_schema', isJson, '{"a":1}', 1],
    ['length', short, 'x'.repeat(40), 0.25],
    ['banned_phrases', noApology, 'Sorry!', 0],
    ['tool_args', { kind: 'tool_args' }, 'anything', 1],
    ['citation', { kind: 'citation' }, 'see [1]', 0],
  ])('dispatches %s', (_, config, output, score) => {
    expect(evaluateRule(config, makeItem({ output })).score).toBe(score);
  });

  it('evaluates a nested composite: all(no apology, any(JSON, short and priced))', () => {
    const config: EvaluatorConfig = {
      kind: 'composite',
      op: 'all',
      children: [
        noApology,
        {
          kind: 'composite',
          op: 'any',
          children: [isJson, { kind: 'composite', op: 'all', children: [short, mentionsPrice] }],
        },
      ],
    };
    const rule = compileRule(config);
    const verdicts = ['{"price":5}', 'It is $5.', 'Sorry, it is $5.', 'The price is about five dollars.'].map(
      (output) => rule(makeItem({ output })).score,
    );
    expect(verdicts).toEqual([1, 1, 0, 0]);
    expect(rule(makeItem({ output: 'The price is about five dollars.' })).explanation).toBe(
      'not all pass: child 2 (composite): [none fully passes: child 1 (json_schema): the output is not JSON (it starts with "The price is about f…") | child 2 (composite): [not all pass: child 1 (length): 32 characters, over the budget of 20 (60% over) | child 2 (regex): the output does not match /\\$\\d+/]]',
    );
  });

  it.each<[string, unknown, string, string]>([
    [
      'a judge',
      { kind: 'judge', rubric: 'r', model: 'm', provider: 'p', fewShot: [] },
      'kind',
      'not a deterministic rule',
    ],
    ['an unknown kind', { kind: 'vibes' }, 'kind', 'unknown evaluator kind "vibes"'],
    ['not an object', null, 'kind', 'unknown evaluator kind'],
    [
      'a bad pattern deep in a composite',
      {
        kind: 'composite',
        op: 'all',
        children: [isJson, { kind: 'composite', op: 'any', children: [{ ...mentionsPrice, pattern: '(a)\\1' }] }],
      },
      'children[1].children[0].pattern',
      'children[1].children[0].pattern: pattern "(a)\\\\1" uses a backreference',
    ],
    [
      'a composite of a classifier',
      { kind: 'composite', op: 'any', children: [{ kind: 'classifier' }] },
      'children[0].kind',
      '',
    ],
  ])('refuses %s', (_, config, field, message) => {
    expect(() => compileRule(config as EvaluatorConfig)).toThrow(
      expect.objectContaining({ name: 'EvaluatorConfigError', field, message: expect.stringContaining(message) }),
    );
  });

  it('tells rules from other kinds, all the way down', () => {
    expect(isRuleConfig({ kind: 'composite', op: 'all', children: [isJson, short] })).toBe(true);
    const judge: EvaluatorConfig = { kind: 'judge', rubric: 'r', model: 'm', provider: 'p', fewShot: [] };
    expect(isRuleConfig({ kind: 'composite', op: 'all', children: [isJson, judge] })).toBe(false);
  });

  it('never throws on odd items', () => {
    const odd = [
      makeItem(),
      makeItem({ output: '\u0000\uFFFF\uD800 lone surrogate', input: '😀'.repeat(1000) }),
      makeItem({ output: '[1] "a quote that is quite long indeed"', retrievedDocuments: [] }),
    ];
    const configs: EvaluatorConfig[] = [
      noApology,
      isJson,
      short,
      mentionsPrice,
      { kind: 'tool_args' },
      { kind: 'citation' },
    ];
    for (const item of odd) for (const config of configs) expect(() => evaluateRule(config, item)).not.toThrow();
  });
});
