import type { EvalItem, EvaluatorConfig, EvaluatorKind } from '../evaluators/types.js';
import {
  type AgreementBand,
  agreementBand,
  type BandOptions,
  type BinaryAgreement,
  binaryAgreement,
  flipRate,
} from '../stats/agreement.js';
import type { Verdict } from '../stats/confusion.js';
import { crossValidate } from '../stats/crossval.js';
import { DEFAULT_THRESHOLD, tuneThreshold } from '../stats/threshold.js';
import type { HumanVerdict } from './human-verdicts.js';

/** One labeled trace: what the evaluator sees, and the human ground truth for the failure mode. */
export interface LabeledItem {
  item: EvalItem;
  human: HumanVerdict;
}

/** A candidate evaluator trained on some labeled items. */
export interface FittedCandidate {
  config: EvaluatorConfig;
  /** Scores one item `samples` times (1 for deterministic kinds): 0..1, 1 = pass. */
  score: (item: EvalItem, samples: number) => Promise<{ scores: number[]; explanation: string | null }>;
}

/** A way to build one kind of evaluator from labels. */
export interface CandidateSpec {
  /** Stable name of the evaluator it becomes (e.g. 'citation-grounding'). */
  name: string;
  kind: EvaluatorKind;
  family: 'deterministic' | 'judge';
  /** Chooses everything tunable from `train` only; null when the data gives nothing to build. */
  fit: (train: LabeledItem[]) => Promise<FittedCandidate | null>;
  /** Tune the threshold on training scores (cheap kinds); judges keep 0.5 (no extra LLM calls). */
  tuneThreshold: boolean;
}

export interface CalibrationOptions {
  seed: string;
  /** Folds above 20 labels (leave-one-out up to 20). */
  k?: number;
  /** Runs per item for judges (flip rate); default 3. */
  judgeSamples?: number;
  /** A judge whose verdicts flip on more than this share of items cannot gate (default 0.1). */
  maxFlipRate?: number;
  bands?: BandOptions;
}

export interface CalibrationResult {
  name: string;
  kind: EvaluatorKind;
  family: 'deterministic' | 'judge';
  /** Fitted on all labels: what gets published. Null when the data gave nothing to build. */
  config: EvaluatorConfig | null;
  threshold: number;
  agreement: BinaryAgreement;
  band: AgreementBand;
  reason: string;
  flipRate: number | null;
  protocol: { folds: number; samples: number; seed: string };
  predictions: { traceId: string; human: Verdict; score: number; verdict: Verdict; fold: number }[];
  disagreements: {
    traceId: string;
    human: Verdict;
    predicted: Verdict;
    score: number;
    critique: string | null;
    explanation: string | null;
  }[];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 1);

/** Fits a candidate and picks its threshold from the same (training) items. */
const fitWithThreshold = async (spec: CandidateSpec, train: LabeledItem[], samples: number) => {
  const fitted = await spec.fit(train);
  if (!fitted) return null;
  if (!spec.tuneThreshold) return { fitted, threshold: DEFAULT_THRESHOLD };
  const scores = await Promise.all(train.map(async (t) => mean((await fitted.score(t.item, samples)).scores)));
  return {
    fitted,
    threshold: tuneThreshold(
      scores,
      train.map((t) => t.human.verdict),
    ).threshold,
  };
};

/**
 * Calibrates one candidate by the protocol: stratified k-fold (leave-one-out up to 20 labels);
 * fitting, threshold and few-shot choice inside the training folds only; agreement (MCC with a
 * stratified bootstrap interval, confusion, TPR/TNR) on the pooled out-of-fold predictions;
 * judges run several times per item and too high a flip rate keeps them from gating. The
 * published configuration is then fitted on all labels.
 */
