import { describe, expect, it } from 'vitest';
import {
  agreementBand,
  type BinaryAgreement,
  binaryAgreement,
  flipRate,
  gradedAgreement,
  mccAtPrevalence,
  pooledAgreement,
  pooledMcc,
} from './agreement.js';
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

  it('calls a constant evaluator not measurable, never "MCC 0 [0, 0]"', () => {
    const a = binaryAgreement([F, F, P, P], [P, P, P, P], { seed: 1 });
    expect(a).toMatchObject({ mcc: null, mccCI: null, tpr: 0, tnr: 1 });
    expect(a.undefinedReason).toBe('predicts pass for every labeled trace');
    expect(binaryAgreement([F, P], [F, F], { seed: 1 }).undefinedReason).toBe('predicts fail for every labeled trace');
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

describe('pooledAgreement', () => {
  it('averages the confusion over repeats (hand-checked)', () => {
    // Item 0 (fail) is caught in 1 of 2 repeats, item 1 (fail) in both; items 2, 3 (pass) never flagged.
    // Confusion: tp 1.5, fn 0.5, fp 0, tn 2 → MCC = 3 / √(1.5·2.5·2·2) = 0.774597.
    const a = pooledAgreement(
      [F, F, P, P],
      [
        [F, F, P, P],
        [P, F, P, P],
      ],
      { seed: 'p' },
    );
    expect(a.confusion).toEqual({ tp: 1.5, fn: 0.5, fp: 0, tn: 2 });
    expect(a.repeats).toBe(2);
    expect(a.mcc).toBeCloseTo(0.774597, 6);
    expect(
      pooledMcc(
        [F, F, P, P],
        [
          [F, F, P, P],
          [P, F, P, P],
        ],
      ),
    ).toBeCloseTo(0.774597, 6);
  });

  it('gives a perfect small sample an honest interval, not [1.00, 1.00]', () => {
    const humans = [...repeat(F, 10), ...repeat(P, 10)];
    const a = binaryAgreement(humans, humans, { seed: 'perfect' });
    expect(a.mcc).toBe(1);
    // Jeffreys: TPR ~ Beta(10.5, 0.5) has its 2.5% quantile near 0.79, so MCC's lower bound is well below 1.
    expect(a.mccCI!.lower).toBeGreaterThan(0.5);
    expect(a.mccCI!.lower).toBeLessThan(0.85);
    expect(a.mccCI!.upper).toBeGreaterThan(0.99);
  });

  it('widens with the disagreement between repeats', () => {
    const humans = [...repeat(F, 10), ...repeat(P, 10)];
    const stable = pooledAgreement(humans, [humans.slice(), humans.slice()], { seed: 'w' });
    const flipped = humans.map((h, i) => (i % 5 === 0 ? (h === F ? P : F) : h));
    const unstable = pooledAgreement(humans, [humans.slice(), flipped], { seed: 'w' });
    const width = (x: BinaryAgreement) => x.mccCI!.upper - x.mccCI!.lower;
    expect(width(unstable)).toBeGreaterThan(width(stable));
  });

  it('equals binaryAgreement for one run', () => {
    const humans = [F, F, F, P, P, P, P];
    const preds = [F, F, P, F, P, P, P];
    expect(pooledAgreement(humans, [preds], { seed: 3 })).toEqual(binaryAgreement(humans, preds, { seed: 3 }));
  });
});

describe('mccAtPrevalence', () => {
  it('restates MCC at another class mix (hand-checked)', () => {
    // TPR 0.8, TNR 0.9. Balanced: MCC = (0.4·0.45 − 0.05·0.1) / √(0.45·0.55·0.5·0.5) = 0.703526.
    expect(mccAtPrevalence(0.8, 0.9, 0.5)).toBeCloseTo(0.703526, 5);
    // At 5% failing: tp .04 fn .01 tn .855 fp .095 → (.04·.855 − .095·.01) / √(.135·.05·.865·.95) = 0.446447.
    expect(mccAtPrevalence(0.8, 0.9, 0.05)).toBeCloseTo(0.446447, 5);
    expect(mccAtPrevalence(0.8, 0.9, 0)).toBeNull();
    expect(mccAtPrevalence(0, 1, 0.3)).toBeNull();
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
  const agreement = (mcc: number | null, lower: number, nFail = 10, nPass = 10): BinaryAgreement => ({
    n: nFail + nPass,
    nFail,
    nPass,
    confusion: { tp: 0, fp: 0, tn: 0, fn: 0 },
    mcc,
    mccCI: mcc === null ? null : { lower, upper: Math.min(1, mcc + 0.2) },
    tpr: null,
    tnr: null,
    accuracy: null,
    repeats: 1,
    undefinedReason: mcc === null ? 'predicts pass for every labeled trace' : null,
  });
  it.each([
    [0.6, 0.4, 10, 10, 'gate'],
    [0.95, 0.7, 50, 12, 'gate'],
    [0.7, 0.39, 10, 10, 'signal'], // the interval is too wide to gate
    [0.7, 0.4, 10, 10, 'gate'],
    [0.9, 0.6, 9, 30, 'signal'], // too few fails to gate
    [0.5999, 0.45, 10, 10, 'signal'],
    [0.4, 0.01, 10, 10, 'signal'],
    [0.4, 0, 10, 10, 'revise'], // lower bound must be above 0
    [0.7, -0.05, 10, 10, 'revise'],
    [0.3999, 0.2, 10, 10, 'revise'],
    [-0.5, -0.8, 10, 10, 'revise'],
    [null, 0, 10, 10, 'revise'],
  ])('MCC %s, lower %s, %s fail / %s pass → %s', (mcc, lower, nFail, nPass, band) => {
    expect(agreementBand(agreement(mcc, lower, nFail, nPass)).band).toBe(band);
  });

  it('never gates on the point estimate alone (the 10 + 10 phrase rule of the issue)', () => {
    const d = agreementBand(agreement(0.7, 0.4 - 1e-9));
    expect(d.band).toBe('signal');
    expect(d.reason).toMatch(/lower bound 0\.40 < 0\.4 is too uncertain to gate/);
  });

  it('says how many more labels per class would likely settle it (width ∝ 1/√n)', () => {
    // MCC 0.7, lower 0.3 at 10 per class: gate needs the lower side 0.4 → 0.3 wide: 10·(0.4/0.3)² = 17.8 → 18, 8 more.
    const d = agreementBand(agreement(0.7, 0.3));
    expect(d.moreLabelsPerClass).toBe(8);
    expect(d.reason).toMatch(/about 8 more labels per class would likely settle it/);
    // Below the signal bar, labels do not help.
    expect(agreementBand(agreement(0.2, -0.2)).moreLabelsPerClass).toBeNull();
  });

  it('says why a constant evaluator is not measurable', () => {
    expect(agreementBand(agreement(null, 0)).reason).toBe('not measurable: predicts pass for every labeled trace');
  });

  it('explains a gate with its interval', () => {
    expect(agreementBand(agreement(0.72, 0.41, 20, 20)).reason).toBe(
      'MCC 0.72 [0.41, 0.92] on 20 fail / 20 pass labels: may gate (MCC ≥ 0.6, lower bound ≥ 0.4)',
    );
  });

  it('takes custom thresholds', () => {
    const opts = { gate: 0.8, gateLowerBound: 0.6, signal: 0.5, minPerClass: 30 };
    expect(agreementBand(agreement(0.79, 0.6, 40, 40), opts).band).toBe('signal');
    expect(agreementBand(agreement(0.8, 0.6, 40, 40), opts).band).toBe('gate');
    expect(agreementBand(agreement(0.8, 0.59, 40, 40), opts).band).toBe('signal');
    expect(agreementBand(agreement(0.49, 0.3, 40, 40), opts).band).toBe('revise');
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
