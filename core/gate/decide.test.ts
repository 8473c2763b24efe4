import { describe, expect, it } from 'vitest';
import { decideEvaluator, resolvePolicy } from './decide.js';
import type { GateEvaluator, GateItem, Verdict } from './types.js';

const evaluator = (over: Partial<GateEvaluator> = {}): GateEvaluator => ({
  id: 'ev-citation',
  name: 'citation grounding',
  failureMode: 'ungrounded citation',
  status: 'gate',
  version: 3,
  mcc: 0.82,
  ...over,
});

/** Items keyed `${prefix}${i}` with traces `${side}-${i}`, from a verdict list. */
const items = (verdicts: readonly Verdict[], side: string, prefix = 'k'): GateItem[] =>
  verdicts.map((verdict, i) => ({ key: `${prefix}${String(i).padStart(3, '0')}`, verdict, traceId: `${side}-${i}` }));
const run = (pass: number, fail: number): Verdict[] => [
  ...Array<Verdict>(pass).fill('pass'),
  ...Array<Verdict>(fail).fill('fail'),
];

/** 50 paired items: baseline 46 pass (92%); the candidate fails items 0–7 and passes item 46 (78%). */
const plantedRegression = () => {
  const base = run(46, 4);
  const cand = base.map((v, i): Verdict => (i < 8 ? 'fail' : i === 46 ? 'pass' : v));
  return { baseline: items(base, 'base'), candidate: items(cand, 'cand') };
};

describe('decideEvaluator, paired (McNemar)', () => {
  it('blocks the planted 92% → 78% regression on 50 shared items, with the numbers in the reason', () => {
    const d = decideEvaluator({ evaluator: evaluator(), ...plantedRegression() });
    expect(d.decision).toBe('block');
    expect(d.blocking).toBe(true);
    expect(d.numbers).toMatchObject({ test: 'mcnemar', nShared: 50, passToFail: 8, failToPass: 1 });
    expect(d.numbers.baselineRate).toBeCloseTo(0.92);
    expect(d.numbers.candidateRate).toBeCloseTo(0.78);
    expect(d.numbers.pValue).toBeCloseTo(10 / 512); // P(X ≤ 1), X ~ Bin(9, 1/2)
    expect(d.reason).toBe(
      'pass rate fell from 92.0% to 78.0% on 50 shared items (−14.0 points; one-sided McNemar p = 0.020 ' +
        'on 8 vs 1 flipped items); the drop exceeds the 5-point tolerance and is significant at α = 0.05',
    );
  });

  it('lists flipped items pass → fail first, with both traces', () => {
    const d = decideEvaluator({ evaluator: evaluator(), ...plantedRegression() });
    expect(d.flipped).toHaveLength(9);
    expect(d.flipped[0]).toEqual({
      key: 'k000',
      traceId: 'cand-0',
      baselineTraceId: 'base-0',
      from: 'pass',
      to: 'fail',
    });
    expect(d.flipped[8]).toEqual({
      key: 'k046',
      traceId: 'cand-46',
      baselineTraceId: 'base-46',
      from: 'fail',
      to: 'pass',
    });
  });

  it('passes a significant drop that stays within the tolerance (90% → 87% on 500 items)', () => {
    const base = run(450, 50);
    const cand = base.map((v, i): Verdict => (i < 20 ? 'fail' : i >= 450 && i < 455 ? 'pass' : v));
    const d = decideEvaluator({ evaluator: evaluator(), candidate: items(cand, 'c'), baseline: items(base, 'b') });
    expect(d.numbers.diff).toBeCloseTo(-0.03);
    expect(d.numbers.pValue).toBeLessThan(0.01);
    expect(d.decision).toBe('pass');
    expect(d.reason).toContain('within the 5-point tolerance');
  });

  it('passes a drop beyond the tolerance that is not significant (2 vs 0 flips on 12 items)', () => {
    const base = run(12, 0);
    const cand = base.map((v, i): Verdict => (i < 2 ? 'fail' : v));
    const d = decideEvaluator({ evaluator: evaluator(), candidate: items(cand, 'c'), baseline: items(base, 'b') });
    expect(d.numbers.pValue).toBeCloseTo(0.25);
    expect(d.decision).toBe('pass');
    expect(d.reason).toContain('not significant at α = 0.05');
  });

  it('does not count 0.85 − 0.90 as more than 5 points (floating point)', () => {
    const base = run(18, 2);
    const cand = base.map((v, i): Verdict => (i < 1 ? 'fail' : v));
    const d = decideEvaluator({ evaluator: evaluator(), candidate: items(cand, 'c'), baseline: items(base, 'b') });
    expect(d.reason).toContain('within the 5-point tolerance');
  });

  it('rejects a key that repeats within a release', () => {
    const candidate = [...items(run(10, 0), 'c'), { key: 'k000', verdict: 'fail' as const, traceId: 'dup' }];
    expect(() => decideEvaluator({ evaluator: evaluator(), candidate, baseline: [] })).toThrow(/k000.*twice/);
  });
});

