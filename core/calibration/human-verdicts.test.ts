import { describe, expect, it } from 'vitest';
import { awaitingAdjudication, type CoveredVerdict, type FrozenLabel, humanVerdicts } from './human-verdicts.js';
import { coverageOf, failingModes, type ModeHistory } from './label-coverage.js';

let n = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 0, minute)).toISOString();

/** A label made before coverage was recorded: one mode (or null = "no failure"). */
const legacy = (
  traceId: string,
  failureMode: string | null,
  verdict: 'pass' | 'fail',
  extra: Partial<FrozenLabel> = {},
): FrozenLabel => ({
  id: `l${String(++n).padStart(3, '0')}`,
  traceId,
  failureMode,
  verdict,
  score: null,
  critique: `critique ${n}`,
  reviewer: 'r',
  createdAt: at(n),
  ...extra,
});

/** A label recording coverage: `failing` marked, `shown` the other modes on the form. */
const covering = (
  traceId: string,
  failing: string[],
  shown: string[],
  extra: Partial<FrozenLabel> = {},
): FrozenLabel => {
  const covered: CoveredVerdict[] = [
    ...failing.map((m) => ({ failureMode: m, rubricVersion: 1, verdict: 'fail' as const, score: null })),
    ...shown
      .filter((m) => !failing.includes(m))
      .map((m) => ({ failureMode: m, rubricVersion: 1, verdict: 'pass' as const, score: null })),
  ];
  return legacy(traceId, failing[0] ?? null, failing.length ? 'fail' : 'pass', { covered, ...extra });
};

const verdicts = (labels: FrozenLabel[], mode: string, modes?: ModeHistory[]) =>
  humanVerdicts(labels, mode, modes).map((v) => [v.traceId, v.verdict]);

const ALL = ['hallucination', 'pii_leak', 'wrong_tool'];

