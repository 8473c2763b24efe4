import { describe, expect, it } from 'vitest';
import {
  accuracy,
  type Confusion,
  classCounts,
  confusionMatrix,
  mcc,
  mccOfPairs,
  pairVerdicts,
  tnr,
  tpr,
  type Verdict,
} from './confusion.js';
import { pearson } from './rank.js';

describe('confusionMatrix', () => {
  it('counts fail as the positive class', () => {
    const humans: Verdict[] = ['fail', 'fail', 'fail', 'pass', 'pass'];
    const preds: Verdict[] = ['fail', 'pass', 'fail', 'fail', 'pass'];
    expect(confusionMatrix(pairVerdicts(humans, preds))).toEqual({ tp: 2, fn: 1, fp: 1, tn: 1 });
  });

  it('rejects arrays of different lengths', () => {
    expect(() => pairVerdicts(['fail'], [])).toThrow(RangeError);
  });
});

describe('mcc', () => {
  it('matches a hand-computed textbook matrix', () => {
    // tp=6 fp=1 tn=3 fn=2: (6·3 − 1·2) / √((6+1)(6+2)(3+1)(3+2)) = 16 / √1120 = 16 / 33.4664 = 0.478091
    const c = { tp: 6, fp: 1, tn: 3, fn: 2 };
    expect(mcc(c)).toBeCloseTo(0.478091, 6);
    // tp=20 fp=10 tn=60 fn=10: (1200 − 100) / √(30·30·70·70) = 1100 / 2100 = 0.523810
    expect(mcc({ tp: 20, fp: 10, tn: 60, fn: 10 })).toBeCloseTo(1100 / 2100, 12);
  });

  it('is 1 for a perfect evaluator and −1 for an inverted one', () => {
    expect(mcc({ tp: 5, fp: 0, tn: 7, fn: 0 })).toBe(1);
    expect(mcc({ tp: 0, fp: 7, tn: 0, fn: 5 })).toBe(-1);
  });

  it('is 0 when the evaluator predicts one class but both human classes exist', () => {
    // always pass: predicted-fail column is empty, denominator 0 → limiting value 0
    expect(mcc({ tp: 0, fp: 0, tn: 5, fn: 5 })).toBe(0);
    // always fail
    expect(mcc({ tp: 5, fp: 5, tn: 0, fn: 0 })).toBe(0);
  });

  it('is null when a human class is missing, even on perfect single-class agreement', () => {
    expect(mcc({ tp: 0, fp: 2, tn: 8, fn: 0 })).toBeNull();
    expect(mcc({ tp: 4, fp: 0, tn: 0, fn: 0 })).toBeNull();
    expect(mcc({ tp: 0, fp: 0, tn: 0, fn: 0 })).toBeNull();
  });

  it('does not depend on which class is called positive', () => {
    const c: Confusion = { tp: 6, fp: 1, tn: 3, fn: 2 };
    expect(mcc({ tp: c.tn, tn: c.tp, fp: c.fn, fn: c.fp })).toBeCloseTo(mcc(c)!, 12);
  });

  it('equals the phi coefficient (Pearson r on 0/1 codes)', () => {
    const humans: Verdict[] = ['fail', 'fail', 'fail', 'fail', 'pass', 'pass', 'pass', 'fail', 'pass', 'pass'];
    const preds: Verdict[] = ['fail', 'pass', 'fail', 'fail', 'fail', 'pass', 'pass', 'pass', 'pass', 'fail'];
    const code = (v: Verdict) => (v === 'fail' ? 1 : 0);
    expect(mccOfPairs(pairVerdicts(humans, preds))).toBeCloseTo(pearson(humans.map(code), preds.map(code))!, 12);
  });
});

describe('rates', () => {
  it('computes TPR, TNR, accuracy and class counts', () => {
    const c = { tp: 6, fp: 1, tn: 3, fn: 2 };
    expect(tpr(c)).toBe(6 / 8);
    expect(tnr(c)).toBe(3 / 4);
    expect(accuracy(c)).toBe(9 / 12);
    expect(classCounts(c)).toEqual({ n: 12, nFail: 8, nPass: 4 });
  });

  it('returns null for rates without their class', () => {
    expect(tpr({ tp: 0, fp: 1, tn: 3, fn: 0 })).toBeNull();
    expect(tnr({ tp: 2, fp: 0, tn: 0, fn: 1 })).toBeNull();
    expect(accuracy({ tp: 0, fp: 0, tn: 0, fn: 0 })).toBeNull();
  });
});
