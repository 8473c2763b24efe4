import { describe, expect, it } from 'vitest';
import { decideGate } from './gate.js';
import type { EvaluatorDecision, GateEvaluator } from './types.js';
import { DEFAULT_POLICY } from './types.js';

const decision = (
  name: string,
  status: GateEvaluator['status'],
  outcome: EvaluatorDecision['decision'],
  missing?: EvaluatorDecision['missing'],
): EvaluatorDecision => ({
  evaluator: { id: name, name, failureMode: `${name} mode`, status, version: 1, mcc: 0.7 },
  decision: outcome,
  ...(missing ? { missing } : {}),
  blocking: outcome === 'block' && status === 'gate',
  reason: `${name} reason`,
  numbers: {
    nCandidate: 50,
    nBaseline: 50,
    nShared: 50,
    candidateRate: 0.8,
    baselineRate: 0.9,
    diff: -0.1,
    test: 'mcnemar',
  },
  flipped: [],
  policy: DEFAULT_POLICY,
});

describe('decideGate', () => {
  it('blocks when a gating evaluator blocks, naming only it', () => {
    const result = decideGate(
      [
        decision('citation grounding', 'gate', 'block'),
        decision('tone', 'gate', 'pass'),
        decision('verbosity', 'signal', 'block'),
      ],
      { release: 'v2.4.0', baseline: 'v2.3.1' },
    );
    expect(result.verdict).toBe('blocked');
    expect(result.blockedBy).toEqual(['citation grounding']);
    expect(result.summary).toBe(
      'Release v2.4.0 is blocked against v2.3.1 by 1 gating evaluator of 2: citation grounding. ' +
        'Signal evaluators that regressed (not blocking): verbosity.',
    );
  });

  it('passes when every gating evaluator had evidence and none blocks, whatever the signals did', () => {
    const result = decideGate([
      decision('tone', 'gate', 'pass'),
      decision('verbosity', 'signal', 'block'),
      decision('json', 'signal', 'inconclusive', 'items'),
    ]);
    expect(result).toMatchObject({ verdict: 'pass', blockedBy: [], inconclusiveBy: [], missing: [] });
    expect(result.summary).toBe(
      'The release passes: none of its 1 gating evaluator blocks. ' +
        'Signal evaluators that regressed (not blocking): verbosity. ' +
        'Signal evaluators without enough evidence (reported only): json.',
    );
    expect(result.release).toBeNull();
  });

  it('is inconclusive, not pass, when a gating evaluator lacks evidence', () => {
    const result = decideGate([decision('tone', 'gate', 'pass'), decision('json', 'gate', 'inconclusive', 'items')], {
      release: 'r2',
      baseline: 'r1',
    });
    expect(result).toMatchObject({ verdict: 'inconclusive', inconclusiveBy: ['json'], missing: ['items'] });
    expect(result.summary).toBe(
      'Release r2 is inconclusive against r1: 1 of 2 gating evaluators lacked evidence (json): json reason.',
    );
  });

  it('says once that the release has no items, however many evaluators say so', () => {
    const none = (name: string) => ({
      ...decision(name, 'gate', 'inconclusive', 'candidate'),
      reason: 'no trace tagged with release r9',
    });
    const result = decideGate([none('a'), none('b')], { release: 'r9' });
    expect(result.missing).toEqual(['candidate']);
    expect(result.summary).toBe(
      'Release r9 is inconclusive: 2 of 2 gating evaluators lacked evidence (a, b): no trace tagged with release r9.',
    );
  });

  it('blocks over inconclusive: a regression found on one evaluator is enough', () => {
    const result = decideGate([decision('a', 'gate', 'block'), decision('b', 'gate', 'inconclusive', 'items')]);
    expect(result).toMatchObject({ verdict: 'blocked', blockedBy: ['a'], inconclusiveBy: ['b'], missing: [] });
    expect(result.summary).toContain('Gating evaluators without enough evidence: b.');
  });

  it.each([
    ['only signal evaluators', [decision('verbosity', 'signal', 'pass')]],
    ['no evaluator at all', []],
  ])('is inconclusive with no gating evaluator (%s)', (_, decisions) => {
    const result = decideGate(decisions, { release: 'r1' });
    expect(result).toMatchObject({ verdict: 'inconclusive', missing: ['evaluators'] });
    expect(result.summary).toMatch(
      /^Release r1 is inconclusive: no evaluator has status gate, so nothing can vouch for it/,
    );
    expect(result.summary).toContain('calibrate an evaluator to gate status before gating releases');
  });
});