describe('humanVerdicts: ground truth comes only from labels that covered the mode', () => {
  it('a multi-mode label fails each marked mode and passes each other covered mode', () => {
    const labels = [covering('t1', ['hallucination', 'pii_leak'], ALL)];
    expect(verdicts(labels, 'hallucination')).toEqual([['t1', 'fail']]);
    expect(verdicts(labels, 'pii_leak')).toEqual([['t1', 'fail']]);
    expect(verdicts(labels, 'wrong_tool')).toEqual([['t1', 'pass']]);
    expect(verdicts(labels, 'tone')).toEqual([]);
  });

  it('a "no failure" label passes exactly the modes it covered', () => {
    const labels = [covering('t1', [], ['hallucination', 'pii_leak'])];
    expect(verdicts(labels, 'hallucination')).toEqual([['t1', 'pass']]);
    expect(verdicts(labels, 'pii_leak')).toEqual([['t1', 'pass']]);
    expect(verdicts(labels, 'wrong_tool')).toEqual([]);
  });

  it('a fail of a sibling mode is not a pass for another mode (legacy or covering)', () => {
    const labels = [legacy('t1', 'wrong_tool', 'fail'), covering('t2', ['wrong_tool'], ['wrong_tool'])];
    expect(verdicts(labels, 'hallucination')).toEqual([]);
    expect(verdicts(labels, 'wrong_tool')).toEqual([
      ['t1', 'fail'],
      ['t2', 'fail'],
    ]);
  });

  it('a legacy label judges its own mode only, either way', () => {
    const labels = [legacy('t1', 'hallucination', 'fail'), legacy('t2', 'hallucination', 'pass')];
    expect(verdicts(labels, 'hallucination')).toEqual([
      ['t1', 'fail'],
      ['t2', 'pass'],
    ]);
    expect(verdicts(labels, 'pii_leak')).toEqual([]);
  });

  it('a legacy "no failure" label passes the modes that existed when it was made', () => {
    const before = legacy('t1', null, 'pass'); // made at minute n
    const modes: ModeHistory[] = [
      { key: 'hallucination', createdAt: at(0), rubricVersions: [{ version: 1, createdAt: at(0) }] },
      {
        key: 'pii_leak',
        createdAt: at(0),
        rubricVersions: [
          { version: 2, createdAt: at(n + 50) },
          { version: 1, createdAt: at(0) },
        ],
      },
      { key: 'wrong_tool', createdAt: at(n + 100) },
      { key: 'tone', createdAt: at(0), status: 'proposed' },
    ];
    expect(verdicts([before], 'hallucination', modes)).toEqual([['t1', 'pass']]);
    expect(verdicts([before], 'pii_leak', modes)).toEqual([['t1', 'pass']]);
    expect(verdicts([before], 'wrong_tool', modes)).toEqual([]);
    // A mode still only proposed was not active then.
    expect(verdicts([before], 'tone', modes)).toEqual([]);
    // The rubric version is the one in force then, not the latest.
    expect(coverageOf(before, modes)).toEqual([
      { failureMode: 'hallucination', rubricVersion: 1, verdict: 'pass', score: null },
      { failureMode: 'pii_leak', rubricVersion: 1, verdict: 'pass', score: null },
    ]);
    // Without a mode history it is read as before: a pass for any mode.
    expect(verdicts([before], 'wrong_tool')).toEqual([['t1', 'pass']]);
  });

  it('a correction replaces the label it supersedes for every mode', () => {
    const wrong = covering('t1', ['hallucination'], ALL);
    const fixed = covering('t1', ['pii_leak'], ALL, { supersedes: wrong.id, critique: 'it was the email' });
    const labels = [wrong, fixed];
    expect(verdicts(labels, 'hallucination')).toEqual([['t1', 'pass']]);
    expect(verdicts(labels, 'pii_leak')).toEqual([['t1', 'fail']]);
    expect(humanVerdicts(labels, 'pii_leak')[0]).toMatchObject({ critique: 'it was the email', dissent: 0 });
    // A legacy label corrected by a covering one counts no more, even for its own mode.
    const old = legacy('t2', 'wrong_tool', 'fail');
    const none = covering('t2', [], ['hallucination'], { supersedes: old.id });
    expect(verdicts([old, none], 'wrong_tool')).toEqual([]);
    expect(verdicts([old, none], 'hallucination')).toEqual([['t2', 'pass']]);
  });

  it('takes the majority of the covering labels, with its dissent and the backing critique', () => {
    const labels = [
      covering('t4', ['hallucination'], ALL),
      covering('t4', [], ALL),
      covering('t4', ['hallucination', 'wrong_tool'], ALL, { critique: 'second look: invented' }),
      legacy('t4', 'wrong_tool', 'pass'),
    ];
    expect(humanVerdicts(labels, 'hallucination')).toEqual([
      { traceId: 't4', verdict: 'fail', score: null, critique: 'second look: invented', dissent: 1 },
    ]);
    // wrong_tool: pass, pass, fail, pass (legacy) → pass with one dissent.
    expect(humanVerdicts(labels, 'wrong_tool')[0]).toMatchObject({ verdict: 'pass', dissent: 1 });
  });

  it('breaks a tie with the latest label', () => {
    const failFirst = [covering('t1', ['pii_leak'], ALL), covering('t1', [], ALL)];
    const passFirst = [covering('t2', [], ALL), covering('t2', ['pii_leak'], ALL)];
    expect(verdicts(failFirst, 'pii_leak')).toEqual([['t1', 'pass']]);
    expect(verdicts(passFirst, 'pii_leak')).toEqual([['t2', 'fail']]);
  });

  it('averages the scores of a graded mode from the labels covering it', () => {
    const graded = (traceId: string, score: number): FrozenLabel =>
      legacy(traceId, 'tone', score < 0.5 ? 'fail' : 'pass', {
        covered: [{ failureMode: 'tone', rubricVersion: 1, verdict: score < 0.5 ? 'fail' : 'pass', score }],
      });
    const v = humanVerdicts([graded('t1', 0.2), graded('t1', 0.4), covering('t1', [], ['hallucination'])], 'tone');
    expect(v).toEqual([
      { traceId: 't1', verdict: 'fail', score: expect.closeTo(0.3, 9), critique: expect.any(String), dissent: 0 },
    ]);
  });

  it('lists the modes some current label marked failing', () => {
    const wrong = covering('t1', ['hallucination'], ALL);
    const labels = [
      wrong,
      covering('t1', ['pii_leak', 'wrong_tool'], ALL, { supersedes: wrong.id }),
      legacy('t2', 'tone', 'fail'),
      legacy('t3', null, 'pass'),
    ];
    expect(failingModes(labels)).toEqual(['pii_leak', 'tone', 'wrong_tool']);
  });
});

