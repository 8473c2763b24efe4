import { AppError } from '../errors.js';
import type { SparseVector } from './features.js';

/** A linear model over sparse vectors: `weights[i]` (missing = 0) and a bias. */
export interface LinearModel {
  weights: ArrayLike<number>;
  bias: number;
}

export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias), per unit of mean class-balanced log loss. */
  l2: number;
  /** L-BFGS iterations at most; each costs one pass over the data, plus one per line-search halving. */
  maxIterations: number;
}

/** A fitted model with only the weights of features seen in training (all others are exactly 0 under L2). */
export interface LogisticFit {
  indices: number[];
  weights: number[];
  bias: number;
  iterations: number;
  converged: boolean;
  /** The only label present, when there was one: weights are then 0 and the bias carries a smoothed prior. */
  singleClass: 'pass' | 'fail' | null;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
/** ln(1 + e^z) without overflow. */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** P(pass) = σ(bias + w·x). */
export function predict(model: LinearModel, vector: SparseVector): number {
  let z = model.bias;
  for (let k = 0; k < vector.indices.length; k++) z += (model.weights[vector.indices[k]!] ?? 0) * vector.values[k]!;
  return sigmoid(z);
}

const HISTORY = 8;
const GRADIENT_TOLERANCE = 1e-6;
const RELATIVE_DECREASE_TOLERANCE = 1e-10;

/**
 * Fits L2-regularized logistic regression (pass = 1) with class weights n / (2·n_class), so both
 * labels count equally however skewed the sample. Full-batch L-BFGS with a backtracking line search:
 * no randomness, so the same data always gives the same weights. Features are remapped to the ones
 * that occur, so the cost is independent of the hashed dimension.
 */
export function fitLogistic(vectors: SparseVector[], passes: boolean[], options: LogisticOptions): LogisticFit {
  const n = vectors.length;
  if (n === 0) throw new AppError('bad_request', 'A classifier needs at least one labeled example.');
  if (passes.length !== n) {
    throw new AppError('bad_request', `Got ${n} examples but ${passes.length} labels; give one label per example.`);
  }
  const nPass = passes.filter(Boolean).length;
  if (nPass === 0 || nPass === n) {
    const prior = (n + 1) / (n + 2);
    const bias = Math.log(prior / (1 - prior)) * (nPass === n ? 1 : -1);
    return {
      indices: [],
      weights: [],
      bias,
      iterations: 0,
      converged: true,
      singleClass: nPass === n ? 'pass' : 'fail',
    };
  }

  const local = new Map<number, number>();
  const rows = vectors.map((v) => ({
    indices: Int32Array.from(v.indices, (i) => {
      const j = local.get(i);
      if (j !== undefined) return j;
      local.set(i, local.size);
      return local.size - 1;
    }),
    values: Float64Array.from(v.values),
  }));
  const f = local.size;
  // Each class carries half of the loss: class weight n / (2·n_class), over a mean across n examples.
  const sampleWeight = passes.map((p) => 1 / (2 * (p ? nPass : n - nPass)));

  /** Objective at x = [w (f entries), bias]; writes its gradient into `grad`. */
  const evaluate = (x: Float64Array, grad: Float64Array): number => {
    let loss = 0;
    grad.fill(0);
    for (let j = 0; j < f; j++) {
      loss += 0.5 * options.l2 * x[j]! * x[j]!;
      grad[j] = options.l2 * x[j]!;
    }
    for (let r = 0; r < n; r++) {
      const { indices, values } = rows[r]!;
      let z = x[f]!;
      for (let k = 0; k < indices.length; k++) z += x[indices[k]!]! * values[k]!;
      const y = passes[r] ? 1 : 0;
      loss += sampleWeight[r]! * softplus(y === 1 ? -z : z);
      const residual = sampleWeight[r]! * (sigmoid(z) - y);
      for (let k = 0; k < indices.length; k++) grad[indices[k]!]! += residual * values[k]!;
      grad[f]! += residual;
    }
    return loss;
  };

  const size = f + 1;
  let x = new Float64Array(size);
  let g = new Float64Array(size);
  let xNext = new Float64Array(size);
  let gNext = new Float64Array(size);
  const direction = new Float64Array(size);
  const history: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  const alpha = new Float64Array(HISTORY);
  let loss = evaluate(x, g);
  let iterations = 0;
  let converged = maxAbs(g) < GRADIENT_TOLERANCE;

  while (!converged && iterations < options.maxIterations) {
    iterations++;
    // Two-loop recursion: direction = -H·g.
    for (let j = 0; j < size; j++) direction[j] = -g[j]!;
    for (let h = history.length - 1; h >= 0; h--) {
      const { s, y, rho } = history[h]!;
      alpha[h] = rho * dot(s, direction);
      axpy(-alpha[h]!, y, direction);
    }
    const last = history.at(-1);
    if (last) scale(direction, dot(last.s, last.y) / dot(last.y, last.y));
    for (const [h, { s, y, rho }] of history.entries()) axpy(alpha[h]! - rho * dot(y, direction), s, direction);

    let slope = dot(g, direction);
    if (!(slope < 0)) {
      history.length = 0;
      for (let j = 0; j < size; j++) direction[j] = -g[j]!;
      slope = dot(g, direction);
    }
    let step = history.length > 0 ? 1 : Math.min(1, 1 / Math.sqrt(-slope));
    let nextLoss = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < size; j++) xNext[j] = x[j]! + step * direction[j]!;
      nextLoss = evaluate(xNext, gNext);
      if (nextLoss <= loss + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextLoss <= loss)) break;

    const recycled = history.length === HISTORY ? history.shift() : undefined;
    const s = recycled?.s ?? new Float64Array(size);
    const y = recycled?.y ?? new Float64Array(size);
    for (let j = 0; j < size; j++) {
      s[j] = xNext[j]! - x[j]!;
      y[j] = gNext[j]! - g[j]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      history.push({ s, y, rho: 1 / sy });
    }
    const decrease = loss - nextLoss;
    [x, xNext] = [xNext, x];
    [g, gNext] = [gNext, g];
    loss = nextLoss;
    converged = maxAbs(g) < GRADIENT_TOLERANCE || decrease <= RELATIVE_DECREASE_TOLERANCE * Math.max(1, loss);
  }

  const indices: number[] = [];
  const weights: number[] = [];
  for (const [global, j] of local) {
    if (x[j] === 0) continue;
    indices.push(global);
    weights.push(x[j]!);
  }
  return { indices, weights, bias: x[f]!, iterations, converged, singleClass: null };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j]! * b[j]!;
  return sum;
}

function axpy(a: number, x: Float64Array, into: Float64Array): void {
  for (let j = 0; j < x.length; j++) into[j]! += a * x[j]!;
}

function scale(v: Float64Array, by: number): void {
  for (let j = 0; j < v.length; j++) v[j]! *= by;
}

function maxAbs(v: Float64Array): number {
  let max = 0;
  for (let j = 0; j < v.length; j++) max = Math.max(max, Math.abs(v[j]!));
  return max;
}
