import { describe, expect, it } from 'vitest';
import type { FrozenLabel } from './human-verdicts.js';
import { ceilingComparison, modeDisagreements, reviewerAgreement } from './reviewer-agreement.js';

let n = 0;
const label = (
  traceId: string,
  reviewer: string,
  tone: 'pass' | 'fail',
  extra: Partial<FrozenLabel> = {},
): FrozenLabel => {
  n++;
  return {
    id: `l${String(n).padStart(3, '0')}`,
    traceId,
    failureMode: tone === 'fail' ? 'tone' : null,
    verdict: tone,
    score: null,
    critique: `c${n}`,
    reviewer,
    createdAt: new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString(),
    covered: [{ failureMode: 'tone', rubricVersion: 1, verdict: tone, score: null }],
    doubleReview: true,
    ...extra,
  };
};

/** 20/5/10/15 table (Cohen κ 0.4) as double-reviewed traces by ana (first) and bo (second). */
const textbook = () => {
  const cells: ['fail' | 'pass', 'fail' | 'pass', number][] = [
    ['fail', 'fail', 20],
    ['fail', 'pass', 5],
    ['pass', 'fail', 10],
    ['pass', 'pass', 15],
  ];
  let t = 0;
  return cells.flatMap(([a, b, k]) =>
    Array.from({ length: k }, () => {
      const id = `t${String(++t).padStart(2, '0')}`;
      return [label(id, 'ana', a), label(id, 'bo', b)];
    }).flat(),
  );
};

describe('reviewerAgreement', () => {
  it('measures κ over double-reviewed traces only, and counts disagreements awaiting adjudication', () => {
    const labels = [...textbook(), label('solo', 'ana', 'fail', { doubleReview: false })];
    const r = reviewerAgreement(labels, 'tone', { seed: 's', resamples: 200 });
    expect(r.agreement).toMatchObject({ method: 'cohen_kappa', units: 50, raters: 2 });
    expect(r.agreement.value).toBeCloseTo(0.4, 12);
    expect(r).toMatchObject({ disagreements: 15, awaitingAdjudication: 15 });
  });

  it("uses each reviewer's latest current label, and an adjudication settles a disagreement", () => {
    const a = label('t1', 'ana', 'fail');
    const b = label('t1', 'bo', 'pass');
    const early = [label('t2', 'ana', 'fail'), label('t2', 'bo', 'pass')];
    // ana's later label on t2 agrees with bo: no disagreement left there.
    const labels = [
      a,
      b,
      ...early,
      label('t2', 'ana', 'pass'),
      label('t1', 'judge', 'pass', { adjudicates: [a.id, b.id] }),
    ];
    const ds = modeDisagreements(labels, 'tone');
    expect(ds.map((d) => [d.traceId, d.adjudication?.verdict ?? null])).toEqual([['t1', 'pass']]);
    expect(ds[0]!.verdicts.map((v) => v.reviewer)).toEqual(['ana', 'bo']);
    expect(reviewerAgreement(labels, 'tone', { seed: 's', resamples: 50 })).toMatchObject({
      disagreements: 1,
      awaitingAdjudication: 0,
    });
  });

  it('says not measurable when every verdict is the same class', () => {
    const labels = ['t1', 't2', 't3'].flatMap((t) => [label(t, 'ana', 'pass'), label(t, 'bo', 'pass')]);
    const r = reviewerAgreement(labels, 'tone', { seed: 's', resamples: 50 });
    expect(r.agreement.value).toBeNull();
    expect(ceilingComparison(r.agreement, { mcc: 0.5, mccCI: { lower: 0.2, upper: 0.7 }, n: 30 }).text).toMatch(
      /^reviewer agreement not measurable \(every rating is "pass"/,
    );
  });
});

describe('ceilingComparison', () => {
  const human = {
    method: 'cohen_kappa' as const,
    value: 0.71,
    interval: { lower: 0.55, upper: 0.84 },
    units: 24,
    raters: 2,
    observedAgreement: 0.9,
    undefinedReason: null,
    resamples: 2000,
  };
  it.each([
    {
      mcc: 0.62,
      at: false,
      text: /^reviewers agree κ 0\.71 \[0\.55, 0\.84\] on 24 double-reviewed traces; this evaluator MCC 0\.62 \[0\.40, 0\.80\] on 40 labeled traces$/,
    },
    { mcc: 0.71, at: true, text: /this evaluator MCC 0\.71 .* at or above the human ceiling/ },
    { mcc: 0.8, at: true, text: /at or above the human ceiling/ },
  ])('MCC $mcc against κ 0.71', ({ mcc, at, text }) => {
    const c = ceilingComparison(human, { mcc, mccCI: { lower: 0.4, upper: 0.8 }, n: 40 });
    expect(c.atOrAboveCeiling).toBe(at);
    expect(c.text).toMatch(text);
  });
  it('never compares against an undefined evaluator MCC', () => {
    const c = ceilingComparison({ ...human, method: 'krippendorff_alpha' }, { mcc: null, mccCI: null, n: 12 });
    expect(c.atOrAboveCeiling).toBeNull();
    expect(c.text).toBe(
      'reviewers agree α 0.71 [0.55, 0.84] on 24 double-reviewed traces; this evaluator MCC not measurable',
    );
  });
});
