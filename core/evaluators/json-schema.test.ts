import { describe, expect, it } from 'vitest';
import { EvaluatorConfigError } from './errors.js';
import { makeItem, toolCall } from './item-fixtures.js';
import { compileJsonSchemaRule } from './json-schema.js';

const answerSchema = {
  type: 'object',
  required: ['answer', 'confidence'],
  properties: { answer: { type: 'string' }, confidence: { type: 'number', minimum: 0, maximum: 1 } },
  additionalProperties: false,
};
const onOutput = compileJsonSchemaRule({ kind: 'json_schema', schema: answerSchema, target: 'output' });
const anyJson = compileJsonSchemaRule({ kind: 'json_schema', schema: {}, target: 'output' });

describe('json_schema on the output', () => {
  it.each([
    ['{"answer":"Paris","confidence":0.9}', 1, 'the output is JSON matching the schema'],
    ['  {"answer":"巴黎 😀","confidence":1}\n', 1, 'matching the schema'],
    ['', 0, 'the output is empty'],
    ['Sure! Here it is: {"answer":"Paris"}', 0, 'is not JSON (it starts with "Sure! Here it is: {\\"…")'],
    ['```json\n{"answer":"Paris","confidence":0.9}\n```', 0, 'is a ``` fenced code block, not bare JSON'],
    ['{"answer":"Paris",', 0, 'is not valid JSON'],
    ['{"answer":"Paris"}', 0, "(root) must have required property 'confidence'"],
    ['{"answer":1,"confidence":2,"extra":true}', 0, '/answer must be string; /confidence must be <= 1'],
    ['{"answer":"a","confidence":0.5,"extra":true}', 0, '(root) must NOT have additional properties (extra)'],
  ])('%j → %d', (output, score, explanation) => {
    const e = onOutput(makeItem({ output }));
    expect(e.score).toBe(score);
    expect(e.explanation).toContain(explanation);
  });

  it.each([
    ['[1,2]', 1],
    ['"just a string"', 1],
    ['-1.5e3', 1],
    ['null', 1],
    ['nothing', 0],
    ["{'single': 1}", 0],
  ])('schema {} only asks for JSON: %s → %d', (output, score) => {
    expect(anyJson(makeItem({ output })).score).toBe(score);
  });

  it('parses a 1 MB JSON output in bounded time', () => {
    const output = JSON.stringify({ answer: 'é😀'.repeat(330_000), confidence: 0.5 });
    const start = performance.now();
    expect(onOutput(makeItem({ output })).score).toBe(1);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('compiles each schema once', () => {
    const a = compileJsonSchemaRule({ kind: 'json_schema', schema: { type: 'object' }, target: 'output' });
    const b = compileJsonSchemaRule({ kind: 'json_schema', schema: { type: 'object' }, target: 'output' });
    expect(a(makeItem({ output: '{}' })).score).toBe(b(makeItem({ output: '{}' })).score);
  });
});

describe('json_schema on tool arguments', () => {
  const schema = { type: 'object', required: ['city'], properties: { city: { type: 'string', minLength: 1 } } };
  const forWeather = compileJsonSchemaRule({ kind: 'json_schema', schema, target: 'tool_arguments', tool: 'weather' });
  const forAll = compileJsonSchemaRule({ kind: 'json_schema', schema, target: 'tool_arguments' });

  it.each([
    ['valid', [toolCall('weather', '{"city":"Zürich"}')], 1, '1 call matches the schema'],
    ['other tools are not checked', [toolCall('search', 'not json'), toolCall('weather', '{"city":"Oslo"}')], 1, ''],
    ['no calls', [], 1, 'no calls to "weather" with arguments to check'],
    ['arguments not recorded', [toolCall('weather', null)], 1, 'no calls'],
    [
      'malformed arguments',
      [toolCall('weather', '{"city": "Oslo"')],
      0,
      'call 1 (weather): arguments is not valid JSON',
    ],
    [
      'invalid',
      [toolCall('weather', '{"city":""}')],
      0,
      'call 1 (weather): /city must NOT have fewer than 1 characters',
    ],
    ['blank arguments are {}', [toolCall('weather', ' ')], 0, "must have required property 'city'"],
  ])('%s', (_, toolCalls, score, explanation) => {
    const e = forWeather(makeItem({ toolCalls }));
    expect(e.score).toBe(score);
    expect(e.explanation).toContain(explanation);
  });

  it('without a tool, checks every call', () => {
    const e = forAll(makeItem({ toolCalls: [toolCall('weather', '{"city":"Oslo"}'), toolCall('search', '{"q":1}')] }));
    expect(e).toEqual({
      score: 0,
      explanation: "arguments do not match the schema: call 2 (search): (root) must have required property 'city'",
    });
  });
});

describe('json_schema config', () => {
  it.each([
    [{ schema: { type: 'nonsense' } }, 'schema', 'is not a valid JSON schema'],
    [{ schema: [] }, 'schema', 'must be a JSON schema object'],
    [{ target: 'input' }, 'target', 'must be output or tool_arguments'],
    [{ target: 'tool_arguments', tool: '' }, 'tool', 'must be a tool name'],
  ])('refuses %j', (over, field, message) => {
    const config = { kind: 'json_schema', schema: {}, target: 'output', ...over } as never;
    expect(() => compileJsonSchemaRule(config)).toThrow(EvaluatorConfigError);
    expect(() => compileJsonSchemaRule(config)).toThrow(expect.objectContaining({ field }));
    expect(() => compileJsonSchemaRule(config)).toThrow(message);
  });
});
