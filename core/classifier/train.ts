import type { ClassifierModel, EvalItem, Evaluation } from '../evaluators/types.js';
import { explainScore, renderFeature } from './explain.js';
import {
  DEFAULT_CHAR_NGRAMS,
  DEFAULT_DIMENSIONS,
  DEFAULT_WORD_NGRAMS,
  type FeatureSpec,
  featurize,
  featurizeWithOrigins,
  type SparseVector,
} from './features.js';
import { fitLogistic, predict } from './logistic.js';
import { STRUCTURAL_FEATURES } from './structural.js';

export interface TrainOptions {
  /** Hashed feature slots (default 2^16). Storage does not grow with it: weights are stored sparse. */
  dimensions?: number;
  /** Word n-gram lengths, inclusive (default [1, 2]). */
  wordNgrams?: [number, number];
  /** Character n-gram lengths over the normalized text, inclusive (default [3, 5]). */
  charNgrams?: [number, number];
  /** L2 penalty (default 3e-4): larger is smoother and less confident, smaller fits the labels harder. */
  l2?: number;
  /** Optimizer iterations at most (default 200); training usually converges well before. */
  maxIterations?: number;
  /**
   * Hashed features must occur in at least this many training items to get a weight (default 2,
   * or 1 under 20 items): a feature of one item can only memorize it, and these are most of the slots.
   */
  minDocumentFrequency?: number;
  /**
   * At most this many hashed-feature weights are kept (default 5,000: ~75 KB of JSON): past it,
   * the largest |weights| are kept and the model is refitted on them alone.
   */
  maxWeights?: number;
}

/** Weights are stored with this many significant digits: halves the JSON, changes no score noticeably. */
const WEIGHT_DIGITS = 6;
/** How many of the strongest features of each sign get a readable name stored in the model. */
const NAMED_FEATURES_PER_SIDE = 20;

/**
 * Trains a hashed n-gram logistic-regression evaluator on labeled items (score 1 = pass).
 * Deterministic: the same items, labels and options give the same model. With one class only,
 * the model is a constant (flagged `singleClass`). Weights are stored sparse (`weightIndices`).
 */
export function trainClassifier(
  items: EvalItem[],
  labels: ('pass' | 'fail')[],
  options: TrainOptions = {},
): ClassifierModel {
  const spec: FeatureSpec = {
    dimensions: options.dimensions ?? DEFAULT_DIMENSIONS,
    wordNgrams: options.wordNgrams ?? DEFAULT_WORD_NGRAMS,
    charNgrams: options.charNgrams ?? DEFAULT_CHAR_NGRAMS,
    structuralFeatures: [...STRUCTURAL_FEATURES],
  };
  const vectors = items.map((item) => featurize(item, spec));
  spec.structuralMeans = centerStructural(vectors, STRUCTURAL_FEATURES.length);
  const passes = labels.map((label) => label === 'pass');
  const logistic = { l2: options.l2 ?? 3e-4, maxIterations: options.maxIterations ?? 200 };
  const minDf = options.minDocumentFrequency ?? (items.length >= 20 ? 2 : 1);
  const df = new Map<number, number>();
  for (const { indices } of vectors) for (const index of indices) df.set(index, (df.get(index) ?? 0) + 1);
  /** Smoothed idf, as scikit-learn's: ln((1 + n) / (1 + df)) + 1; structural slots are not scaled. */
  const idf = (index: number) =>
    index >= spec.dimensions ? 1 : Math.log((1 + items.length) / (1 + (df.get(index) ?? 0))) + 1;
  let fit = fitLogistic(
    selectFeatures(vectors, spec.dimensions, (index) => (df.get(index) ?? 0) >= minDf, idf),
    passes,
    logistic,
  );
  const maxWeights = options.maxWeights ?? 5000;
  const hashed = fit.indices.filter((index) => index < spec.dimensions).length;
  if (hashed > maxWeights) {
    const strongest = fit.indices
      .map((index, k) => ({ index, size: Math.abs(fit.weights[k]!) }))
      .filter((f) => f.index < spec.dimensions)
      .sort((a, b) => b.size - a.size || a.index - b.index)
      .slice(0, maxWeights);
    const kept = new Set(strongest.map((f) => f.index));
    fit = fitLogistic(
      selectFeatures(vectors, spec.dimensions, (index) => kept.has(index), idf),
      passes,
      logistic,
    );
  }
  const folded = fit.weights.map((w, k) => w * idf(fit.indices[k]!));
  const order = fit.indices.map((_, k) => k).sort((a, b) => fit.indices[a]! - fit.indices[b]!);
  const model: ClassifierModel = {
    dimensions: spec.dimensions,
    wordNgrams: spec.wordNgrams,
    charNgrams: spec.charNgrams,
    structuralFeatures: spec.structuralFeatures,
    structuralMeans: spec.structuralMeans,
    weights: order.map((k) => Number(folded[k]!.toPrecision(WEIGHT_DIGITS))),
    weightIndices: order.map((k) => fit.indices[k]!),
    bias: Number(fit.bias.toPrecision(WEIGHT_DIGITS)),
  };
  if (fit.singleClass) model.singleClass = fit.singleClass;
  else model.featureNames = nameStrongestFeatures(model, items);
  return model;
}

