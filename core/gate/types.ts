/**
 * Types of the release gate: "may release R ship, compared with baseline B?", answered per
 * evaluator from its verdicts on both releases' items, then once for the release.
 */
import type { Verdict } from '../stats/confusion.js';

export type { Verdict };

/** The evaluator a decision is about. Only `status: 'gate'` evaluators can block a release. */
export interface GateEvaluator {
  id: string;
  name: string;
  failureMode: string;
  /** 'gate' blocks on a regression; 'signal' is reported but never blocks. */
  status: 'gate' | 'signal';
  version: number | string;
  /** Agreement with humans on the calibration set (null when undefined). */
  mcc: number | null;
  /** P(evaluator fail | human fail), 'fail' = positive class as in core/stats. Enables Rogan–Gladen. */
  tpr?: number;
  /** P(evaluator pass | human pass). */
  tnr?: number;
}

/** One evaluated item of a release. Items with the same `key` in both releases are paired. */
export interface GateItem {
  /** The dataset input's key (e.g. a dataset item id or input hash); unique within a release. */
  key: string;
  verdict: Verdict;
  traceId: string;
}

/** How strict the gate is. Every field has a default. */
export interface GatePolicy {
  /** Largest acceptable drop in pass rate, as a proportion (default 0.05 = 5 points). */
  tolerance: number;
  /** One-sided significance level of every test (default 0.05); intervals are (1 − 2α) two-sided. */
  alpha: number;
  /** Absolute pass-rate floor for the candidate (default 0 = none). */
  floor: number;
  /** Fewest candidate items to decide at all, and fewest shared items to pair (default 10). */
  minItems: number;
}

export const DEFAULT_POLICY: GatePolicy = { tolerance: 0.05, alpha: 0.05, floor: 0, minItems: 10 };

export interface DecisionInput {
  evaluator: GateEvaluator;
  candidate: readonly GateItem[];
  /** Empty when there is no baseline release: only the floor applies. */
  baseline: readonly GateItem[];
  policy?: Partial<GatePolicy>;
  context?: GateContext;
}

/** Which comparison produced the decision ('none': too little evidence to compare). */
export type GateTest = 'mcnemar' | 'unpaired' | 'floor-only' | 'none';

/**
 * What a gate lacked to vouch for a release:
 * - `candidate`: the release has no items at all (no trace tagged with it, or no uploaded output);
 * - `items`: an evaluator judged fewer of the release's items than the policy's `minItems`;
 * - `baseline`: nothing to compare with (no baseline release, or too few of its items) and no floor set,
 *   so no outcome but "pass" was possible;
 * - `evaluators`: no evaluator has status `gate`.
 */
export type MissingEvidence = 'candidate' | 'items' | 'baseline' | 'evaluators';

/** Where the candidate's items came from and how many there were: lets a reason say what is missing. */
export interface GateContext {
  release?: string;
  baseline?: string | null;
  /** 'traces': traces tagged with the release; 'upload': outputs uploaded for a dataset version's inputs. */
  source?: 'traces' | 'upload';
  /** Items of the release before evaluation (an evaluator may have judged fewer, e.g. on errors). */
  candidateItems?: number;
}

/**
 * The figures behind a decision. Rates are over the items the test used: the shared items for
 * 'mcnemar', every item of each release otherwise. Proportions in [0, 1]; null when undefined.
 */
export interface DecisionNumbers {
  nCandidate: number;
  nBaseline: number;
  nShared: number;
  candidateRate: number | null;
  baselineRate: number | null;
  /** candidateRate − baselineRate. */
  diff: number | null;
  /** (1 − 2α) Newcombe interval of diff ('unpaired' only). */
  ciLower?: number;
  ciUpper?: number;
  /** One-sided exact McNemar p of "candidate worse" ('mcnemar' only). */
  pValue?: number;
  /** Shared items that went pass → fail and fail → pass ('mcnemar' only). */
  passToFail?: number;
  failToPass?: number;
  /** Upper end of the candidate's (1 − 2α) Clopper–Pearson interval (only when a floor is set). */
  candidateUpper?: number;
  /** Exact one-sided binomial p of "candidate rate ≥ floor" (only when a floor is set). */
  floorPValue?: number;
  /** Rogan–Gladen corrected rates, when the evaluator's TPR/TNR are known (null: TPR + TNR − 1 too small). */
  correctedCandidateRate?: number | null;
  correctedBaselineRate?: number | null;
  test: GateTest;
}

/** A shared item whose verdict changed between baseline and candidate. */
export interface FlippedItem {
  key: string;
  /** The candidate's trace. */
  traceId: string;
  baselineTraceId: string;
  from: Verdict;
  to: Verdict;
}

export interface EvaluatorDecision {
  evaluator: GateEvaluator;
  /** 'inconclusive': too little evidence to vouch for the release (see `missing`). */
  decision: 'pass' | 'block' | 'inconclusive';
  /** True only for a 'gate' evaluator whose decision is 'block'. */
  blocking: boolean;
  /** Set when the decision is 'inconclusive': what was missing. */
  missing?: MissingEvidence;
  /** One sentence with the numbers. */
  reason: string;
  numbers: DecisionNumbers;
  /** pass → fail first, then fail → pass, each in key order. */
  flipped: FlippedItem[];
  policy: GatePolicy;
}

/** The release's verdict over all evaluators. */
export interface GateResult {
  /**
   * 'blocked' when a gating evaluator blocks; else 'inconclusive' when a gating evaluator lacks
   * evidence (or none exists); else 'pass'. A gate never passes without evidence.
   */
  verdict: 'pass' | 'blocked' | 'inconclusive';
  /** Names of the gating evaluators that block. */
  blockedBy: string[];
  /** Names of the gating evaluators that lacked evidence. */
  inconclusiveBy: string[];
  /** What the gating evaluators lacked, distinct and sorted (empty unless inconclusive). */
  missing: MissingEvidence[];
  summary: string;
  release: string | null;
  baseline: string | null;
  decisions: EvaluatorDecision[];
}
