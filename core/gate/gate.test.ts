import { describe, expect, it } from 'vitest';
import { decideGate } from './gate.js';
import type { EvaluatorDecision, GateEvaluator } from './types.js';
import { DEFAULT_POLICY } from './types.js';

const decision = (
  name: string,
  status: GateEvaluator['status'],
  outcome: EvaluatorDecision['decision'],
): EvaluatorDecision => ({
  evaluator: { id: name, name, failureMode: `${name} mode`, status, version: 1, mcc: 0.7 },
  decision: outcome,
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

  it('passes when only signal evaluators regress or data is insufficient', () => {
    const result = decideGate([
      decision('tone', 'gate', 'pass'),
      decision('json', 'gate', 'insufficient'),
      decision('verbosity', 'signal', 'block'),
    ]);
    expect(result.verdict).toBe('pass');
    expect(result.blockedBy).toEqual([]);
    expect(result.summary).toContain('The release passes: none of its 2 gating evaluators blocks.');
    expect(result.summary).toContain('Too few items to decide (not blocking): json.');
    expect(result.release).toBeNull();
  });

  it('passes, and says so, when no gating evaluator ran', () => {
    const result = decideGate([decision('verbosity', 'signal', 'pass')], { release: 'r1' });
    expect(result.verdict).toBe('pass');
    expect(result.summary).toBe('Release r1 passes: no gating evaluator was run.');
  });
});
