import { describe, expect, it } from 'vitest';
import { configFromFields, FormJsonError, fieldsOfConfig } from './config-form.js';
import { evaluatorConfigSchema } from './config-schema.js';
import type { EvaluatorConfig } from './types.js';

const configs: EvaluatorConfig[] = [
  { kind: 'regex', pattern: 'TL;DR', flags: 'i', mode: 'must_match', field: 'output' },
  { kind: 'banned_phrases', phrases: ['as an ai', 'i cannot'], field: 'output' },
  { kind: 'length', unit: 'chars', max: 1200, min: 10, summaryPattern: '^TL;DR' },
  { kind: 'json_schema', schema: { type: 'object' }, target: 'tool_arguments', tool: 'search' },
  { kind: 'tool_args', expectations: [{ inputPattern: 'weather', tool: 'get_weather' }], rejectUnknownTools: false },
  { kind: 'citation', pattern: '\\[(\\d+)\\]', checkQuotes: true, minQuoteWords: 6 },
  { kind: 'judge', rubric: 'Fail when…', model: 'gpt-4o-2024-08-06', provider: 'openai', fewShot: [] },
  { kind: 'composite', op: 'any', children: [{ kind: 'length', unit: 'tokens', max: 300 }] },
];

describe('evaluator edit form fields', () => {
  it.each(configs)('$kind: the fields of a config give the same config back, valid', (config) => {
    const round = configFromFields(config.kind, fieldsOfConfig(config), config);
    expect(evaluatorConfigSchema.parse(round)).toEqual(config);
  });

  it.each([
    ['regex', { pattern: '', mode: 'must_match', field: 'output' }, 'pattern'],
    ['regex', { pattern: 'x', mode: 'sometimes', field: 'output' }, 'mode'],
    ['banned_phrases', { phrases: ' \n ', field: 'output' }, 'phrases'],
    ['length', { unit: 'chars', max: 'many' }, 'max'],
    ['length', { unit: 'chars', max: '10', min: '20' }, 'min'],
    ['tool_args', { expectations: 'weather =>' }, 'expectations.0.tool'],
    ['citation', { minQuoteWords: '0' }, 'minQuoteWords'],
    ['judge', { rubric: ' ', model: 'm', provider: 'p' }, 'rubric'],
  ])('%s %j is refused naming %s', (kind, fields, path) => {
    const result = evaluatorConfigSchema.safeParse(configFromFields(kind, fields as Record<string, string>, null));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(path);
  });

  it('says which JSON field does not parse', () => {
    expect(() => configFromFields('json_schema', { target: 'output', schema: '{nope' }, null)).toThrow(FormJsonError);
    expect(() => configFromFields('composite', { op: 'all', children: '[' }, null)).toThrow(/children: not valid JSON/);
  });
});