describe('decideEvaluator, unpaired (Newcombe)', () => {
  it('blocks 90% → 75% on 200 vs 200 unshared items', () => {
    const d = decideEvaluator({
      evaluator: evaluator(),
      candidate: items(run(150, 50), 'c', 'new-'),
      baseline: items(run(180, 20), 'b', 'old-'),
    });
    expect(d.numbers.test).toBe('unpaired');
    expect(d.numbers.nShared).toBe(0);
    expect(d.numbers.ciUpper).toBeLessThan(-0.05);
    expect(d.decision).toBe('block');
    expect(d.reason).toMatch(/^pass rate fell from 90\.0% \(200 baseline items\) to 75\.0% \(200 candidate items\)/);
    expect(d.reason).toContain('90% Newcombe interval');
    expect(d.flipped).toEqual([]);
  });

  it('passes when the interval reaches above −tolerance (90% → 86%, 200 vs 200)', () => {
    const d = decideEvaluator({
      evaluator: evaluator(),
      candidate: items(run(172, 28), 'c', 'new-'),
      baseline: items(run(180, 20), 'b', 'old-'),
    });
    expect(d.decision).toBe('pass');
    expect(d.numbers.ciUpper).toBeGreaterThan(-0.05);
  });

  it('falls back to unpaired when fewer than minItems items are shared', () => {
    const baseline = [...items(run(5, 0), 'b'), ...items(run(30, 0), 'b', 'old-')];
    const d = decideEvaluator({ evaluator: evaluator(), candidate: items(run(35, 0), 'c'), baseline });
    expect(d.numbers).toMatchObject({ test: 'unpaired', nShared: 5 });
  });
});

