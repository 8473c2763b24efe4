import { describe, expect, it } from 'vitest';
import { makeItem, toolCall, toolDefinition } from './item-fixtures.js';
import { compileToolArgsRule } from './tool-args.js';
import type { EvalItem } from './types.js';

const weather = toolDefinition('get_weather', {
  type: 'object',
  properties: { city: { type: 'string' }, unit: { enum: ['c', 'f'] } },
  required: ['city'],
  additionalProperties: false,
});
const search = toolDefinition('search_web', { type: 'object', properties: { q: { type: 'string' } } });
const declared = [weather, search];

const rule = compileToolArgsRule({
  kind: 'tool_args',
  expectations: [{ inputPattern: '\\bweather\\b', tool: 'get_weather' }],
});

describe('tool_args', () => {
  it.each<[string, Partial<EvalItem>, number, string]>([
    ['no calls, no expectation', { input: 'hi' }, 1, 'no tool calls'],
    [
      'valid call',
      {
        input: 'Weather in Zürich?',
        toolDefinitions: declared,
        toolCalls: [toolCall('get_weather', '{"city":"Zürich"}')],
      },
      1,
      '1 tool call valid, expected tools called',
    ],
    [
      'malformed JSON arguments',
      { toolDefinitions: declared, toolCalls: [toolCall('search_web', '{"q": "x"')] },
      0,
      'call 1 (search_web): arguments is not valid JSON',
    ],
    [
      'arguments that are prose',
      { toolDefinitions: declared, toolCalls: [toolCall('search_web', 'q=x')] },
      0,
      'call 1 (search_web): arguments is not JSON (it starts with "q=x")',
    ],
    [
      'schema violation with path',
      { toolDefinitions: declared, toolCalls: [toolCall('get_weather', '{"city":"Oslo","unit":"k"}')] },
      0,
      'call 1 (get_weather): arguments /unit must be equal to one of the allowed values',
    ],
    [
      'missing required argument (blank arguments are {})',
      { toolDefinitions: declared, toolCalls: [toolCall('get_weather', '')] },
      0,
      "(root) must have required property 'city'",
    ],
    [
      'undeclared tool',
      { toolDefinitions: declared, toolCalls: [toolCall('delete_account', '{}')] },
      0,
      'call 1 (delete_account): not a tool declared in this trace (declared: get_weather, search_web)',
    ],
    [
      'no tools declared: names not checked, arguments still parsed',
      { toolCalls: [toolCall('anything', '{"a":1}')] },
      1,
      '1 tool call valid (the trace declares no tools, so tool names and schemas were not checked)',
    ],
    [
      'no tools declared, malformed arguments',
      { toolCalls: [toolCall('anything', '{a:1}')] },
      0,
      'call 1 (anything): arguments is not valid JSON',
    ],
    [
      'wrong tool',
      {
        input: 'what is the WEATHER in Oslo',
        toolDefinitions: declared,
        toolCalls: [toolCall('search_web', '{"q":"oslo"}')],
      },
      0,
      'wrong tool: the input matches /\\bweather\\b/i, so get_weather should be called, but the model called search_web',
    ],
    [
      'expected tool never called',
      { input: 'weather?', toolDefinitions: declared },
      0,
      'missing tool call: the input matches /\\bweather\\b/i, so get_weather should be called, but no tool was called',
    ],
    [
      'arguments not recorded (a tool span without them)',
      { toolDefinitions: declared, toolCalls: [toolCall('get_weather', null, { result: 'sunny' })] },
      1,
      '1 tool call valid',
    ],
    [
      'unicode and emoji in arguments',
      { toolDefinitions: declared, toolCalls: [toolCall('search_web', '{"q":"שלום 😀 e\u0301"}')] },
      1,
      '1 tool call valid',
    ],
  ])('%s', (_, over, score, explanation) => {
    const e = rule(makeItem(over));
    expect(e.score).toBe(score);
    expect(e.explanation).toContain(explanation);
  });

  it('allows undeclared tools when told to', () => {
    const lenient = compileToolArgsRule({ kind: 'tool_args', rejectUnknownTools: false });
    const item = makeItem({ toolDefinitions: declared, toolCalls: [toolCall('other', '{"x":1}')] });
    expect(lenient(item).score).toBe(1);
    expect(rule(item).score).toBe(0);
  });

  it('only parses arguments of a tool whose declared schema does not compile', () => {
    const broken = toolDefinition('broken', { type: 'not-a-type' });
    const e = rule(makeItem({ toolDefinitions: [broken], toolCalls: [toolCall('broken', '{"x":1}')] }));
    expect(e).toEqual({
      score: 1,
      explanation:
        '1 tool call valid (the declared parameters of broken are not a valid JSON schema, so its arguments were only parsed)',
    });
  });

  it('checks 1 MB arguments in bounded time', () => {
    const big = JSON.stringify({ q: 'é😀 '.repeat(250_000) });
    const calls = [toolCall('search_web', big), toolCall('search_web', big.slice(0, -2))];
    const start = performance.now();
    const e = rule(makeItem({ toolDefinitions: declared, toolCalls: calls }));
    expect(e.score).toBe(0);
    expect(e.explanation).toMatch(/^call 2 \(search_web\): arguments is not valid JSON/);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('lists several problems, then how many more', () => {
    const calls = [1, 2, 3, 4, 5].map(() => toolCall('get_weather', '{}'));
    const e = rule(makeItem({ toolDefinitions: declared, toolCalls: calls }));
    expect(e.explanation).toMatch(/call 3 .*; and 2 more$/);
  });

  it.each([
    [{ expectations: [{ inputPattern: 'q(?=a)', tool: 'x' }] }, 'expectations[0].inputPattern'],
    [{ expectations: [{ inputPattern: 'a', tool: '' }] }, 'expectations[0].tool'],
    [{ expectations: 'x' }, 'expectations'],
    [{ rejectUnknownTools: 'yes' }, 'rejectUnknownTools'],
  ])('refuses %j naming the field', (over, field) => {
    const config = { kind: 'tool_args', ...over } as never;
    expect(() => compileToolArgsRule(config)).toThrow(expect.objectContaining({ name: 'EvaluatorConfigError', field }));
  });
});
