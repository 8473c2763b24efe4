import { AppError } from '../errors.js';
import type { ClassifierModel, EvalItem } from '../evaluators/types.js';
import {
  charNgrams,
  type Emit,
  MAX_TEXT_CHARS,
  normalizeText,
  padForCharNgrams,
  tokenize,
  wordNgrams,
} from './ngrams.js';
import { STRUCTURAL } from './structural.js';

/** A sparse feature vector: `values[k]` is the value of feature `indices[k]`; indices are unique. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/**
 * How an item becomes a vector. Hashed text features take slots `[0, dimensions)`; structural
 * features take `dimensions + i` for the i-th name of `structuralFeatures` (none when absent;
 * names this code does not know get 0, so older models keep scoring after the list grows).
 * Structural values are centered on `structuralMeans` (the training means), so their weights
 * say how being unusual moves the score; every structural slot is emitted, last, in order.
 */
export type FeatureSpec = Pick<
  ClassifierModel,
  'dimensions' | 'wordNgrams' | 'charNgrams' | 'structuralFeatures' | 'structuralMeans'
>;

/** 2^16 hashed slots: a labeled set's vocabulary collides little, and the scratch arrays stay in cache (2^18 scores ~1.5× slower). */
export const DEFAULT_DIMENSIONS = 1 << 16;
export const DEFAULT_WORD_NGRAMS: [number, number] = [1, 2];
export const DEFAULT_CHAR_NGRAMS: [number, number] = [3, 5];
/** Largest hashed dimension accepted: bounds the scratch memory a stored model can ask for. */
const MAX_DIMENSIONS = 1 << 24;
/** Longest n-gram accepted (origins pack n into 4 bits). */
const MAX_NGRAM = 15;
/**
 * The input's blocks count for a quarter of the output's: failures live in what the model
 * answered, and input words correlate with labels by accident in small samples.
 */
const INPUT_BLOCK_NORM = 0.25;

export type FeatureKind = 'word' | 'char' | 'structural';
export type FeatureField = 'output' | 'input' | 'trace';

/** Where a feature came from: its kind, field and the text of its first occurrence in the item. */
export interface FeatureOrigin {
  kind: FeatureKind;
  field: FeatureField;
  text: string;
}

/** A vector that can name its features: `originOf(k)` describes `indices[k]`. */
export interface TracedVector extends SparseVector {
  originOf(k: number): FeatureOrigin;
}

const BLOCKS = [
  { field: 'output', kind: 'word', salt: 0x811c9dc5, norm: 1 },
  { field: 'output', kind: 'char', salt: 0x9e3779b9, norm: 1 },
  { field: 'input', kind: 'word', salt: 0x85ebca77, norm: INPUT_BLOCK_NORM },
  { field: 'input', kind: 'char', salt: 0xc2b2ae3d, norm: INPUT_BLOCK_NORM },
] as const;

/** Dense scratch reused between calls: a Map per block costs several times the hashing. */
class Accumulator {
  readonly values: Float64Array;
  touched: number[] = [];
  constructor(size: number) {
    this.values = new Float64Array(size);
  }
  /** Adds a positive amount (values never cancel back to 0, so `touched` has no duplicates); true when new. */
  add(index: number, amount: number): boolean {
    const fresh = this.values[index] === 0;
    if (fresh) this.touched.push(index);
    this.values[index]! += amount;
    return fresh;
  }
  clear(): void {
    for (const index of this.touched) this.values[index] = 0;
    this.touched = [];
  }
}

interface Scratch {
  dims: number;
  block: Accumulator;
  sum: Accumulator;
}
/** One idle scratch; a re-entrant or other-dimension call allocates its own. */
let spare: Scratch | undefined;

function checkSpec(spec: FeatureSpec): void {
  const range = ([lo, hi]: [number, number]) => Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1 && lo <= hi;
  const ok =
    Number.isInteger(spec.dimensions) &&
    spec.dimensions >= 1 &&
    spec.dimensions <= MAX_DIMENSIONS &&
    range(spec.wordNgrams) &&
    range(spec.charNgrams) &&
    spec.wordNgrams[1] <= MAX_NGRAM &&
    spec.charNgrams[1] <= MAX_NGRAM;
  if (!ok) {
    throw new AppError(
      'bad_request',
      `Classifier features need integer dimensions from 1 to ${MAX_DIMENSIONS} and n-gram ranges [lo, hi] with 1 ≤ lo ≤ hi ≤ ${MAX_NGRAM}.`,
    );
  }
}

/**
 * Turns an item into a sparse vector: hashed word and character n-grams of the output and (with
 * other salts, at a quarter of the weight) of the input, each of the four blocks with sublinear
 * tf (1 + ln tf) and L2-normalized, then the centered structural trace features in their slots.
 * Texts are cut to MAX_TEXT_CHARS first, so a huge output costs no more than that.
 */
