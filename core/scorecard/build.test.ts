import { describe, expect, it } from 'vitest';
import { buildScorecard, type ScorecardEvaluator, scorecardCsv } from './build.js';

const ev = (versionId: string, over: Partial<ScorecardEvaluator> = {}): ScorecardEvaluator => ({
  versionId,
  failureMode: 'refusal',
  name: 'no-sorry',
  version: 1,
  status: 'gate',
  tpr: 0.9,
  tnr: 0.9,
  calibration: { truePositives: 27, humanFail: 30, trueNegatives: 27, humanPass: 30 },
  ...over,
});

const groups = [
  { key: '1.0', firstTraceAt: '2026-11-01 10:00:00+00', traces: 40 },
  { key: '=1.1', firstTraceAt: '2026-11-08 10:00:00+00', traces: 12 },
];

describe('buildScorecard', () => {
  const s = buildScorecard(
    'release',
    groups,
    [ev('a'), ev('b', { failureMode: 'format', name: 'json', status: 'signal', tpr: 0.5, tnr: 0.55 })],
    [
      { group: '1.0', versionId: 'a', pass: 30, fail: 10, meanScore: 0.7 },
      { group: '1.0', versionId: 'b', pass: 35, fail: 5 },
    ],
  );

  it('has one cell per group and evaluator, groups in order', () => {
    expect(s.cells.map((c) => `${c.group}/${c.versionId}`)).toEqual(['1.0/a', '1.0/b', '=1.1/a', '=1.1/b']);
    expect(s.cells[0]!.correctedPassRate).toBeCloseTo((0.75 + 0.9 - 1) / 0.8, 10);
    expect(s.cells.map((c) => c.meanScore)).toEqual([0.7, null, null, null]);
  });

  it('names what is not measurable and the groups without results', () => {
    expect(s.cells.map((c) => c.notMeasurable)).toEqual([null, 'youden_too_low', 'no_results', 'no_results']);
    expect(s.missing).toEqual([{ group: '=1.1', versionIds: ['a', 'b'] }]);
    expect('calibration' in s.evaluators[0]!).toBe(false);
  });

  it('writes CSV with a header, empty fields for undefined figures and formula-safe text', () => {
    const lines = scorecardCsv(s).trim().split('\n');
    expect(lines[0]).toBe(
      'release,first_trace_at,traces,failure_mode,evaluator,evaluator_version,status,n,observed_pass_rate,' +
        'corrected_pass_rate,ci_lower,ci_upper,youden_j,mean_score,not_measurable',
    );
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/^1\.0,.*,format,json,1,signal,40,0\.875,,,,0\.05\d*,,youden_too_low$/);
    expect(lines[3]!.startsWith(`"'=1.1",`)).toBe(true);
    expect(lines[3]).toMatch(/,gate,0,,,,,0\.8\d*,,no_results$/);
  });
});
