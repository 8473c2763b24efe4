import { describe, expect, it } from 'vitest';
import { computeSignalsWithNotes } from './compute-signals.js';
import { pressureStrength } from './context-pressure.js';
import { defaultSignalSettings } from './settings.js';
import { llm, signalInput } from './signal-fixtures.js';

const pressureOf = (input: ReturnType<typeof signalInput>) =>
  computeSignalsWithNotes(input).signals.find((s) => s.name === 'context_pressure');

describe('context_pressure', () => {
  it('tells how much of the context window the largest input used', () => {
    const signal = pressureOf(signalInput([llm({ inputTokens: 20_000 }), llm({ at: 5_000, inputTokens: 118_000 })]));
    expect(signal).toMatchObject({
      strength: 0.989,
      explanation: 'input used 118k of the 128k-token context of gpt-4o-2024-08-06 (92%)',
      evidence: { inputTokens: 118_000, contextLimit: 128_000, limitSource: 'built-in' },
    });
  });

  it.each([
    ['gpt-4', 7_000, 'input used 7,000 of the 8,192-token context of gpt-4 (85%)'],
    [
      'claude-3-5-sonnet-20241022',
      150_000,
      'input used 150k of the 200k-token context of claude-3-5-sonnet-20241022 (75%)',
    ],
    ['gpt-4o', 127_900, 'input used 127,900 of the 128,000-token context of gpt-4o (99.9%)'],
  ])('reads %s at %i tokens', (model, inputTokens, explanation) => {
    const signal = pressureOf(signalInput([llm({ requestModel: model, responseModel: null, inputTokens })]));
    expect(signal?.explanation).toBe(explanation);
  });

  it.each([
    ['a small input', 20_000],
    ['half the window', 64_000],
    ['a count of zero', 0],
  ])('does not fire for %s', (_case, inputTokens) => {
    expect(pressureOf(signalInput([llm({ inputTokens })]))).toBeUndefined();
  });

  it('notes an unknown model instead of guessing, and uses a project override', () => {
    const spans = [llm({ requestModel: 'acme-llm-2', responseModel: null, inputTokens: 30_000 })];
    const { signals, notes } = computeSignalsWithNotes(signalInput(spans));
    expect(signals.find((s) => s.name === 'context_pressure')).toBeUndefined();
    expect(notes).toContain(
      "context pressure unknown: no context limit known for model 'acme-llm-2' (add it in project settings)",
    );
    const settings = { ...defaultSignalSettings, contextLimits: { 'acme-llm-2': 32_000 } };
    const withOverride = computeSignalsWithNotes(signalInput(spans, { settings }));
    expect(withOverride.signals.find((s) => s.name === 'context_pressure')).toMatchObject({
      explanation: 'input used 30k of the 32k-token context of acme-llm-2 (94%)',
      evidence: { limitSource: 'settings' },
    });
    expect(withOverride.notes.filter((n) => n.startsWith('context pressure'))).toEqual([]);
  });

  it('notes calls that record no input-token count or no model', () => {
    expect(computeSignalsWithNotes(signalInput([llm({ inputTokens: null })])).notes).toContain(
      'context pressure unknown: no LLM call recorded its input-token count',
    );
    const noModel = llm({ name: 'call', requestModel: null, responseModel: null, inputTokens: 9_000 });
    expect(computeSignalsWithNotes(signalInput([noModel])).notes).toContain(
      "context pressure unknown: span 'call' records no model name",
    );
  });

  it('maps 50 % to 0 and 95 % or more to 1, smoothly', () => {
    expect(pressureStrength(0.5)).toBe(0);
    expect(pressureStrength(0.95)).toBe(1);
    expect(pressureStrength(1.4)).toBe(1);
    expect(pressureStrength(0.725)).toBeCloseTo(0.5, 10);
  });
});
