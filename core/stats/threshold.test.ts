import { describe, expect, it } from 'vitest';
import { confusionMatrix, mcc, type Verdict } from './confusion.js';
import { tuneThreshold } from './threshold.js';

const F: Verdict = 'fail';
const P: Verdict = 'pass';

describe('tuneThreshold', () => {
  it('separates separable data with MCC 1 and a threshold between the classes', () => {
    const scores = [0.1, 0.2, 0.35, 0.6, 0.9];
    const labels = [F, F, F, P, P];
    const tuned = tuneThreshold(scores, labels);
    expect(tuned.mcc).toBe(1);
    expect(tuned.threshold).toBeCloseTo((0.35 + 0.6) / 2, 12);
  });

  it('reports the MCC that the rule score ≥ t → pass achieves', () => {
    const scores = [0.05, 0.3, 0.4, 0.45, 0.5, 0.7, 0.8, 0.2, 0.95, 0.6];
    const labels = [F, F, P, F, P, P, P, F, P, F];
    const tuned = tuneThreshold(scores, labels);
    const predicted = scores.map((s): Verdict => (s >= tuned.threshold ? 'pass' : 'fail'));
    expect(mcc(confusionMatrix(labels.map((human, i) => ({ human, predicted: predicted[i]! }))))).toBeCloseTo(
      tuned.mcc!,
      12,
    );
  });

  it('breaks MCC ties toward 0.5, then toward the smaller threshold', () => {
    // distinct [0.1, 0.3, 0.6, 0.9] labelled F P F P:
    // t=0.2 → tp1 fp0 fn1 tn2: 2/√12; t=0.45 → 0; t=0.75 → tp2 fp1 fn0 tn1: 2/√12 — 0.75 is nearer 0.5
    expect(tuneThreshold([0.1, 0.3, 0.6, 0.9], [F, P, F, P]).threshold).toBeCloseTo(0.75, 12);
    // distinct [0.1, 0.3, 0.7, 0.9]: t=0.2 and t=0.8 tie at 2/√12 and are equally near 0.5 → the smaller
    const tuned = tuneThreshold([0.1, 0.3, 0.7, 0.9], [F, P, F, P]);
    expect(tuned.threshold).toBeCloseTo(0.2, 12);
    expect(tuned.mcc).toBeCloseTo(2 / Math.sqrt(12), 12);
  });

  it('puts binary 0/1 scores at 0.5', () => {
    expect(tuneThreshold([0, 0, 1, 1, 0], [F, F, P, P, P])).toEqual({ threshold: 0.5, mcc: expect.any(Number) });
  });

  it('can choose "everything passes" when every split is worse than chance', () => {
    // inverted scores: any split gives MCC < 0; all-pass (below the minimum) gives 0
    const tuned = tuneThreshold([0.9, 0.8, 0.1, 0.2], [F, F, P, P]);
    expect(tuned.mcc).toBe(0);
    expect(
      [0.9, 0.8, 0.1, 0.2].every((s) => s >= tuned.threshold) || [0.9, 0.8, 0.1, 0.2].every((s) => s < tuned.threshold),
    ).toBe(true);
  });

  it.each([
    ['a single-class fold', [0.2, 0.7, 0.9], [P, P, P]],
    ['all-equal scores', [0.4, 0.4, 0.4, 0.4], [F, P, F, P]],
    ['no data', [], []],
  ])('returns 0.5 with MCC null for %s', (_name, scores, labels) => {
    expect(tuneThreshold(scores as number[], labels as Verdict[])).toEqual({ threshold: 0.5, mcc: null });
  });

  it('rejects mismatched lengths and non-finite scores', () => {
    expect(() => tuneThreshold([0.1], [])).toThrow(RangeError);
    expect(() => tuneThreshold([Number.NaN], [F])).toThrow(RangeError);
  });
});
