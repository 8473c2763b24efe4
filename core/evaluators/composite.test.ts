import { describe, expect, it } from 'vitest';
import { combineEvaluations, evaluateComposite, evaluateCompositeAsync } from './composite.js';
import { makeItem } from './item-fixtures.js';
import type { Evaluation, EvaluatorConfig } from './types.js';

const judge = (rubric: string): EvaluatorConfig => ({ kind: 'judge', rubric, model: 'm', provider: 'p', fewShot: [] });

describe('combineEvaluations', () => {
  const results: Evaluation[] = [
    { score: 1, explanation: 'fine' },
    { score: 0.4, explanation: 'too long' },
    { score: 0, explanation: null },
  ];
  it.each([
    ['all', 0, 'not all pass: child 2 (length): too long | child 3 (regex): score 0.00'],
    ['any', 1, 'passes by child 1 (judge): fine'],
  ] as const)('%s', (op, score, explanation) => {
    expect(combineEvaluations(op, ['judge', 'length', 'regex'], results)).toEqual({ score, explanation });
  });

  it('any-of with no full pass explains every child and keeps the best score', () => {
    const e = combineEvaluations('any', ['a', 'b'], [results[1]!, results[2]!]);
    expect(e).toEqual({
      score: 0.4,
      explanation: 'none fully passes: child 1 (a): too long | child 2 (b): score 0.00',
    });
  });

  it('adds up costs (usd unknown if any child does not know it)', () => {
    const cost = (usd: number | null) => ({ inputTokens: 10, outputTokens: 2, usd });
    const known = combineEvaluations(
      'all',
      ['j', 'j'],
      [
        { score: 1, explanation: 'a', cost: cost(0.01) },
        { score: 1, explanation: 'b', cost: cost(0.02) },
      ],
    );
    expect(known.cost).toEqual({ inputTokens: 20, outputTokens: 4, usd: 0.03 });
    const unknown = combineEvaluations(
      'all',
      ['j', 'r'],
      [{ score: 1, explanation: 'a', cost: cost(null) }, results[0]!],
    );
    expect(unknown.cost).toEqual({ inputTokens: 10, outputTokens: 2, usd: null });
  });
});

describe('evaluateComposite with judges as children', () => {
  const item = makeItem({ output: 'ok' });
  const scores: Record<string, number> = { a: 0.9, b: 0, c: 1 };
  const calls: string[] = [];
  const evaluate = (child: EvaluatorConfig): Evaluation => {
    if (child.kind !== 'judge') throw new Error('unexpected');
    calls.push(child.rubric);
    return { score: scores[child.rubric]!, explanation: `judged ${child.rubric}` };
  };

  it('stops all-of at the first 0 and says which children did not run', () => {
    calls.length = 0;
    const e = evaluateComposite(
      { kind: 'composite', op: 'all', children: [judge('a'), judge('b'), judge('c')] },
      item,
      evaluate,
    );
    expect(calls).toEqual(['a', 'b']);
    expect(e).toEqual({
      score: 0,
      explanation: 'not all pass: child 1 (judge): judged a | child 2 (judge): judged b; child 3 not run',
    });
  });

  it('stops any-of at the first 1', async () => {
    calls.length = 0;
    const config: EvaluatorConfig = { kind: 'composite', op: 'any', children: [judge('c'), judge('a')] };
    const e = await evaluateCompositeAsync(config, item, async (child) => evaluate(child));
    expect(calls).toEqual(['c']);
    expect(e.score).toBe(1);
  });

  it('refuses an empty composite', () => {
    expect(() => evaluateComposite({ kind: 'composite', op: 'all', children: [] }, item, evaluate)).toThrow(
      expect.objectContaining({ name: 'EvaluatorConfigError', field: 'children' }),
    );
  });
});
