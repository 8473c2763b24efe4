import { describe, expect, it } from 'vitest';
import type { TraceRollup } from '../rollup.js';
import { anomalyScore, fingerprint, fingerprintDistance, NEAR_DUPLICATE_DISTANCE } from './anomaly-score.js';
import type { Signal, SignalName } from './types.js';

const signal = (name: SignalName, strength: number): Signal => ({ name, strength, explanation: name });

const rollup = (input: string | null, rootSpanName: string | null = 'answer'): TraceRollup => ({
  rootSpanName,
  sessionId: null,
  userId: null,
  release: null,
  environment: null,
  promptVersion: null,
  modelVersion: null,
  featureFlags: {},
  tags: {},
  models: [],
  input,
  output: null,
  inputTokens: null,
  outputTokens: null,
  totalTokens: null,
  spanCount: 1,
  llmCalls: 1,
  toolCalls: 0,
  toolErrors: 0,
  hasError: false,
  startTime: null,
  endTime: null,
  latencyMs: null,
});

describe('anomalyScore', () => {
  it.each([
    [[], 0],
    [[0.5], 0.5],
    [[0.5, 0.5], 0.75],
    [[0.3, 0.2, 0.1], 0.496],
    [[1, 0.2], 1],
  ])('noisy-or of %j = %d', (strengths, expected) => {
    expect(anomalyScore(strengths.map((s) => signal('error', s)))).toBe(expected);
  });

  it('never lowers the score when a signal is added, and stays in [0, 1]', () => {
    const signals: Signal[] = [];
    let previous = 0;
    for (const s of [0, 0.05, 0.9, 0.999, 0.3, 1]) {
      signals.push(signal('tool_retry', s));
      const score = anomalyScore(signals);
      expect(score).toBeGreaterThanOrEqual(previous);
      expect(score).toBeLessThanOrEqual(1);
      previous = score;
    }
  });
});

describe('fingerprint', () => {
  const signals = [signal('token_spike', 0.9), signal('context_pressure', 0.5)];
  const base = 'How do I reset my password? I tried the link in the email but it says expired.';

  it('is short, stable and independent of signal order', () => {
    const fp = fingerprint(rollup(base), signals);
    expect(fp).toMatch(/^[0-9a-f]{16}:context_pressure\+token_spike$/);
    expect(fingerprint(rollup(base), [...signals].reverse())).toBe(fp);
  });

  it.each([
    'how do I reset my password?? I tried the link in the email but it says expired',
    'HOW DO I RESET MY PASSWORD - I tried the link in the email, but it says: expired!',
  ])('is equal for near-duplicates: %j', (variant) => {
    expect(fingerprint(rollup(variant), signals)).toBe(fingerprint(rollup(base), signals));
  });

  it('collapses texts that differ only in numbers', () => {
    const a = fingerprint(rollup('Where is my order 12345?'), signals);
    expect(fingerprint(rollup('where is my order #98765'), signals)).toBe(a);
  });

  it('keeps small edits near and different questions far', () => {
    const a = fingerprint(rollup(base), signals);
    const edited = fingerprint(rollup(base.replace('email', 'mail')), signals);
    expect(fingerprintDistance(a, edited)).toBeLessThanOrEqual(NEAR_DUPLICATE_DISTANCE);
    for (const other of [
      'What is the weather in Paris tomorrow?',
      'Summarize the attached quarterly report for the board',
      'Can you help me write a cover letter for a marketing job?',
    ]) {
      const b = fingerprint(rollup(other), signals);
      expect(b).not.toBe(a);
      expect(fingerprintDistance(a, b)).toBeGreaterThan(NEAR_DUPLICATE_DISTANCE);
    }
  });

  it('puts different signal sets far apart, whatever the text', () => {
    const a = fingerprint(rollup(base), signals);
    const b = fingerprint(rollup(base), [signal('token_spike', 0.9)]);
    expect(a).not.toBe(b);
    expect(fingerprintDistance(a, b)).toBe(65);
    expect(fingerprintDistance(a, fingerprint(rollup(base), []))).toBe(66);
  });

  it('hashes the root span name when there is no input, and rejects non-fingerprints', () => {
    expect(fingerprint(rollup(null, 'answer'), [])).toBe(fingerprint(rollup('answer'), []));
    expect(fingerprintDistance('nonsense', fingerprint(rollup(base), []))).toBe(Number.POSITIVE_INFINITY);
  });
});
