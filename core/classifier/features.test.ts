import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { EvalItem } from '../evaluators/types.js';
import { type FeatureSpec, featurize, featurizeWithOrigins } from './features.js';
import { evalItem } from './fixtures.js';
import { STRUCTURAL_FEATURES } from './structural.js';

const spec: FeatureSpec = {
  dimensions: 1 << 16,
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  structuralFeatures: [...STRUCTURAL_FEATURES],
};
const textOnly: FeatureSpec = { ...spec, structuralFeatures: undefined };

/** The text features of an item by their readable origin, e.g. `output word 'i recall'`. */
function named(item: EvalItem, s: FeatureSpec = textOnly): Map<string, number> {
  const vector = featurizeWithOrigins(item, s);
  return new Map(
    vector.indices.map((_, k) => {
      const { kind, field, text } = vector.originOf(k);
      return [`${field} ${kind} '${text}'`, vector.values[k]!];
    }),
  );
}

const squaredNorm = (values: number[]) => values.reduce((sum, v) => sum + v * v, 0);
const structural = (item: EvalItem, name: string) => {
  const { indices, values } = featurize(item, spec);
  return values[indices.indexOf(spec.dimensions + STRUCTURAL_FEATURES.indexOf(name))];
};

describe('featurize', () => {
  it('is deterministic and keeps the input apart from the output', () => {
    const item = evalItem({ input: 'weather in Oslo', output: 'The weather in Oslo is 4°C.' });
    expect(featurize(item, spec)).toEqual(featurize(item, spec));
    const names = named(item);
    expect(names.has("output word 'weather'")).toBe(true);
    expect(names.has("input word 'weather'")).toBe(true);
  });

  it('L2-normalizes each block: output word and char blocks to 1, input blocks to 0.25', () => {
    expect(squaredNorm(featurize(evalItem({ output: 'from what I recall it rains' }), textOnly).values)).toBeCloseTo(2);
    expect(squaredNorm(featurize(evalItem({ input: 'will it rain' }), textOnly).values)).toBeCloseTo(0.125);
  });

  it('uses sublinear term frequency', () => {
    const names = named(evalItem({ output: 'spam spam' }));
    expect(names.get("output word 'spam'")! / names.get("output word 'spam spam'")!).toBeCloseTo(1 + Math.log(2));
  });

  it('forms word n-grams within sentences, character n-grams across words', () => {
    const names = [...named(evalItem({ output: 'Alpha beta. Gamma!' })).keys()];
    expect(names).toContain("output word 'alpha beta'");
    expect(names).not.toContain("output word 'beta gamma'");
    expect(names).toContain("output char ' gam'");
    expect(names).toContain("output char 'a. g'");
  });

  it('normalizes unicode (NFKC, lower case) and keeps non-Latin words', () => {
    const wide = featurize(evalItem({ output: 'ＦＵＬＬＷＩＤＴＨ ﬁle' }), textOnly);
    expect(wide).toEqual(featurize(evalItem({ output: 'fullwidth file' }), textOnly));
    const names = [...named(evalItem({ output: '東京の天気は晴れ 🙂 café' })).keys()];
    expect(names).toContain("output word '東京の天気は晴れ'");
    expect(names).toContain("output word 'café'");
  });

  it('gives an empty item only its structural slots, last and in order', () => {
    const { indices, values } = featurize(evalItem(), spec);
    expect(indices).toEqual(STRUCTURAL_FEATURES.map((_, i) => spec.dimensions + i));
    expect(values[STRUCTURAL_FEATURES.indexOf('empty_output')]).toBe(1);
  });

  it('bounds the cost of a huge output: text features come from its first 20,000 characters', () => {
    const sentence = 'The quick brown fox jumps over the lazy dog near the river bank. ';
    const huge = sentence.repeat(Math.ceil(2_000_000 / sentence.length));
    const started = performance.now();
    const full = featurize(evalItem({ output: huge }), textOnly);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(full).toEqual(featurize(evalItem({ output: huge.slice(0, 20_000) }), textOnly));
  });

  it('computes structural trace features', () => {
    const item = evalItem({
      output: 'It is 14°C in Oslo [1], see [2]. Want more? ```js\nx\n```',
      toolCalls: [
        { id: '1', name: 'get_weather', arguments: null, result: 'Oslo: 14°C, rain', error: null },
        { id: '2', name: 'get_news', arguments: null, result: null, error: 'timeout' },
      ],
      hasError: true,
    });
    expect(structural(item, 'tool_calls')).toBeCloseTo(Math.log(3) / Math.log(21));
    expect(structural(item, 'tool_errors')).toBeCloseTo(Math.log(2) / Math.log(6));
    expect(structural(item, 'citations')).toBeCloseTo(Math.log(3) / Math.log(21));
    expect(structural(item, 'has_error')).toBe(1);
    expect(structural(item, 'code_fences')).toBeCloseTo(Math.log(3) / Math.log(11));
    expect(structural(item, 'json_output')).toBe(0);
    expect(structural(evalItem({ output: ' {"a": [1, 2]} ' }), 'json_output')).toBe(1);
    expect(structural(evalItem({ output: '{"a": ' }), 'json_output')).toBe(0);
    const grounded = evalItem({ output: 'Oslo: 14°C', toolCalls: item.toolCalls });
    expect(structural(grounded, 'context_overlap')).toBe(1);
    expect(structural(evalItem({ output: 'Oslo: 14°C' }), 'context_overlap')).toBe(0);
  });

  it('centers structural values on stored means and scores unknown names as 0', () => {
    const item = evalItem({ hasError: true });
    const centered = featurize(item, {
      ...spec,
      structuralFeatures: ['has_error', 'from_the_future'],
      structuralMeans: [0.25, 0.5],
    });
    expect(centered.values.slice(-2)).toEqual([0.75, -0.5]);
  });

  it.each([
    ['dimensions 0', { dimensions: 0 }],
    ['dimensions 2^25', { dimensions: 1 << 25 }],
    ['fractional dimensions', { dimensions: 100.5 }],
    ['word n-grams from 0', { wordNgrams: [0, 2] }],
    ['reversed range', { charNgrams: [5, 3] }],
    ['n-grams longer than 15', { wordNgrams: [1, 16] }],
  ] as [string, Partial<FeatureSpec>][])('rejects a spec with %s', (_, change) => {
    expect(() => featurize(evalItem({ output: 'x' }), { ...spec, ...change })).toThrow(AppError);
  });
});
