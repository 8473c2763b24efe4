import { describe, expect, it } from 'vitest';
import { computeSignalsWithNotes } from './compute-signals.js';
import { defaultSignalSettings } from './settings.js';
import { llm, type SpanInit, signalInput, span } from './signal-fixtures.js';
import type { SignalInput, SignalSpan } from './types.js';

const guardrailOf = (spans: SignalSpan[], overrides: Partial<Omit<SignalInput, 'spans'>> = {}) =>
  computeSignalsWithNotes(signalInput(spans, overrides)).signals.find((s) => s.name === 'guardrail');

const guard = (init: SpanInit & { output?: string } = {}) => {
  const { output = null, ...rest } = init;
  return span({
    kind: 'guardrail',
    name: 'pii-check',
    content: { inputMessages: [], outputMessages: [], toolCalls: [], input: null, output },
    ...rest,
  });
};

describe('guardrail', () => {
  it.each([
    [
      'a triggered attribute',
      guard({ attributes: { 'guardrail.triggered': true } }),
      'tripped (guardrail.triggered = true)',
    ],
    [
      'a moderation verdict',
      guard({ output: '{"results":[{"flagged":true,"categories":{"violence":true}}]}' }),
      'tripped (flagged = true)',
    ],
    [
      'an Agents SDK tripwire',
      guard({ output: '{"tripwire_triggered": true}' }),
      'tripped (tripwire_triggered = true)',
    ],
    [
      'a Bedrock intervention',
      guard({ output: '{"action": "GUARDRAIL_INTERVENED", "reason": "denied topic"}' }),
      'tripped (action = GUARDRAIL_INTERVENED: denied topic)',
    ],
    [
      'a failed validation',
      guard({ output: '{"validation_passed": false, "reason": "PII detected"}' }),
      'tripped (validation_passed = false: PII detected)',
    ],
    [
      'a text verdict',
      guard({ output: 'BLOCKED: request mentions a credit card' }),
      "tripped: 'BLOCKED: request mentions a credit card'",
    ],
    [
      'an error status',
      guard({ isError: true, statusMessage: 'policy violation' }),
      "tripped (error status: 'policy violation')",
    ],
  ])('fires for %s', (_case, guardSpan, text) => {
    const signal = guardrailOf([guardSpan]);
    expect(signal?.strength).toBe(0.8);
    expect(signal?.explanation).toContain("guardrail 'pii-check' ");
    expect(signal?.explanation).toContain(text);
  });

  it('fires for a provider content filter', () => {
    expect(guardrailOf([llm({ finishReasons: ['content_filter'] })])).toMatchObject({
      strength: 0.7,
      explanation: "the provider filtered the answer of span 'chat gpt-4o' (finish reason 'content_filter')",
    });
  });

  it('fires for a configured predicate on any span, and counts one trip per span', () => {
    const settings = {
      ...defaultSignalSettings,
      guardrailPredicates: [
        { attribute: 'moderation.score', op: 'gt' as const, value: 0.8, label: 'moderation score above 0.8' },
      ],
    };
    expect(
      guardrailOf([llm({ name: 'chat', attributes: { 'moderation.score': '0.93' } })], { settings }),
    ).toMatchObject({
      strength: 0.8,
      explanation: "moderation score above 0.8 on span 'chat'",
    });
    const both = guardrailOf([
      guard({ attributes: { 'guardrail.triggered': true } }),
      llm({ finishReasons: ['content_filter'] }),
    ]);
    expect(both).toMatchObject({ strength: 0.94 });
    expect(both?.explanation).toContain('(and 1 more guardrail trip)');
  });

  it.each([
    ['a passing guardrail', guard({ output: '{"flagged": false}', attributes: { 'guardrail.triggered': false } })],
    ['a passing text verdict', guard({ output: 'passed' })],
    ['a verdict word inside guarded content', guard({ attributes: { 'input.value': '{"blocked": true}' } })],
    ['a normal finish', llm({ finishReasons: ['stop'] })],
    ['a non-guardrail span that says blocked', span({ attributes: { blocked: true } })],
  ])('does not fire for %s', (_case, s) => {
    expect(guardrailOf([s])).toBeUndefined();
  });
});
