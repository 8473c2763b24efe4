import { describe, expect, it } from 'vitest';
import { type FrozenLabel, humanVerdicts } from './human-verdicts.js';

let n = 0;
const label = (traceId: string, failureMode: string | null, verdict: 'pass' | 'fail', critique = ''): FrozenLabel => ({
  id: `l${++n}`,
  traceId,
  failureMode,
  verdict,
  score: null,
  critique,
  reviewer: 'r',
  createdAt: `2026-11-0${n % 9}T00:00:0${n % 10}Z`,
});

describe('humanVerdicts', () => {
  it('makes other modes and "no failure" negatives, and takes the majority of own labels', () => {
    const labels = [
      label('t1', 'hallucination', 'fail', 'made up'),
      label('t2', null, 'pass'),
      label('t3', 'wrong_tool', 'fail'),
      label('t4', 'hallucination', 'fail'),
      label('t4', 'hallucination', 'pass'),
      label('t4', 'hallucination', 'fail', 'second look: invented'),
    ];
    const v = humanVerdicts(labels, 'hallucination');
    expect(v.map((x) => [x.traceId, x.verdict])).toEqual([
      ['t1', 'fail'],
      ['t2', 'pass'],
      ['t3', 'pass'],
      ['t4', 'fail'],
    ]);
    expect(v[3]).toMatchObject({ critique: 'second look: invented', dissent: 1 });
  });
});
