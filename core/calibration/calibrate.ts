import type { EvalItem, EvaluatorConfig, EvaluatorKind } from '../evaluators/types.js';
import {
  type AgreementBand,
  agreementBand,
  type BandOptions,
  type BinaryAgreement,
  flipRate,
  pooledAgreement,
  pooledMcc,
} from '../stats/agreement.js';
import type { Verdict } from '../stats/confusion.js';
import { type CrossValidation, crossValidate } from '../stats/crossval.js';
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
  /** Why `fit` can return null, in a user's words (e.g. 'no phrase separates failing from passing outputs'). */
  unbuildable?: string;
  /** Fitting calls an LLM (costly): nested cross-validation then uses fewer repeats. */
  llmFit?: boolean;
}

export interface CalibrationOptions {
  seed: string;
  /** Folds (default 5). */
  k?: number;
  /** Repeats of the stratified k-fold (default 3 for deterministic kinds, 1 for judges, whose calls cost). */
  repeats?: number;
  /** Runs per item for judges (flip rate); default 3. */
  judgeSamples?: number;
  /** A judge whose verdicts flip on more than this share of items cannot gate (default 0.1). */
  maxFlipRate?: number;
  bands?: BandOptions;
}

/** How a figure was estimated: `nested` = selection-aware (the whole procedure cross-validated). */
export interface CalibrationProtocol {
  folds: number;
  repeats: number;
  samples: number;
  seed: string;
  nested: boolean;
  /** Candidates the procedure chose among (1 = no selection). */
  candidates: number;
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
  /** Roughly how many more labels per class would likely move it up a band (null: more labels would not help). */
  moreLabelsPerClass: number | null;
  flipRate: number | null;
  protocol: CalibrationProtocol;
  /** Out-of-fold predictions (mean score and majority verdict over repeats; `failShare` = share of repeats saying fail). */
  predictions: {
    traceId: string;
    human: Verdict;
    score: number;
    verdict: Verdict;
    failShare: number;
    fold: number;
  }[];
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

/** A fitted candidate with the threshold chosen on the same (training) items. */
export interface FittedModel {
  fitted: FittedCandidate;
  threshold: number;
}

/** Fits a candidate and picks its threshold from the same (training) items. */
export const fitWithThreshold = async (
  spec: CandidateSpec,
  train: LabeledItem[],
  samples: number,
): Promise<FittedModel | null> => {
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

/** Scores one item with a fitted model (or passes it when the fold gave nothing to build). */
export const predictWith = async (model: FittedModel | null, item: EvalItem, samples: number) => {
  if (!model) return { score: 1, verdict: 'pass' as Verdict, verdicts: ['pass' as Verdict], explanation: null };
  const { scores, explanation } = await model.fitted.score(item, samples);
  const verdicts = scores.map((s): Verdict => (s >= model.threshold ? 'pass' : 'fail'));
  const fails = verdicts.filter((v) => v === 'fail').length;
  const verdict: Verdict = fails * 2 > verdicts.length ? 'fail' : 'pass';
  return { score: mean(scores), verdict, verdicts, explanation };
};

export const defaultRepeats = (family: CandidateSpec['family'], options: CalibrationOptions) =>
  options.repeats ?? (family === 'judge' ? 1 : 3);

/** Out-of-fold predictions, disagreements and the band, shared by single and nested calibration. */
export const summarizeCrossValidation = (
  items: LabeledItem[],
  cv: CrossValidation,
  explanations: (string | null)[],
  options: CalibrationOptions & { name: string },
) => {
  const humans = items.map((i) => i.human.verdict);
  const runs = cv.runs.map((r) => r.verdicts);
  const agreement = pooledAgreement(humans, runs, { seed: `${options.seed}:${options.name}` });
  const decision = agreementBand(agreement, options.bands);
  const predictions = items.map((it, i) => {
    const failShare = runs.filter((r) => r[i] === 'fail').length / runs.length;
    return {
      traceId: it.item.traceId,
      human: humans[i]!,
      score: mean(cv.runs.map((r) => r.scores[i]!)),
      verdict: (failShare > 0.5 ? 'fail' : 'pass') as Verdict,
      failShare,
      fold: cv.runs[0]!.folds[i]!,
    };
  });
  const disagreements = predictions.flatMap((p, i) =>
    p.verdict === p.human
      ? []
      : [
          {
            traceId: p.traceId,
            human: p.human,
            predicted: p.verdict,
            score: p.score,
            critique: items[i]!.human.critique,
            explanation: explanations[i] ?? null,
          },
        ],
  );
  return { agreement, ...decision, predictions, disagreements };
};

/**
 * Calibrates one candidate by the protocol: repeated stratified k-fold; fitting, threshold and
 * few-shot choice inside the training folds only; agreement (MCC with a stratified bootstrap
 * interval, confusion, TPR/TNR) on the pooled out-of-fold predictions; judges run several times
 * per item and too high a flip rate keeps them from gating. The published configuration is then
 * fitted on all labels. These figures are honest for this candidate alone; when it was chosen
 * among several, only `calibrateSelection`'s nested estimate is.
 */
export const calibrateCandidate = async (
  spec: CandidateSpec,
  items: LabeledItem[],
  options: CalibrationOptions,
): Promise<CalibrationResult> => {
  const samples = spec.family === 'judge' ? (options.judgeSamples ?? 3) : 1;
  const repeats = defaultRepeats(spec.family, options);
  const humans = items.map((i) => i.human.verdict);
  const sampleVerdicts: Verdict[][] = Array.from({ length: samples }, () =>
    new Array<Verdict>(items.length).fill('pass'),
  );
  const explanations = new Array<string | null>(items.length).fill(null);
  const cv =
    items.length < 2
      ? null
      : await crossValidate(
          items,
          humans,
          async (trainIdx, fold) => {
            const model = await fitWithThreshold(
              spec,
              trainIdx.map((i) => items[i]!),
              samples,
            );
            return {
              predict: async (index: number) => {
                const p = await predictWith(model, items[index]!.item, samples);
                if (fold.repeat === 0) {
                  explanations[index] = p.explanation;
                  p.verdicts.forEach((v, r) => {
                    if (sampleVerdicts[r]) sampleVerdicts[r]![index] = v;
                  });
                }
                return { score: p.score, verdict: p.verdict };
              },
            };
          },
          { k: options.k, repeats, seed: options.seed },
        );
  const final = await fitWithThreshold(spec, items, samples);
  const protocol: CalibrationProtocol = {
    folds: cv?.k ?? 0,
    repeats,
    samples,
    seed: options.seed,
    nested: false,
    candidates: 1,
  };
  // Fewer than two labels: nothing to cross-validate; scored as a constant pass, so not measurable.
  const constant = {
    folds: items.map(() => 0),
    scores: items.map(() => 1),
    verdicts: items.map((): Verdict => 'pass'),
  };
  const summary = summarizeCrossValidation(items, cv ?? { k: 0, runs: [constant] }, explanations, {
    ...options,
    name: spec.name,
  });
  const flips = cv && samples > 1 ? flipRate(sampleVerdicts) : null;
  const maxFlip = options.maxFlipRate ?? 0.1;
  const decision = !cv
    ? {
        band: 'revise' as const,
        reason: `not measurable: ${items.length} label${items.length === 1 ? '' : 's'} for this failure mode; label failing and passing traces first`,
        moreLabelsPerClass: null,
      }
    : !final
      ? {
          band: 'revise' as const,
          reason: `not measurable: ${spec.unbuildable ?? 'the labels gave nothing to build this evaluator from'}`,
          moreLabelsPerClass: null,
        }
      : summary.band === 'gate' && flips !== null && flips > maxFlip
        ? {
            band: 'signal' as const,
            reason: `${summary.reason}; but its verdicts flipped on ${(flips * 100).toFixed(0)}% of items across ${samples} runs (> ${maxFlip * 100}%), so it cannot gate`,
            moreLabelsPerClass: summary.moreLabelsPerClass,
          }
        : { band: summary.band, reason: summary.reason, moreLabelsPerClass: summary.moreLabelsPerClass };
  return {
    name: spec.name,
    kind: spec.kind,
    family: spec.family,
    config: final?.fitted.config ?? null,
    threshold: final?.threshold ?? DEFAULT_THRESHOLD,
    ...summary,
    ...decision,
    flipRate: flips,
    protocol,
  };
};

/** The MCC a candidate reaches by plain cross-validation on `items` (no interval): the inner score nested selection ranks by. */
export const innerMcc = async (spec: CandidateSpec, items: LabeledItem[], options: { k?: number; seed: string }) => {
  const humans = items.map((i) => i.human.verdict);
  const cv = await crossValidate(
    items,
    humans,
    async (trainIdx) => {
      const model = await fitWithThreshold(
        spec,
        trainIdx.map((i) => items[i]!),
        1,
      );
      return { predict: async (index: number) => predictWith(model, items[index]!.item, 1) };
    },
    { k: options.k, repeats: 1, seed: options.seed },
  );
  return pooledMcc(
    humans,
    cv.runs.map((r) => r.verdicts),
  );
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

/** Orders candidates best first by a score (null = not measurable, last); ties go to the cheaper kind. */
export const byScoreThenCost =
  <T extends { kind: EvaluatorKind }>(score: (t: T) => number | null) =>
  (a: T, b: T) =>
    (score(b) ?? -2) - (score(a) ?? -2) || KIND_COST.indexOf(a.kind) - KIND_COST.indexOf(b.kind);