/**
 * Centers the structural slots (the last `slots` entries of each vector) on their mean over the
 * vectors, in place, and returns the means, rounded as stored so scoring subtracts the same values.
 */
function centerStructural(vectors: SparseVector[], slots: number): number[] {
  const means = new Array<number>(slots).fill(0);
  for (const { values } of vectors) {
    for (let i = 0; i < slots; i++) means[i]! += values[values.length - slots + i]! / vectors.length;
  }
  const rounded = means.map((m) => Number(m.toPrecision(WEIGHT_DIGITS)));
  for (const { values } of vectors) {
    for (let i = 0; i < slots; i++) values[values.length - slots + i]! -= rounded[i]!;
  }
  return rounded;
}

/**
 * The vectors with only the hashed features `keep` accepts (structural slots always stay), each
 * value scaled by its `idf`. The idf is folded back into the stored weights, so scoring needs no
 * idf table; common n-grams are in effect penalized more, rare ones less (as tf-idf does). Values
 * are not renormalized: scoring sees the full vector, where dropped features simply weigh 0.
 */
function selectFeatures(
  vectors: SparseVector[],
  dims: number,
  keep: (index: number) => boolean,
  idf: (index: number) => number,
): SparseVector[] {
  return vectors.map(({ indices, values }) => {
    const selected: SparseVector = { indices: [], values: [] };
    indices.forEach((index, k) => {
      if (index < dims && !keep(index)) return;
      selected.indices.push(index);
      selected.values.push(values[k]! * idf(index));
    });
    return selected;
  });
}

/** Readable names of the strongest positive and negative weights, from their first occurrence in training. */
function nameStrongestFeatures(model: ClassifierModel, items: EvalItem[]): Record<string, string> {
  const indices = model.weightIndices ?? [];
  const ranked = model.weights.map((w, k) => ({ w, index: indices[k]! })).sort((a, b) => a.w - b.w);
  const strongest = [
    ...ranked.slice(0, NAMED_FEATURES_PER_SIDE).filter((f) => f.w < 0),
    ...ranked.slice(-NAMED_FEATURES_PER_SIDE).filter((f) => f.w > 0),
  ];
  const sign = new Map(strongest.map((f) => [f.index, Math.sign(f.w)]));
  const names: Record<string, string> = {};
  for (const item of items) {
    if (Object.keys(names).length === sign.size) break;
    const vector = featurizeWithOrigins(item, model);
    vector.indices.forEach((index, k) => {
      const s = sign.get(index);
      // A structural feature is named for the direction its weight rewards.
      if (s !== undefined && names[index] === undefined) names[index] = renderFeature(vector.originOf(k), s);
    });
  }
  return names;
}

const denseCache = new WeakMap<ClassifierModel, Float64Array>();

/** The model's weights as one dense array, built once per model object (do not mutate a model after scoring). */
function denseWeights(model: ClassifierModel): Float64Array {
  let dense = denseCache.get(model);
  if (dense) return dense;
  if (model.weightIndices) {
    dense = new Float64Array(model.dimensions + (model.structuralFeatures?.length ?? 0));
    model.weightIndices.forEach((index, k) => {
      if (index >= 0 && index < dense!.length) dense![index] = model.weights[k] ?? 0;
    });
  } else {
    dense = Float64Array.from(model.weights);
  }
  denseCache.set(model, dense);
  return dense;
}

/**
 * Scores an item with a trained classifier: P(pass), with an explanation naming the n-grams and
 * trace features that pushed the score most each way (e.g. "leans fail: 'from what i recall'").
 */
export function scoreWithClassifier(model: ClassifierModel, item: EvalItem): Evaluation {
  if (model.singleClass) {
    const score = 1 / (1 + Math.exp(-model.bias));
    return { score, explanation: `Constant score: the classifier was trained on ${model.singleClass} labels only.` };
  }
  const weights = denseWeights(model);
  const vector = featurizeWithOrigins(item, model);
  const score = predict({ weights, bias: model.bias }, vector);
  return { score, explanation: explainScore(vector, weights, score) };
}
