import { describe, expect, it } from 'vitest';
import { computeSignals, computeSignalsWithNotes } from './compute-signals.js';
import { baseline, call, llm, signalInput, span, tool } from './signal-fixtures.js';
import { type Signal, type SignalInput, type SignalSpan, signalNames } from './types.js';

const baselines = {
  totalTokens: baseline(1_400, 300),
  outputTokens: baseline(150, 40),
  latencyMs: baseline(55_000, 8_000),
  group: { route: 'answer', promptVersion: 'v7', model: 'gpt-4o' },
};

/** A trace that trips every signal at once. */
function everything(): SignalInput {
  const spans = [
    llm({ at: 1_000, inputTokens: 125_000, outputTokens: 9_000, userId: 'u1', finishReasons: ['length'] }),
    tool('search', '{"q":1}', { at: 2_000, isError: true, statusMessage: 'timeout' }),
    llm({ at: 3_000, inputTokens: 1_000 }),
    tool('search', '{"q":2}', { at: 4_000 }),
    span({ at: 5_000, kind: 'guardrail', name: 'pii', attributes: { 'guardrail.triggered': true } }),
    span({ at: 5_500, kind: 'retrieval', content: { retrievedDocuments: [{ id: 'd1', content: 'x' }] } }),
    llm({
      at: 6_000,
      answer: 'See [5].',
      outputTokens: 0,
      isError: true,
      attributes: { 'user.feedback': 'thumbs_down' },
    }),
  ];
  return signalInput(spans, {
    baselines: { ...baselines, latencyMs: baseline(5_000, 1_000) },
    previous: { traceId: 't0', input: 'how can I reset my password', gapSeconds: 30 },
    feedback: [{ score: 0.1, comment: 'useless' }],
  });
}

describe('computeSignalsWithNotes', () => {
  it('gives nothing for an ordinary trace with a baseline', () => {
    expect(computeSignalsWithNotes(signalInput([llm()], { baselines }))).toEqual({ signals: [], notes: [] });
  });

  it('fires every signal once, strongest first, on a trace that has them all', () => {
    const signals = computeSignals(everything());
    expect(signals.map((s) => s.name).sort()).toEqual([...signalNames].sort());
    const strengths = signals.map((s) => s.strength);
    expect(strengths).toEqual([...strengths].sort((a, b) => b - a));
  });

  it('breaks strength ties in signalNames order', () => {
    const spans = [llm({ finishReasons: ['length'], attributes: { 'user.feedback': 'thumbs_down' } })];
    const signals = computeSignals(signalInput(spans, { baselines, feedback: [{ score: 0.2, comment: null }] }));
    expect(signals.map((s) => [s.name, s.strength])).toEqual([
      ['user_feedback', 0.9],
      ['truncation', 0.8],
    ]);
    const tied = computeSignals(
      signalInput([llm({ finishReasons: ['length'] })], { baselines, feedback: [{ score: 0.2, comment: null }] }),
    );
    expect(tied.map((s) => s.name)).toEqual(['truncation', 'user_feedback']);
  });

  it('drops signals too weak to matter', () => {
    // 52 % of the window: a pressure strength of 0.006
    const { signals } = computeSignalsWithNotes(
      signalInput([llm({ inputTokens: 66_560 })], { baselines: { ...baselines, totalTokens: null } }),
    );
    expect(signals).toEqual([]);
  });

  it('is what computeSignals returns', () => {
    const input = everything();
    expect(computeSignals(input)).toEqual(computeSignalsWithNotes(input).signals);
  });

  it('keeps every strength in [0, 1] with at most 3 decimals, whatever the trace', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const check = (signals: Signal[]) => {
      for (const s of signals) {
        expect(s.strength).toBeGreaterThanOrEqual(0);
        expect(s.strength).toBeLessThanOrEqual(1);
        expect(Math.round(s.strength * 1000) / 1000).toBe(s.strength);
        expect(s.explanation.length).toBeGreaterThan(0);
      }
    };
    for (let trace = 0; trace < 200; trace++) {
      const spans: SignalSpan[] = [];
      for (let i = 0; i < 1 + Math.floor(random() * 6); i++) {
        const at = 1_000 + i * 1_000;
        spans.push(
          pick([
            () =>
              llm({
                at,
                inputTokens: pick([null, 0, Math.floor(random() * 3e6)]),
                outputTokens: pick([null, 0, Math.floor(random() * 50_000)]),
                requestModel: pick(['gpt-4o', 'acme', 'claude-3-haiku', 'gemini-1.5-pro-002']),
                finishReasons: [pick(['stop', 'length', 'content_filter', 'tool_calls'])],
                isError: random() < 0.2,
                answer: pick(['', 'ok', 'A full answer.']),
                content: {
                  toolCalls: random() < 0.3 ? [call(pick(['a', 'b']), pick(['{}', '{"x":1}']), { id: `c${i}` })] : [],
                },
              }),
            () =>
              tool(pick(['a', 'b']), pick(['{}', '{"x":1}']), {
                at,
                isError: random() < 0.3,
                result: pick(['{"ok":true}', 'Error: x']),
              }),
            () => span({ at, kind: 'guardrail', name: 'g', attributes: { 'guardrail.triggered': random() < 0.5 } }),
          ])(),
        );
      }
      const input = signalInput(spans, {
        baselines: {
          totalTokens: pick([null, baseline(random() * 1e4, random() * 1e3, Math.floor(random() * 100))]),
          outputTokens: pick([null, baseline(random() * 1e3, pick([0, random() * 100]), 50)]),
          latencyMs: pick([null, { median: 1_000, mad: 0, n: 30 }, baseline(30_000, 5_000)]),
        },
        previous: pick([null, { traceId: 'p', input: 'How do I reset my password?', gapSeconds: random() * 1_200 }]),
        feedback: pick([[], [{ score: random() * 2 - 0.5, comment: 'x' }]]),
      });
      const { signals, notes } = computeSignalsWithNotes(input);
      check(signals);
      expect(new Set(signals.map((s) => s.name)).size).toBe(signals.length);
      expect(new Set(notes).size).toBe(notes.length);
    }
  });
});
