import { EvaluatorConfigError, fieldPath } from './errors.js';
import type { ConfigOf } from './rule-types.js';
import type { EvalItem, Evaluation, EvaluatorConfig } from './types.js';

type CompositeConfig = ConfigOf<'composite'>;
type Op = CompositeConfig['op'];

/** Evaluates one child; for a composite child it is expected to recurse (see evaluateRule). */
export type EvaluateChild = (child: EvaluatorConfig, item: EvalItem) => Evaluation;
export type EvaluateChildAsync = (child: EvaluatorConfig, item: EvalItem) => Evaluation | Promise<Evaluation>;

/** The composite's op and children, checked; children themselves are checked by whoever evaluates them. */
export const checkComposite = (config: CompositeConfig, prefix = ''): { op: Op; children: EvaluatorConfig[] } => {
  if (config.op !== 'all' && config.op !== 'any')
    throw new EvaluatorConfigError(fieldPath(prefix, 'op'), 'must be all or any');
  if (!Array.isArray(config.children) || config.children.length === 0) {
    throw new EvaluatorConfigError(fieldPath(prefix, 'children'), 'must be a non-empty list of evaluators');
  }
  return { op: config.op, children: config.children };
};

/** `children[2]`: where a child sits, for config errors. */
export const childPath = (prefix: string, index: number) => `${fieldPath(prefix, 'children')}[${index}]`;

/** Whether no further child can change the result: a 0 decides all-of, a 1 decides any-of. */
export const isDecided = (op: Op, score: number) => (op === 'all' ? score <= 0 : score >= 1);

/**
 * Combines children's evaluations (in child order; `kinds[i]` names child i, and children after the
 * last evaluation were skipped because the result was already decided). all-of scores the minimum
 * and explains with the children that did not fully pass; any-of scores the maximum and explains
 * with the best child (or every child, when none fully passed). Costs add up.
 */
export const combineEvaluations = (op: Op, kinds: string[], results: Evaluation[]): Evaluation => {
  const label = (i: number) => `child ${i + 1} (${kinds[i]})`;
  const line = (i: number) => {
    const text = results[i]!.explanation ?? `score ${results[i]!.score.toFixed(2)}`;
    return `${label(i)}: ${kinds[i] === 'composite' ? `[${text}]` : text}`;
  };
  const next = results.length + 1;
  const skipped =
    next > kinds.length
      ? ''
      : next === kinds.length
        ? `; child ${next} not run`
        : `; children ${next}–${kinds.length} not run`;
  const scores = results.map((r) => r.score);
  let explanation: string;
  let score: number;
  if (op === 'all') {
    score = Math.min(...scores);
    const failing = results.flatMap((r, i) => (r.score < 1 ? [line(i)] : []));
    explanation = failing.length === 0 ? `all ${kinds.length} children pass` : `not all pass: ${failing.join(' | ')}`;
  } else {
    score = Math.max(...scores);
    const best = scores.indexOf(score);
    explanation =
      score >= 1 ? `passes by ${line(best)}` : `none fully passes: ${results.map((_, i) => line(i)).join(' | ')}`;
  }
  const cost = sumCosts(results);
  return cost === undefined
    ? { score, explanation: explanation + skipped }
    : { score, explanation: explanation + skipped, cost };
};

const sumCosts = (results: Evaluation[]): Evaluation['cost'] => {
  const costs = results.flatMap((r) => (r.cost ? [r.cost] : []));
  if (costs.length === 0) return undefined;
  const usd = costs.every((c) => c.usd !== null) ? costs.reduce((s, c) => s + (c.usd ?? 0), 0) : null;
  return {
    inputTokens: costs.reduce((s, c) => s + c.inputTokens, 0),
    outputTokens: costs.reduce((s, c) => s + c.outputTokens, 0),
    usd,
  };
};

/**
 * `composite` (all-of / any-of). Children run in order and stop once the result is decided (a 0 in
 * all-of, a 1 in any-of), so list cheap rules before judges.
 */
export const evaluateComposite = (config: CompositeConfig, item: EvalItem, evaluate: EvaluateChild): Evaluation => {
  const { op, children } = checkComposite(config);
  const results: Evaluation[] = [];
  for (const child of children) {
    const r = evaluate(child, item);
    results.push(r);
    if (isDecided(op, r.score)) break;
  }
  return combineEvaluations(
    op,
    children.map((c) => c.kind),
    results,
  );
};

/** evaluateComposite for children that may be asynchronous (LLM judges); children still run one at a time. */
export const evaluateCompositeAsync = async (
  config: CompositeConfig,
  item: EvalItem,
  evaluate: EvaluateChildAsync,
): Promise<Evaluation> => {
  const { op, children } = checkComposite(config);
  const results: Evaluation[] = [];
  for (const child of children) {
    const r = await evaluate(child, item);
    results.push(r);
    if (isDecided(op, r.score)) break;
  }
  return combineEvaluations(
    op,
    children.map((c) => c.kind),
    results,
  );
};