describe('decideEvaluator, floor and edge cases', () => {
  it('blocks below the floor only with statistical support', () => {
    const policy = { floor: 0.8 };
    const supported = decideEvaluator({
      evaluator: evaluator(),
      candidate: items(run(65, 35), 'c'),
      baseline: [],
      policy,
    });
    expect(supported.decision).toBe('block');
    expect(supported.numbers.test).toBe('floor-only');
    expect(supported.numbers.candidateUpper).toBeLessThan(0.8);
    expect(supported.reason).toContain('below the 80.0% floor, and significantly so');
    const noisy = decideEvaluator({ evaluator: evaluator(), candidate: items(run(14, 6), 'c'), baseline: [], policy });
    expect(noisy.numbers.candidateRate).toBeCloseTo(0.7);
    expect(noisy.decision).toBe('pass');
    expect(noisy.reason).toContain('but not significantly');
  });

  it('applies the floor on top of a passing comparison', () => {
    const base = run(60, 40);
    const d = decideEvaluator({
      evaluator: evaluator(),
      candidate: items(base, 'c'),
      baseline: items(base, 'b'),
      policy: { floor: 0.75 },
    });
    expect(d.numbers.test).toBe('mcnemar');
    expect(d.decision).toBe('block');
    expect(d.reason).toMatch(/^pass rate held at 60\.0%.*; candidate pass rate 60\.0% is below the 75\.0% floor/);
  });

  it('is inconclusive with no baseline and no floor: nothing could have blocked', () => {
    const d = decideEvaluator({ evaluator: evaluator(), candidate: items(run(5, 15), 'c'), baseline: [] });
    expect(d).toMatchObject({ decision: 'inconclusive', blocking: false, missing: 'baseline' });
    expect(d.numbers.test).toBe('floor-only');
    expect(d.reason).toBe(
      'no baseline to compare with; candidate pass rate 25.0% on 20 items, and no floor is set, so nothing could ' +
        'block: name a baseline release that has traces (--baseline), or set policy.floor',
    );
    const named = decideEvaluator({
      evaluator: evaluator(),
      candidate: items(run(20, 0), 'c'),
      baseline: items(run(3, 0), 'b', 'x'),
      context: { baseline: '1.2.0' },
    });
    expect(named).toMatchObject({ decision: 'inconclusive', missing: 'baseline' });
    expect(named.reason).toMatch(/^baseline 1\.2\.0 has 3 items, 0 shared \(10 needed to compare\)/);
    const upload = decideEvaluator({
      evaluator: evaluator(),
      candidate: items(run(20, 0), 'c'),
      baseline: items(run(3, 0), 'b'),
      context: { source: 'upload' },
    });
    expect(upload.reason).toMatch(/: upload outputs for more of the dataset version’s items, or set policy\.floor$/);
    // A floor is evidence of its own: no baseline needed.
    const floored = decideEvaluator({
      evaluator: evaluator(),
      candidate: items(run(20, 0), 'c'),
      baseline: [],
      policy: { floor: 0.5 },
    });
    expect(floored).toMatchObject({ decision: 'pass' });
    expect(floored.missing).toBeUndefined();
  });

  it.each([
    [
      'no trace of the release',
      [] as Verdict[],
      { release: '9.9.9-nope', source: 'traces', candidateItems: 0 },
      'candidate',
      'no trace tagged with release 9.9.9-nope; check that its spans carry service.version = 9.9.9-nope and that the traffic was sent',
    ],
    [
      'no uploaded output',
      [] as Verdict[],
      { release: 'up-1', source: 'upload', candidateItems: 0 },
      'candidate',
      'no uploaded output for release up-1; upload one per dataset item',
    ],
    [
      'too few items',
      run(3, 1),
      { release: '2.0.0', source: 'traces', candidateItems: 4 },
      'items',
      'evaluator citation grounding saw 4 items of release 2.0.0, needs 10; send more traffic of the release or lower policy.minItems; candidate pass rate 75.0%, baseline 100.0%',
    ],
    [
      'items it could not judge',
      run(6, 0),
      { release: '2.0.0', source: 'traces', candidateItems: 40 },
      'items',
      'evaluator citation grounding saw 6 items of release 2.0.0 (it could not judge 34 of 40), needs 10; send more traffic of the release or lower policy.minItems; candidate pass rate 100.0%, baseline 100.0%',
    ],
  ] as const)('is inconclusive, never pass, with %s', (_, verdicts, context, missing, reason) => {
    const d = decideEvaluator({
      evaluator: evaluator(),
      candidate: items(verdicts, 'c'),
      baseline: items(run(30, 0), 'b'),
      context,
    });
    expect(d).toMatchObject({ decision: 'inconclusive', blocking: false, missing, reason });
    expect(d.numbers.test).toBe('none');
  });

  it('says a signal evaluator without evidence is reported only', () => {
    const d = decideEvaluator({ evaluator: evaluator({ status: 'signal' }), candidate: [], baseline: [] });
    expect(d).toMatchObject({ decision: 'inconclusive', blocking: false });
    expect(d.reason).toMatch(/\(signal evaluator: reported only\)$/);
  });

  it('never lets a signal evaluator block, but reports the regression', () => {
    const d = decideEvaluator({ evaluator: evaluator({ status: 'signal' }), ...plantedRegression() });
    expect(d).toMatchObject({ decision: 'block', blocking: false });
    expect(d.reason).toMatch(/\(signal evaluator: reported, never blocks\)$/);
  });

  it('reports Rogan–Gladen corrected rates when TPR/TNR are known, deciding on raw rates', () => {
    const d = decideEvaluator({ evaluator: evaluator({ tpr: 0.9, tnr: 0.95 }), ...plantedRegression() });
    // (p + TPR − 1)/(TPR + TNR − 1): (0.92 − 0.1)/0.85 and (0.78 − 0.1)/0.85
    expect(d.numbers.correctedBaselineRate).toBeCloseTo(0.82 / 0.85);
    expect(d.numbers.correctedCandidateRate).toBeCloseTo(0.68 / 0.85);
    expect(d.decision).toBe('block');
    const plain = decideEvaluator({ evaluator: evaluator(), ...plantedRegression() });
    expect(plain.numbers.correctedBaselineRate).toBeUndefined();
  });

  it.each([
    [{ tolerance: -0.1 }, /tolerance/],
    [{ alpha: 0.5 }, /alpha/],
    [{ floor: 1.2 }, /floor/],
    [{ minItems: 2.5 }, /minItems/],
  ])('rejects policy %o', (policy, message) => {
    expect(() => resolvePolicy(policy)).toThrow(message);
  });
});