export function featurize(item: EvalItem, spec: FeatureSpec): SparseVector {
  const { indices, values } = featurizeWithOrigins(item, spec);
  return { indices, values };
}

/**
 * Uncentered vectors per item and feature layout. Calibration featurizes the same items for
 * every fold, repeat and candidate (hundreds of times under nested cross-validation), so the
 * hashing is done once per item; entries go with their items (a WeakMap).
 */
const rawVectors = new WeakMap<EvalItem, Map<string, TracedVector>>();

const layoutKey = (spec: FeatureSpec) =>
  `${spec.dimensions}|${spec.wordNgrams.join(',')}|${spec.charNgrams.join(',')}|${(spec.structuralFeatures ?? []).join(',')}`;

/** `featurize`, also recording where each feature first occurs so it can be shown to a reader. */
export function featurizeWithOrigins(item: EvalItem, spec: FeatureSpec): TracedVector {
  checkSpec(spec);
  const key = layoutKey(spec);
  const byLayout = rawVectors.get(item) ?? new Map<string, TracedVector>();
  rawVectors.set(item, byLayout);
  const raw = byLayout.get(key) ?? build(item, spec, true);
  byLayout.set(key, raw);
  const values = raw.values.slice();
  const structural = spec.structuralFeatures?.length ?? 0;
  for (let i = 0; i < structural; i++) values[values.length - structural + i]! -= spec.structuralMeans?.[i] ?? 0;
  return { indices: raw.indices.slice(), values, originOf: raw.originOf };
}

/** The uncentered vector of an item (structural slots hold raw values). */
function build(item: EvalItem, spec: FeatureSpec, trackOrigins: boolean): TracedVector {
  checkSpec(spec);
  const dims = spec.dimensions;
  const scratch: Scratch =
    spare?.dims === dims ? spare : { dims, block: new Accumulator(dims), sum: new Accumulator(dims) };
  spare = undefined;
  const { block, sum } = scratch;
  /** Packed (start, n, block) of each feature's first occurrence, parallel to `sum.touched`. */
  const origins: number[] = [];
  const texts = { output: normalizeText(item.output), input: normalizeText(item.input) };
  const tokens = { output: tokenize(texts.output), input: tokenize(texts.input) };
  const padded = { output: padForCharNgrams(texts.output), input: padForCharNgrams(texts.input) };

  BLOCKS.forEach(({ field, kind, salt, norm }, blockId) => {
    const blockOrigins: number[] = [];
    const emit: Emit = trackOrigins
      ? (index, start, n) => {
          if (block.add(index, 1)) blockOrigins.push((start * 16 + n) * 4 + blockId);
        }
      : (index) => block.add(index, 1);
    const range = kind === 'word' ? spec.wordNgrams : spec.charNgrams;
    if (kind === 'word') wordNgrams(tokens[field], range, salt, dims, emit);
    else charNgrams(padded[field], range, salt, dims, emit);
    let sumSq = 0;
    for (const index of block.touched) {
      const v = 1 + Math.log(block.values[index]!);
      block.values[index] = v;
      sumSq += v * v;
    }
    const scale = sumSq === 0 ? 0 : norm / Math.sqrt(sumSq);
    block.touched.forEach((index, t) => {
      if (sum.add(index, block.values[index]! * scale) && trackOrigins) origins.push(blockOrigins[t]!);
    });
    block.clear();
  });

  const indices = sum.touched;
  const values = indices.map((index) => sum.values[index]!);
  sum.clear();
  spare = scratch;

  const textFeatures = indices.length;
  const context = { item, output: item.output.slice(0, MAX_TEXT_CHARS), outputWords: tokens.output.words };
  const names = spec.structuralFeatures ?? [];
  names.forEach((name, i) => {
    const compute = STRUCTURAL.get(name);
    indices.push(dims + i);
    values.push(compute ? compute(context) : 0);
  });

  const originOf = (k: number): FeatureOrigin => {
    if (k >= textFeatures)
      return { kind: 'structural', field: 'trace', text: names[k - textFeatures]!.replace(/_/g, ' ') };
    const packed = origins[k];
    if (packed === undefined) throw new Error('featurize: origins were not tracked for this vector');
    const { field, kind } = BLOCKS[packed & 3]!;
    const n = (packed >> 2) & 15;
    const start = packed >> 6;
    const text =
      kind === 'word' ? tokens[field].words.slice(start, start + n).join(' ') : padded[field].slice(start, start + n);
    return { kind, field, text };
  };
  return { indices, values, originOf };
}
