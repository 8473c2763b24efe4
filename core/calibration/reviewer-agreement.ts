import { type InterRaterAgreement, interRaterAgreement, type RatedUnit } from '../stats/inter-rater.js';
import type { FrozenLabel } from './human-verdicts.js';
import { coveredVerdict, currentLabels, type ModeHistory } from './label-coverage.js';

/** One reviewer's verdict on a double-reviewed trace for one failure mode. */
export interface ReviewerVerdict {
  labelId: string;
  reviewer: string;
  verdict: 'pass' | 'fail';
  critique: string | null;
  createdAt: string;
}

/** A double-reviewed trace where the reviewers disagree on one failure mode, and its adjudication if any. */
export interface ModeDisagreement {
  traceId: string;
  failureMode: string;
  verdicts: ReviewerVerdict[];
  adjudication: { labelId: string; verdict: 'pass' | 'fail'; note: string | null; by: string; at: string } | null;
}

export interface ModeReviewerAgreement {
  failureMode: string;
  agreement: InterRaterAgreement;
  /** Double-reviewed traces where the reviewers disagree on this mode. */
  disagreements: number;
  /** Of those, the ones no adjudication settled yet (left out of the ground truth). */
  awaitingAdjudication: number;
}

const latestFirst = (a: FrozenLabel, b: FrozenLabel) =>
  b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

/**
 * Per trace, each reviewer's current verdict on `mode` (their latest label covering it) from the
 * double-reviewed traces among `labels`, and the trace's adjudication of `mode` if any.
 */
const verdictsByTrace = (labels: FrozenLabel[], mode: string, modes?: ModeHistory[]) => {
  const out = new Map<string, { verdicts: Map<string, ReviewerVerdict>; ruling: ModeDisagreement['adjudication'] }>();
  for (const label of currentLabels(labels).sort(latestFirst)) {
    if (!label.doubleReview) continue;
    const judged = coveredVerdict(label, mode, modes);
    if (!judged) continue;
    const entry = out.get(label.traceId) ?? { verdicts: new Map(), ruling: null };
    out.set(label.traceId, entry);
    if (label.adjudicates) {
      entry.ruling ??= {
        labelId: label.id,
        verdict: judged.verdict,
        note: label.critique,
        by: label.reviewer,
        at: label.createdAt,
      };
    } else if (!entry.verdicts.has(label.reviewer)) {
      entry.verdicts.set(label.reviewer, {
        labelId: label.id,
        reviewer: label.reviewer,
        verdict: judged.verdict,
        critique: label.critique,
        createdAt: label.createdAt,
      });
    }
  }
  return out;
};

