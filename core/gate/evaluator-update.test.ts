import { describe, expect, it } from 'vitest';
import type { Verdict } from '../stats/confusion.js';
import { compareEvaluatorVersions } from './evaluator-update.js';

/** 100 calibration items, 50 human fail then 50 human pass. */
const humans: Verdict[] = [...Array<Verdict>(50).fill('fail'), ...Array<Verdict>(50).fill('pass')];
/** Agrees with humans except on the listed item indices. */
const judge = (wrong: (i: number) => boolean): Verdict[] =>
  humans.map((h, i): Verdict => (wrong(i) ? (h === 'fail' ? 'pass' : 'fail') : h));

const good = judge((i) => i % 10 === 0); // 10 errors: MCC 0.80
const poor = judge((i) => i % 10 < 3); // 30 errors: MCC 0.40

describe('compareEvaluatorVersions', () => {
  it('refuses a clearly worse proposed version', () => {
    const r = compareEvaluatorVersions({ humans, current: good, proposed: poor, seed: 'update-1' });
    expect(r.decision).toBe('refuse');
    expect(r.numbers.currentMcc).toBeCloseTo(0.8);
    expect(r.numbers.proposedMcc).toBeCloseTo(0.4);
    expect(r.numbers.ciUpper).toBeLessThan(0);
    expect(r.numbers.level).toBeCloseTo(0.9);
    expect(r.reason).toMatch(
      /^MCC 0\.800 → 0\.400 on 100 calibration items \(50 fail \/ 50 pass\), difference −0\.400/,
    );
    expect(r.reason).toContain('clearly worse');
  });

  it('accepts a better version and an identical one', () => {
    const better = compareEvaluatorVersions({ humans, current: poor, proposed: good, seed: 1 });
    expect(better.decision).toBe('accept');
    expect(better.numbers.ciLower).toBeGreaterThan(0);
    const same = compareEvaluatorVersions({ humans, current: good, proposed: good, seed: 1 });
    expect(same).toMatchObject({ decision: 'accept', numbers: { diff: 0, ciLower: 0, ciUpper: 0 } });
  });

  it('accepts a slightly worse version whose interval still reaches 0', () => {
    const slightly = judge((i) => i % 10 === 0 || i === 1);
    const r = compareEvaluatorVersions({ humans, current: good, proposed: slightly, seed: 2 });
    expect(r.numbers.diff).toBeLessThan(0);
    expect(r.decision).toBe('accept');
  });

  it('is reproducible for a seed', () => {
    const a = compareEvaluatorVersions({ humans, current: good, proposed: poor, seed: 'x' });
    const b = compareEvaluatorVersions({ humans, current: good, proposed: poor, seed: 'x' });
    expect(a.numbers).toEqual(b.numbers);
  });

  it('is insufficient without both human classes', () => {
    const onlyFail: Verdict[] = ['fail', 'fail', 'fail'];
    const r = compareEvaluatorVersions({ humans: onlyFail, current: onlyFail, proposed: onlyFail, seed: 1 });
    expect(r.decision).toBe('insufficient');
    expect(r.reason).toContain('3 fail / 0 pass');
  });

  it('rejects misaligned verdicts', () => {
    expect(() => compareEvaluatorVersions({ humans, current: good, proposed: good.slice(1), seed: 1 })).toThrow(
      RangeError,
    );
  });
});
