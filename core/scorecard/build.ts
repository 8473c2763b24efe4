/**
 * The scorecard: per group (release, prompt version or model version; oldest first by first
 * trace) and per gating or signal evaluator version, the corrected pass rate with its interval.
 * Pure: the database rows come in, the table goes out (JSON, CSV, the chart).
 */
import { type CalibrationCounts, type ReleaseRate, releasePassRate } from './release-rate.js';

export const GROUPINGS = ['release', 'prompt_version', 'model_version'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface ScorecardGroup {
  key: string;
  firstTraceAt: string;
  traces: number;
}

export interface ScorecardEvaluator {
  versionId: string;
  failureMode: string;
  name: string;
  version: number;
  status: 'gate' | 'signal';
  tpr: number | null;
  tnr: number | null;
  calibration: CalibrationCounts | null;
}

export interface ScorecardCell extends ReleaseRate {
  group: string;
  versionId: string;
  /** Mean 0..1 score of the results (uncorrected; a verdict alone counts 1 or 0); null without results. */
  meanScore: number | null;
}

export interface Scorecard {
  by: Grouping;
  groups: ScorecardGroup[];
  evaluators: Omit<ScorecardEvaluator, 'calibration'>[];
  /** One per (group, evaluator), groups in order. */
  cells: ScorecardCell[];
  /** Groups with traces where some evaluator has no result (an admin can compute them for releases). */
  missing: { group: string; versionIds: string[] }[];
}

/** Verdict counts of one evaluator version on one group. */
export interface VerdictCounts {
  group: string;
  versionId: string;
  pass: number;
  fail: number;
  /** Mean of the results' 0..1 scores (see core/evaluators/result-score.ts). */
  meanScore?: number | null;
}

export const buildScorecard = (
  by: Grouping,
  groups: ScorecardGroup[],
  evaluators: ScorecardEvaluator[],
  counts: VerdictCounts[],
): Scorecard => {
  const countOf = new Map(counts.map((c) => [`${c.group}\u0000${c.versionId}`, c]));
  const cells: ScorecardCell[] = [];
  const missing: Scorecard['missing'] = [];
  for (const g of groups) {
    const none: string[] = [];
    for (const e of evaluators) {
      const c = countOf.get(`${g.key}\u0000${e.versionId}`);
      const rate = releasePassRate({
        pass: c?.pass ?? 0,
        fail: c?.fail ?? 0,
        tpr: e.tpr,
        tnr: e.tnr,
        calibration: e.calibration,
        seed: `${by}:${g.key}:${e.versionId}`,
      });
      if (rate.notMeasurable === 'no_results') none.push(e.versionId);
      cells.push({ group: g.key, versionId: e.versionId, meanScore: c?.meanScore ?? null, ...rate });
    }
    if (none.length) missing.push({ group: g.key, versionIds: none });
  }
  return { by, groups, evaluators: evaluators.map(({ calibration: _, ...e }) => e), cells, missing };
};

/** Why a cell has no number, in words. */
export const notMeasurableText: Record<NonNullable<ReleaseRate['notMeasurable']>, string> = {
  no_results: 'no results',
  no_calibration: 'no calibration',
  youden_too_low: "Youden's J ≤ 0.05",
};

const csvField = (v: string | number | null) => {
  if (v === null) return '';
  const s = String(v);
  // A leading = + - @ would be a formula in a spreadsheet: quote and prefix it.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The scorecard as CSV: one row per (group, evaluator), groups oldest first. */
export const scorecardCsv = (s: Scorecard): string => {
  const head = [
    s.by,
    'first_trace_at',
    'traces',
    'failure_mode',
    'evaluator',
    'evaluator_version',
    'status',
    'n',
    'observed_pass_rate',
    'corrected_pass_rate',
    'ci_lower',
    'ci_upper',
    'youden_j',
    'mean_score',
    'not_measurable',
  ];
  const groups = new Map(s.groups.map((g) => [g.key, g]));
  const evaluators = new Map(s.evaluators.map((e) => [e.versionId, e]));
  const rows = s.cells.map((c) => {
    const g = groups.get(c.group)!;
    const e = evaluators.get(c.versionId)!;
    return [
      c.group,
      g.firstTraceAt,
      g.traces,
      e.failureMode,
      e.name,
      e.version,
      e.status,
      c.n,
      c.observedPassRate,
      c.correctedPassRate,
      c.lower,
      c.upper,
      c.youden,
      c.meanScore,
      c.notMeasurable,
    ]
      .map(csvField)
      .join(',');
  });
  return `${[head.join(','), ...rows].join('\n')}\n`;
};