/** Double-reviewed traces whose reviewers disagree on `mode` (adjudicated or not), by trace id. */
export const modeDisagreements = (labels: FrozenLabel[], mode: string, modes?: ModeHistory[]): ModeDisagreement[] =>
  [...verdictsByTrace(labels, mode, modes)]
    .map(([traceId, e]) => ({
      traceId,
      failureMode: mode,
      verdicts: [...e.verdicts.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
      adjudication: e.ruling,
    }))
    .filter((d) => d.verdicts.length >= 2 && new Set(d.verdicts.map((v) => v.verdict)).size > 1)
    .sort((a, b) => a.traceId.localeCompare(b.traceId));

/**
 * How well the reviewers agree with each other on `mode`, over the double-reviewed traces that
 * at least two reviewers labeled (κ or α with its interval; see core/stats/inter-rater.ts), and
 * how many of their disagreements still await adjudication.
 */
export const reviewerAgreement = (
  labels: FrozenLabel[],
  mode: string,
  opts: { seed: string; resamples?: number; modes?: ModeHistory[] },
): ModeReviewerAgreement => {
  const byTrace = verdictsByTrace(labels, mode, opts.modes);
  const units: RatedUnit[] = [...byTrace.keys()].sort().map((t) => ({
    ratings: [...byTrace.get(t)!.verdicts.values()].map((v) => ({ rater: v.reviewer, value: v.verdict })),
  }));
  const disagreements = modeDisagreements(labels, mode, opts.modes);
  return {
    failureMode: mode,
    agreement: interRaterAgreement(units, { seed: `${opts.seed}:${mode}`, resamples: opts.resamples }),
    disagreements: disagreements.length,
    awaitingAdjudication: disagreements.filter((d) => !d.adjudication).length,
  };
};

const fmtInterval = (i: { lower: number; upper: number } | null) =>
  i ? `[${i.lower.toFixed(2)}, ${i.upper.toFixed(2)}]` : '[interval not measurable]';

const symbol = (a: InterRaterAgreement) => (a.method === 'cohen_kappa' ? 'κ' : 'α');

/** The evaluator's side of the comparison: its MCC against the human ground truth. */
export interface EvaluatorFigure {
  mcc: number | null;
  mccCI: { lower: number; upper: number } | null;
  /** Human-labeled traces the MCC rests on. */
  n: number | null;
}

/**
 * The human ceiling next to the evaluator: "reviewers agree κ 0.71 [0.55, 0.84] on 24
 * double-reviewed traces; this evaluator MCC 0.62 [0.40, 0.80] on 40 labeled traces". Both are
 * chance-corrected agreement on the same pass/fail scale (for two raters with equal marginals κ and
 * MCC coincide), so an evaluator at or above the reviewers' own agreement is as good as the labels
 * can show: more agreement cannot be measured against labels that disagree this much.
 */
export const ceilingComparison = (human: InterRaterAgreement, evaluator: EvaluatorFigure) => {
  const traces = `${human.units} double-reviewed trace${human.units === 1 ? '' : 's'}`;
  const humanPart =
    human.value === null
      ? `reviewer agreement not measurable (${human.undefinedReason})`
      : `reviewers agree ${symbol(human)} ${human.value.toFixed(2)} ${fmtInterval(human.interval)} on ${traces}`;
  const evalPart =
    evaluator.mcc === null
      ? 'this evaluator MCC not measurable'
      : `this evaluator MCC ${evaluator.mcc.toFixed(2)} ${fmtInterval(evaluator.mccCI)}${
          evaluator.n === null ? '' : ` on ${evaluator.n} labeled traces`
        }`;
  const atCeiling = human.value === null || evaluator.mcc === null ? null : evaluator.mcc >= human.value;
  const note = atCeiling
    ? ' — at or above the human ceiling: the reviewers agree with each other no better than with this evaluator, so sharper labels (a clearer rubric, adjudication) must come before a better evaluator can show'
    : '';
  return { text: `${humanPart}; ${evalPart}${note}`, atOrAboveCeiling: atCeiling };
};

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The evaluator's figure from an evaluator version's stored `metrics` (loosely typed JSON). */
export const evaluatorFigureOf = (metrics: unknown): EvaluatorFigure => {
  const m = (metrics && typeof metrics === 'object' ? metrics : {}) as Record<string, unknown>;
  const ci = (m.mccCI && typeof m.mccCI === 'object' ? m.mccCI : {}) as Record<string, unknown>;
  const [lower, upper] = [num(ci.lower), num(ci.upper)];
  const [nFail, nPass] = [num(m.nFail), num(m.nPass)];
  return {
    mcc: num(m.mcc),
    mccCI: lower === null || upper === null ? null : { lower, upper },
    n: nFail === null || nPass === null ? null : nFail + nPass,
  };
};

/** The reviewers' agreement on a mode next to an evaluator's: what the calibration report shows. */
export interface HumanCeiling {
  reviewers: ModeReviewerAgreement;
  /** One sentence: human–human agreement, then evaluator–human, and whether the evaluator is at the ceiling. */
  text: string;
  /** Null when either side is not measurable. */
  atOrAboveCeiling: boolean | null;
}

export const humanCeiling = (reviewers: ModeReviewerAgreement, metrics: unknown): HumanCeiling => ({
  reviewers,
  ...ceilingComparison(reviewers.agreement, evaluatorFigureOf(metrics)),
});
