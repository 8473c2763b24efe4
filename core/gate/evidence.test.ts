import { describe, expect, it } from 'vitest';
import { canonicalJson, evidenceFingerprint, type GateEvidence, outputStamp } from './evidence.js';
import { DEFAULT_POLICY } from './types.js';

const evidence: GateEvidence = {
  source: 'traces',
  release: '2.0.0',
  baseline: '1.0.0',
  datasetVersionId: null,
  candidate: ['t1@2026-12-01 10:00:00+00', 't2@2026-12-01 10:00:01+00'],
  baselineItems: ['b1@2026-11-01 10:00:00+00'],
  evaluators: ['v1:gate', 'v2:signal'],
  policy: DEFAULT_POLICY,
};

describe('evidenceFingerprint', () => {
  it('ignores the order items and evaluators are listed in', () => {
    const shuffled = {
      ...evidence,
      candidate: [...evidence.candidate].reverse(),
      evaluators: [...evidence.evaluators].reverse(),
      policy: { minItems: 10, floor: 0, alpha: 0.05, tolerance: 0.05 },
    };
    expect(evidenceFingerprint(shuffled)).toBe(evidenceFingerprint(evidence));
    expect(evidenceFingerprint(evidence)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['a new trace of the release', { candidate: [...evidence.candidate, 't3@2026-12-01 11:00:00+00'] }],
    ['a trace that got a later span', { candidate: ['t1@2026-12-01 10:00:00+00', 't2@2026-12-01 10:05:00+00'] }],
    ['another baseline', { baseline: '1.1.0' }],
    ['a new baseline trace', { baselineItems: [...evidence.baselineItems, 'b2@x'] }],
    ['a new evaluator version', { evaluators: ['v3:gate', 'v2:signal'] }],
    ['an evaluator demoted to signal', { evaluators: ['v1:signal', 'v2:signal'] }],
    ['another policy', { policy: { ...DEFAULT_POLICY, floor: 0.8 } }],
  ])('changes with %s', (_, change) => {
    expect(evidenceFingerprint({ ...evidence, ...change })).not.toBe(evidenceFingerprint(evidence));
  });
});

describe('outputStamp and canonicalJson', () => {
  it('stamps an upload by its content, whatever the key order of its context', () => {
    expect(outputStamp('t1', 'answer', { b: 1, a: [1, { d: 2, c: 3 }] })).toBe(
      outputStamp('t1', 'answer', { a: [1, { c: 3, d: 2 }], b: 1 }),
    );
    expect(outputStamp('t1', 'answer', null)).toBe(outputStamp('t1', 'answer', undefined));
    expect(outputStamp('t1', 'answer', null)).not.toBe(outputStamp('t1', 'answer!', null));
    expect(canonicalJson({ b: 1, a: 'x', u: undefined })).toBe('{"a":"x","b":1}');
  });
});
