import { describe, expect, it } from 'vitest';
import { agreementBand, binaryAgreement, flipRate, gradedAgreement } from './agreement.js';
import type { Verdict } from './confusion.js';

const F: Verdict = 'fail';
const P: Verdict = 'pass';
const repeat = <T>(v: T, n: number): T[] => Array<T>(n).fill(v);

describe('binaryAgreement', () => {
  it('reports the hand-computed matrix with a CI around MCC', () => {
    // tp=6 fn=2 (8 human fails), fp=1 tn=3 (4 human passes): MCC = 16/√1120 = 0.478091
    const humans = [...repeat(F, 8), ...repeat(P, 4)];
    const preds = [...repeat(F, 6), ...repeat(P, 2), F, ...repeat(P, 3)];
    const a = binaryAgreement(humans, preds, { seed: 'a' });
    expect(a).toMatchObject({ n: 12, nFail: 8, nPass: 4, confusion: { tp: 6, fn: 2, fp: 1, tn: 3 } });
    expect(a).toMatchObject({ tpr: 0.75, tnr: 0.75, accuracy: 0.75, undefinedReason: null });
    expect(a.mcc).toBeCloseTo(0.478091, 6);
    expect(a.mccCI!.lower).toBeLessThan(a.mcc!);
    expect(a.mccCI!.upper).toBeGreaterThan(a.mcc!);
  });

  it('gives MCC 0 (not null) to an always-pass evaluator', () => {
    const a = binaryAgreement([F, F, P, P], [P, P, P, P], { seed: 1 });
    expect(a).toMatchObject({ mcc: 0, tpr: 0, tnr: 1, undefinedReason: null });
  });

  it.each([
    [[P, P, P], [P, F, P], 'no human fail labels'],
    [[F, F], [F, F], 'no human pass labels'],
    [[], [], 'no labels'],
  ])('explains an undefined MCC: %j', (humans, preds, reason) => {
    const a = binaryAgreement(humans as Verdict[], preds as Verdict[], { seed: 1 });
    expect(a).toMatchObject({ mcc: null, mccCI: null, undefinedReason: reason });
  });
});

describe('gradedAgreement', () => {
  it('reports Spearman and Kendall with intervals', () => {
    const human = [1, 2, 2, 3, 4, 5, 5, 3, 1, 4, 2, 5];
    const judge = [1, 3, 2, 4, 4, 5, 4, 3, 2, 5, 1, 5];
    const g = gradedAgreement(human, judge, { seed: 'g' });
    expect(g.n).toBe(12);
    expect(g.spearman!).toBeGreaterThan(0.8);
    expect(g.kendall!).toBeLessThan(g.spearman!);
    expect(g.spearmanCI!.lower).toBeLessThan(g.spearman!);
    expect(g.kendallCI!.upper).toBeLessThanOrEqual(1);
  });

  it('is null for constant scores', () => {
    expect(gradedAgreement([3, 3, 3], [1, 2, 3], { seed: 1 })).toEqual({
      n: 3,
      spearman: null,
      spearmanCI: null,
      kendall: null,
      kendallCI: null,
    });
  });
});

describe('agreementBand', () => {
  const enough = { nFail: 10, nPass: 10 };
  it.each([
    [0.6, enough, 'gate'],
    [0.95, { nFail: 50, nPass: 12 }, 'gate'],
    [0.5999, enough, 'signal'],
    [0.9, { nFail: 9, nPass: 30 }, 'signal'],
    [0.9, { nFail: 30, nPass: 9 }, 'signal'],
    [0.4, enough, 'signal'],
    [0.3999, enough, 'revise'],
    [-0.5, enough, 'revise'],
    [null, enough, 'revise'],
  ])('MCC %s with %j → %s', (value, n, band) => {
    expect(agreementBand(value, 0.3, n).band).toBe(band);
  });

  it('explains itself, quoting the lower bound', () => {
    expect(agreementBand(0.72, 0.41, { nFail: 20, nPass: 20 }).reason).toBe(
      'MCC 0.72 ≥ 0.6 with ≥ 10 labels per class (20 fail / 20 pass labels), 95% CI lower bound 0.41',
    );
    expect(agreementBand(0.9, null, { nFail: 4, nPass: 20 }).reason).toMatch(/gating needs ≥ 10 labels per class/);
  });

  it('takes custom thresholds', () => {
    const opts = { gate: 0.8, signal: 0.5, minPerClass: 30 };
    expect(agreementBand(0.79, 0.6, { nFail: 40, nPass: 40 }, opts).band).toBe('signal');
    expect(agreementBand(0.8, 0.6, { nFail: 40, nPass: 40 }, opts).band).toBe('gate');
    expect(agreementBand(0.49, 0.3, { nFail: 40, nPass: 40 }, opts).band).toBe('revise');
  });
});

describe('flipRate', () => {
  it('counts items whose repeated verdicts disagree', () => {
    // runs[r][i]: items 1 and 3 change across runs → 2/4
    expect(
      flipRate([
        [P, P, F, F],
        [P, F, F, P],
        [P, P, F, F],
      ]),
    ).toBe(0.5);
    expect(
      flipRate([
        [P, F],
        [P, F],
      ]),
    ).toBe(0);
  });

  it('is null without repetition or items, and rejects ragged runs', () => {
    expect(flipRate([[P, F]])).toBeNull();
    expect(flipRate([[], []])).toBeNull();
    expect(() => flipRate([[P, F], [P]])).toThrow(RangeError);
  });
});