export const calibrateCandidate = async (
  spec: CandidateSpec,
  items: LabeledItem[],
  options: CalibrationOptions,
): Promise<CalibrationResult> => {
  const samples = spec.family === 'judge' ? (options.judgeSamples ?? 3) : 1;
  const humans = items.map((i) => i.human.verdict);
  if (items.length < 2) return uncalibrated(spec, items, options.seed, samples);
  const sampleVerdicts: Verdict[][] = Array.from({ length: samples }, () =>
    new Array<Verdict>(items.length).fill('pass'),
  );
  const explanations = new Array<string | null>(items.length).fill(null);
  const cv = await crossValidate(
    items,
    humans,
    async (trainIdx) => {
      const model = await fitWithThreshold(
        spec,
        trainIdx.map((i) => items[i]!),
        samples,
      );
      return {
        predict: async (index: number) => {
          if (!model) return { score: 1, verdict: 'pass' as Verdict };
          const { scores, explanation } = await model.fitted.score(items[index]!.item, samples);
          explanations[index] = explanation;
          const verdicts = scores.map((s): Verdict => (s >= model.threshold ? 'pass' : 'fail'));
          verdicts.forEach((v, r) => {
            sampleVerdicts[r]![index] = v;
          });
          const fails = verdicts.filter((v) => v === 'fail').length;
          return { score: mean(scores), verdict: fails * 2 > verdicts.length ? 'fail' : 'pass' };
        },
      };
    },
    { k: options.k, seed: options.seed },
  );
  const agreement = binaryAgreement(humans, cv.verdicts, { seed: `${options.seed}:${spec.name}` });
  let { band, reason } = agreementBand(agreement.mcc, agreement.mccCI?.lower ?? null, agreement, options.bands);
  const flips = samples > 1 ? flipRate(sampleVerdicts) : null;
  const maxFlip = options.maxFlipRate ?? 0.1;
  if (band === 'gate' && flips !== null && flips > maxFlip) {
    band = 'signal';
    reason = `${reason}; but its verdicts flipped on ${(flips * 100).toFixed(0)}% of items across ${samples} runs (> ${maxFlip * 100}%), so it cannot gate`;
  }
  const final = await fitWithThreshold(spec, items, samples);
  return {
    name: spec.name,
    kind: spec.kind,
    family: spec.family,
    config: final?.fitted.config ?? null,
    threshold: final?.threshold ?? DEFAULT_THRESHOLD,
    agreement,
    band: final ? band : 'revise',
    reason: final ? reason : 'the labels gave nothing to build this evaluator from',
    flipRate: flips,
    protocol: { folds: cv.k, samples, seed: options.seed },
    predictions: items.map((it, i) => ({
      traceId: it.item.traceId,
      human: humans[i]!,
      score: cv.scores[i]!,
      verdict: cv.verdicts[i]!,
      fold: cv.folds[i]!,
    })),
    disagreements: items.flatMap((it, i) =>
      cv.verdicts[i] === humans[i]
        ? []
        : [
            {
              traceId: it.item.traceId,
              human: humans[i]!,
              predicted: cv.verdicts[i]!,
              score: cv.scores[i]!,
              critique: it.human.critique,
              explanation: explanations[i] ?? null,
            },
          ],
    ),
  };
};

/** Too few labels to cross-validate: the evaluator is published as it is, with no agreement and band revise. */
const uncalibrated = async (
  spec: CandidateSpec,
  items: LabeledItem[],
  seed: string,
  samples: number,
): Promise<CalibrationResult> => {
  const fitted = await spec.fit(items);
  const agreement = binaryAgreement(
    items.map((i) => i.human.verdict),
    items.map(() => 'pass'),
    { seed },
  );
  return {
    name: spec.name,
    kind: spec.kind,
    family: spec.family,
    config: fitted?.config ?? null,
    threshold: DEFAULT_THRESHOLD,
    agreement,
    band: 'revise',
    reason: `not calibrated: ${items.length} label${items.length === 1 ? '' : 's'} for this failure mode; label both failing and passing traces first`,
    flipRate: null,
    protocol: { folds: 0, samples, seed },
    predictions: [],
    disagreements: [],
  };
};

const KIND_COST: EvaluatorKind[] = [
  'banned_phrases',
  'regex',
  'length',
  'citation',
  'tool_args',
  'json_schema',
  'composite',
  'classifier',
  'judge',
];

const better = (a: CalibrationResult, b: CalibrationResult) =>
  (a.agreement.mcc ?? -2) - (b.agreement.mcc ?? -2) || KIND_COST.indexOf(b.kind) - KIND_COST.indexOf(a.kind);

/**
 * What a failure mode keeps: its best cheap deterministic evaluator and its best judge, each only
 * if it survived calibration (band gate or signal). Ties go to the cheaper, simpler kind.
 */
export const selectSurvivors = (results: CalibrationResult[]) => {
  const best = (family: 'deterministic' | 'judge') =>
    results.filter((r) => r.family === family && r.config && r.band !== 'revise').sort((a, b) => better(b, a))[0] ??
    null;
  return { deterministic: best('deterministic'), judge: best('judge') };
};