describe('double review and adjudication', () => {
  const blind = { doubleReview: true };
  const ruling = (traceId: string, mode: string, verdict: 'pass' | 'fail', settles: string[]) =>
    legacy(traceId, mode, verdict, {
      reviewer: 'judge',
      critique: 'adjudicated',
      adjudicates: settles,
      covered: [{ failureMode: mode, rubricVersion: 1, verdict, score: null }],
    });

  it('leaves out a double-reviewed trace whose reviewers disagree, and says which', () => {
    const a = covering('t1', ['tone'], ['tone', 'pii'], { ...blind, reviewer: 'ana' });
    const b = covering('t1', [], ['tone', 'pii'], { ...blind, reviewer: 'bo' });
    const labels = [a, b, covering('t2', ['tone'], ['tone'], { reviewer: 'ana' })];
    expect(humanVerdicts(labels, 'tone').map((v) => v.traceId)).toEqual(['t2']);
    expect(awaitingAdjudication(labels, 'tone')).toEqual(['t1']);
    // They agree on pii: that mode keeps the trace.
    expect(humanVerdicts(labels, 'pii')).toMatchObject([{ traceId: 't1', verdict: 'pass', dissent: 0 }]);
    expect(awaitingAdjudication(labels, 'pii')).toEqual([]);
  });

  it('takes the adjudicated outcome over the reviewers, even over a later reviewer majority', () => {
    const a = covering('t1', ['tone'], ['tone'], { ...blind, reviewer: 'ana' });
    const b = covering('t1', [], ['tone'], { ...blind, reviewer: 'bo' });
    const r = ruling('t1', 'tone', 'pass', [a.id, b.id]);
    const c = covering('t1', ['tone'], ['tone'], { reviewer: 'cy' });
    const labels = [a, b, r, c];
    expect(humanVerdicts(labels, 'tone')).toMatchObject([
      { traceId: 't1', verdict: 'pass', critique: 'adjudicated', dissent: 2 },
    ]);
    expect(awaitingAdjudication(labels, 'tone')).toEqual([]);
  });

  it('keeps the old majority rule for traces that were not double-reviewed', () => {
    const labels = [
      covering('t1', ['tone'], ['tone'], { reviewer: 'ana' }),
      covering('t1', [], ['tone'], { reviewer: 'bo' }),
    ];
    expect(humanVerdicts(labels, 'tone')).toMatchObject([{ traceId: 't1', verdict: 'pass', dissent: 1 }]);
    expect(awaitingAdjudication(labels, 'tone')).toEqual([]);
  });
});

describe('double review: a reviewer who changes their mind', () => {
  it("counts each reviewer's latest label, so a trace becomes settled when one comes round", () => {
    const labels = [
      covering('t9', ['tone'], ['tone'], { doubleReview: true, reviewer: 'ana' }),
      covering('t9', [], ['tone'], { doubleReview: true, reviewer: 'bo' }),
    ];
    expect(awaitingAdjudication(labels, 'tone')).toEqual(['t9']);
    labels.push(covering('t9', [], ['tone'], { doubleReview: true, reviewer: 'ana' }));
    expect(awaitingAdjudication(labels, 'tone')).toEqual([]);
    expect(humanVerdicts(labels, 'tone')).toMatchObject([{ traceId: 't9', verdict: 'pass' }]);
  });
});
