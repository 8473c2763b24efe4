import { scoreWithClassifier } from '../core/classifier/train.js';
import { AppError } from '../core/errors.js';
import { evaluateCompositeAsync } from '../core/evaluators/composite.js';
import { compileRule, isRuleConfig } from '../core/evaluators/rules.js';
import type { EvalItem, Evaluation, EvaluatorConfig } from '../core/evaluators/types.js';
import { isJudgeFailure } from '../core/judge/outcome.js';
import { createDbJudgeCache } from '../db/judge-cache.js';
import { createJudgeRunner, type JudgeRunner } from './judge-runner.js';

/** Runs any evaluator kind on one item. */
export type Evaluate = (config: EvaluatorConfig, item: EvalItem, sample?: number) => Promise<Evaluation>;

/**
 * One way to evaluate every kind: rules and classifiers in process, judges through the judge
 * runner (retries, concurrency, cache), composites recursively (a composite may hold a judge).
 * A judge failure is an error here; callers that tolerate failures catch it per item.
 */
export const createEvaluate = (judge: JudgeRunner | null, evaluatorVersionId?: string): Evaluate => {
  const compiled = new WeakMap<EvaluatorConfig, ReturnType<typeof compileRule>>();
  const evaluate: Evaluate = async (config, item, sample = 0) => {
    if (config.kind === 'judge') {
      if (!judge)
        throw new AppError('bad_request', 'this evaluator is an LLM judge, but no LLM is configured (LLM_BASE_URL)');
      const outcome = await judge.judge(config, item, { sample, evaluatorVersionId });
      if (isJudgeFailure(outcome)) {
        throw new AppError(outcome.retryable ? 'upstream_failed' : 'bad_request', `judge: ${outcome.message}`, {
          retryable: outcome.retryable,
        });
      }
      return outcome;
    }
    if (config.kind === 'classifier') return scoreWithClassifier(config.model, item);
    if (config.kind === 'composite' && !isRuleConfig(config)) {
      return evaluateCompositeAsync(config, item, (child, it) => evaluate(child, it, sample));
    }
    let rule = compiled.get(config);
    if (!rule) {
      rule = compileRule(config);
      compiled.set(config, rule);
    }
    return rule(item);
  };
  return evaluate;
};

/**
 * The evaluator runtime of one activity: `evaluate` for every kind, judges through a runner with
 * the DB-backed cache when an LLM is configured.
 */
export const evaluatorRuntime = (deps: {
  llm: import('openai').default | null;
  pool: import('pg').Pool;
}): { evaluate: Evaluate; hasLlm: boolean } => ({
  evaluate: createEvaluate(
    deps.llm ? createJudgeRunner({ client: deps.llm, cache: createDbJudgeCache(deps.pool) }) : null,
  ),
  hasLlm: deps.llm !== null,
});
