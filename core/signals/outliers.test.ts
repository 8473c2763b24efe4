import { describe, expect, it } from 'vitest';
import { computeSignalsWithNotes } from './compute-signals.js';
import { baseline, llm, signalInput } from './signal-fixtures.js';
import type { SignalInput } from './types.js';

const group = { route: 'answer', promptVersion: '7', model: 'gpt-4o' };

const run = (outputTokens: number, baselines: Partial<SignalInput['baselines']>) =>
  computeSignalsWithNotes(
    signalInput([llm({ outputTokens, inputTokens: 1_000 })], {
      baselines: { totalTokens: null, outputTokens: null, latencyMs: null, group, ...baselines },
    }),
  );

describe('token_spike', () => {
  it('tells the spike against the robust baseline of the group', () => {
    const { signals } = run(9_400, { outputTokens: baseline(1_540, 650, 412) });
    expect(signals.find((s) => s.name === 'token_spike')).toMatchObject({
      strength: 1,
      explanation:
        "used 9,400 output tokens, 6.1× the median of 1,540 for route 'answer' / prompt v7 / gpt-4o (z = 8.2, n = 412)",
      evidence: { outputTokens: 9_400, outputTokensMedian: 1_540, baselineN: 412 },
    });
  });

  it('tells total tokens when they are the stronger spike', () => {
    const { signals } = run(200, {
      outputTokens: baseline(180, 40),
      totalTokens: baseline(1_000, 20, 50),
    });
    expect(signals.find((s) => s.name === 'token_spike')?.explanation).toBe(
      "used 1,200 tokens in total, 1.2× the median of 1,000 for route 'answer' / prompt v7 / gpt-4o (z = 6.7, n = 50)",
    );
  });

  it.each([
    ['within the usual range', 1_900, baseline(1_540, 650)],
    ['below the baseline', 10, baseline(1_540, 650)],
    ['just under the threshold', 1_540 + Math.floor(3.4 * 1.4826 * 650), baseline(1_540, 650)],
  ])('does not fire %s', (_case, outputTokens, outputBaseline) => {
    const { signals, notes } = run(outputTokens, { outputTokens: outputBaseline });
    expect(signals.find((s) => s.name === 'token_spike')).toBeUndefined();
    expect(notes.filter((n) => n.startsWith('token spike'))).toEqual([]);
  });

  it('notes a baseline that is missing or too small instead of firing', () => {
    expect(run(9_400, { outputTokens: baseline(1_540, 650, 12) }).notes).toContain(
      "token spike unknown: only 12 baseline traces for route 'answer' / prompt v7 / gpt-4o (needs 20)",
    );
    const none = run(9_400, {});
    expect(none.signals.find((s) => s.name === 'token_spike')).toBeUndefined();
    expect(none.notes).toContain("token spike unknown: no baseline yet for route 'answer' / prompt v7 / gpt-4o");
  });

  it('describes the group from the rollup when the caller gives none', () => {
    const input = signalInput([llm({ outputTokens: 9_400 })], {
      baselines: { totalTokens: null, outputTokens: baseline(1_540, 650, 412), latencyMs: null },
    });
    expect(computeSignalsWithNotes(input).signals[0]?.explanation).toContain(
      "for route 'answer' / gpt-4o-2024-08-06 (",
    );
  });
});

describe('latency_outlier', () => {
  it('fires for a trace far slower than its group', () => {
    const { signals } = run(150, { latencyMs: baseline(9_100, 1_200, 230) });
    expect(signals.find((s) => s.name === 'latency_outlier')).toMatchObject({
      strength: 1,
      explanation: "took 60.0 s, 6.6× the median of 9.1 s for route 'answer' / prompt v7 / gpt-4o (z = 28.6, n = 230)",
    });
  });

  it.each([
    ['within the usual range', baseline(55_000, 5_000)],
    ['faster than usual', baseline(200_000, 10_000)],
  ])('does not fire %s', (_case, latency) => {
    expect(run(150, { latencyMs: latency }).signals.find((s) => s.name === 'latency_outlier')).toBeUndefined();
  });

  it('says so when the baseline has no spread at all', () => {
    const { signals } = run(150, { latencyMs: { median: 1_000, mad: 0, meanAbsDeviation: 0, n: 40 } });
    expect(signals.find((s) => s.name === 'latency_outlier')?.explanation).toContain('(z ≥ 100, n = 40)');
  });
});
