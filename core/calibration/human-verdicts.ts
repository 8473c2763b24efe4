import { coveredVerdict, currentLabels, type ModeHistory } from './label-coverage.js';

/** One failure mode a label judged: a fail when the reviewer marked it, a pass when it was shown and left unmarked. */
export interface CoveredVerdict {
  failureMode: string;
  /** The rubric version in force when the label was made (null: unknown). */
  rubricVersion: number | null;
  verdict: 'pass' | 'fail';
  /** Graded modes: the human score 0..1 when given. */
  score: number | null;
}

/** A label as frozen in a dataset version. */
export interface FrozenLabel {
  id: string;
  traceId: string;
  /** The first failing mode; null = "no failure". Older readers' view: `covered` is authoritative. */
  failureMode: string | null;
  verdict: 'pass' | 'fail';
  score: number | null;
  critique: string | null;
  reviewer: string;
  createdAt: string;
  /**
   * Every failure mode the label judged, at the rubric version in force. Null or absent: a label
   * made before coverage was recorded (see `coverageOf` in label-coverage.ts for how it is read).
   */
  covered?: CoveredVerdict[] | null;
  /** The rubric version of `failureMode` (legacy labels). */
  rubricVersion?: number | null;
  /** The label this one corrects; the corrected label then counts for no mode. */
  supersedes?: string | null;
  /** The label's trace was queued blind to two reviewers (double review). */
  doubleReview?: boolean;
  /**
   * Non-null: an adjudication — the ground truth of its one failure mode on a double-reviewed trace
   * whose reviewers disagreed (the ids of the labels it settled). It wins over every reviewer label.
   */
  adjudicates?: string[] | null;
}

/** The human ground truth of one trace for one failure mode. */
export interface HumanVerdict {
  traceId: string;
  verdict: 'pass' | 'fail';
  /** Graded modes: the human score 0..1 when given. */
  score: number | null;
  /** The critique behind the verdict (for few-shot examples and disagreement reports). */
  critique: string | null;
  /** Labels covering this mode that disagree with the verdict (reviewer disagreement), for the report. */
  dissent: number;
}

const byTime = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
  a.createdAt.localeCompare(b.createdAt) ||
  a.id.localeCompare(b.id);

/**
 * Ground truth for `mode`, only from labels that judged it: a trace takes the majority verdict of
 * its current (not superseded) labels covering `mode` (ties: the latest label decides). On a
 * double-reviewed trace an adjudication of `mode` decides; without one, reviewers who disagree
 * leave the trace out (see `awaitingAdjudication`): a coin flip between two humans is not ground
 * truth. A trace no
 * label covered for `mode` is not in the result — a fail of a sibling mode says nothing about this
 * one. `modes` (when and with which rubric versions each mode came to exist) lets legacy "no
 * failure" labels count only for the modes that existed then; without it they count for every mode.
 */
export const humanVerdicts = (labels: FrozenLabel[], mode: string, modes?: ModeHistory[]): HumanVerdict[] => {
  const byTrace = new Map<string, { label: FrozenLabel; verdict: 'pass' | 'fail'; score: number | null }[]>();
  for (const label of currentLabels(labels)) {
    const judged = coveredVerdict(label, mode, modes);
    if (!judged) continue;
    const list = byTrace.get(label.traceId) ?? [];
    list.push({ label, verdict: judged.verdict, score: judged.score });
    byTrace.set(label.traceId, list);
  }
  const out: HumanVerdict[] = [];
  for (const [traceId, all] of byTrace) {
    all.sort((a, b) => byTime(a.label, b.label));
    const ruling = all.filter((l) => l.label.adjudicates).at(-1);
    const list = all.filter((l) => !l.label.adjudicates);
    if (!ruling && isUnsettled(list)) continue;
    const fails = list.filter((l) => l.verdict === 'fail').length;
    const passes = list.length - fails;
    const latest = list.at(-1);
    const verdict = ruling ? ruling.verdict : fails === passes ? latest!.verdict : fails > passes ? 'fail' : 'pass';
    const backing = ruling ?? list.filter((l) => l.verdict === verdict).at(-1)!;
    const scores = (ruling ? [ruling] : list).map((l) => l.score).filter((s): s is number => s !== null);
    out.push({
      traceId,
      verdict,
      score: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
      critique: backing.label.critique,
      dissent: verdict === 'fail' ? passes : fails,
    });
  }
  return out.sort((a, b) => a.traceId.localeCompare(b.traceId));
};

/** Reviewer labels on a double-reviewed trace that disagree on the mode (and no adjudication yet). */
const isUnsettled = (list: { label: FrozenLabel; verdict: 'pass' | 'fail' }[]) => {
  if (!list.some((l) => l.label.doubleReview)) return false;
  // Each reviewer's latest word counts: a reviewer who came round to the other's view settles it.
  const latest = new Map<string, 'pass' | 'fail'>();
  for (const l of [...list].sort((a, b) => byTime(a.label, b.label))) latest.set(l.label.reviewer, l.verdict);
  return new Set(latest.values()).size > 1;
};

/**
 * Double-reviewed traces whose reviewers disagree on `mode` and that nobody has adjudicated yet:
 * `humanVerdicts` leaves them out of the ground truth until an adjudication settles them.
 */
export const awaitingAdjudication = (labels: FrozenLabel[], mode: string, modes?: ModeHistory[]): string[] => {
  const byTrace = new Map<string, { label: FrozenLabel; verdict: 'pass' | 'fail' }[]>();
  const ruled = new Set<string>();
  for (const label of currentLabels(labels)) {
    const judged = coveredVerdict(label, mode, modes);
    if (!judged) continue;
    if (label.adjudicates) ruled.add(label.traceId);
    else byTrace.set(label.traceId, [...(byTrace.get(label.traceId) ?? []), { label, verdict: judged.verdict }]);
  }
  return [...byTrace]
    .filter(([traceId, list]) => !ruled.has(traceId) && isUnsettled(list))
    .map(([traceId]) => traceId)
    .sort();
};
