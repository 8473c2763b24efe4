import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { AppError } from '../core/errors.js';
import type { EvalItem, Evaluation } from '../core/evaluators/types.js';
import { type JudgeCache, judgeCacheKey, judgeConfigHash } from '../core/judge/cache.js';
import { costInUsd, type JudgePricing } from '../core/judge/cost.js';
import { isJudgeFailure, type JudgeEvaluation, type JudgeFailure, type JudgeOutcome } from '../core/judge/outcome.js';
import {
  buildJudgeMessages,
  defaultJudgePromptBudget,
  type JudgeConfig,
  type JudgePromptBudget,
} from '../core/judge/prompt.js';
import { parseJudgeReply } from '../core/judge/reply.js';
import { JUDGE_VERDICT_NAME, judgeVerdictSchema } from '../core/judge/schema.js';
import { createLimit } from './judge-limit.js';
import { classifyLlmError, retryDelayMs } from './judge-retry.js';

/** What a judge runner is built from; one per process (the concurrency bound is shared by all its calls). */
export interface JudgeRunnerDeps {
  /** The OpenAI-compatible client of the judge's provider. Its own retries are turned off per call. */
  client: OpenAI;
  /** Requests in flight at once, across all `judge` and `judgeMany` calls. Default 16. */
  concurrency?: number;
  /** Retries after the first attempt on retryable failures (429, 5xx, timeouts, connection errors). Default 4. */
  maxRetries?: number;
  /** First backoff; doubles per retry, with jitter. Default 500 ms. */
  baseDelayMs?: number;
  /** Per-request timeout (a timeout is retried). Default 60 s. */
  timeoutMs?: number;
  /** Cap on the judge's reply (`max_completion_tokens`), so a looping reply cannot run up cost. Default 2,048. */
  maxOutputTokens?: number;
  /** Where evaluations are kept across runs; none by default. */
  cache?: JudgeCache;
  /** USD per 1M tokens by model; an unpriced model gets `usd: null`. */
  pricing?: JudgePricing;
  /** How much of an item goes into the prompt. */
  budget?: JudgePromptBudget;
}

export interface JudgeOptions {
  /**
   * Repeat index for k runs per item (calibration flip rate). Sent as `seed`, so samples are distinct
   * requests even at temperature 0, and part of the cache key. Default 0.
   */
  sample?: number;
  /** The evaluator version id, used in the cache key instead of the config hash when given. */
  evaluatorVersionId?: string;
}

export interface JudgeManyOptions {
  /** Runs per item (sample indexes 0..samples-1). Default 1. */
  samples?: number;
  evaluatorVersionId?: string;
}

/** The outcomes of a batch, per item and sample, with failures counted and the cost of new calls summed. */
export interface JudgeManyResult {
  items: { traceId: string; outcomes: JudgeOutcome[] }[];
  failures: Record<JudgeFailure['kind'], number>;
  /** Tokens and USD of the requests made (cached evaluations excluded); usd null when a call was unpriced. */
  cost: { inputTokens: number; outputTokens: number; usd: number | null };
}

const judgeResponseFormat = zodResponseFormat(judgeVerdictSchema, JUDGE_VERDICT_NAME);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The LLM-as-judge evaluator: asks the pinned model, at temperature 0 with structured outputs, whether
 * one item shows the rubric's failure mode. Retries what is worth retrying (with backoff, honouring
 * Retry-After), bounds concurrency, records tokens and cost, and caches by evaluator, item and sample.
 * A reply that is not a valid verdict, a refusal, or a request that failed for good is returned as a
 * `JudgeFailure` (the item gets no score), never thrown; only bugs and cache errors throw.
 */
export const createJudgeRunner = (deps: JudgeRunnerDeps) => {
  const {
    client,
    concurrency = 16,
    maxRetries = 4,
    baseDelayMs = 500,
    timeoutMs = 60_000,
    maxOutputTokens = 2_048,
    cache,
    pricing = {},
    budget = defaultJudgePromptBudget,
  } = deps;
  const limit = createLimit(concurrency);

  /** One request with our retries; resolves to the completion or to the final classified error. */
  const request = async (
    body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
  ): Promise<{ completion: ChatCompletion; attempts: number } | { error: AppError; attempts: number }> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const completion = await limit.run(() =>
          client.chat.completions.create(body, { maxRetries: 0, timeout: timeoutMs }),
        );
        return { completion, attempts: attempt };
      } catch (err) {
        const error = classifyLlmError(err, timeoutMs);
        if (!(error instanceof AppError)) throw err;
        if (!error.retryable || attempt > maxRetries) return { error, attempts: attempt };
        await sleep(retryDelayMs(error, attempt, baseDelayMs));
      }
    }
  };

  const judge = async (config: JudgeConfig, item: EvalItem, options: JudgeOptions = {}): Promise<JudgeOutcome> => {
    const sample = options.sample ?? 0;
    const key = judgeCacheKey(options.evaluatorVersionId ?? judgeConfigHash(config), item, sample);
    const hit = await cache?.get(key);
    if (hit) return { ...hit, cached: true };

    const result = await request({
      model: config.model,
      messages: buildJudgeMessages(config, item, budget),
      temperature: 0,
      seed: sample,
      max_completion_tokens: maxOutputTokens,
      response_format: judgeResponseFormat,
    });
    if ('error' in result) {
      const { error, attempts } = result;
      return { kind: 'http', message: error.message, retryable: error.retryable, attempts, error };
    }

    const { completion, attempts } = result;
    const choice = completion.choices[0];
    const reply = parseJudgeReply({
      content: choice?.message.content ?? null,
      refusal: choice?.message.refusal ?? null,
      finishReason: choice?.finish_reason ?? null,
    });
    if (!reply.ok) return { kind: reply.kind, message: reply.message, retryable: false, attempts };

    const tokens = {
      inputTokens: completion.usage?.prompt_tokens ?? 0,
      outputTokens: completion.usage?.completion_tokens ?? 0,
    };
    const evaluation: Evaluation = {
      score: reply.verdict.score,
      explanation: reply.verdict.justification,
      cost: { ...tokens, usd: costInUsd(pricing, config.model, tokens) },
    };
    await cache?.set(key, evaluation);
    return { ...evaluation, cached: false } satisfies JudgeEvaluation;
  };

  const judgeMany = async (
    config: JudgeConfig,
    items: readonly EvalItem[],
    options: JudgeManyOptions = {},
  ): Promise<JudgeManyResult> => {
    const samples = options.samples ?? 1;
    if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be ≥ 1, got ${samples}`);
    // Workers pull (item, sample) pairs so prompts are built as requests go out, not all up front;
    // twice the concurrency keeps the limit busy while some calls wait out a backoff.
    const outcomes: JudgeOutcome[][] = items.map(() => new Array<JudgeOutcome>(samples));
    const total = items.length * samples;
    let next = 0;
    const worker = async () => {
      for (let task = next++; task < total; task = next++) {
        const index = Math.floor(task / samples);
        const sample = task % samples;
        outcomes[index]![sample] = await judge(config, items[index]!, {
          sample,
          evaluatorVersionId: options.evaluatorVersionId,
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(total, concurrency * 2) }, worker));
    const failures: JudgeManyResult['failures'] = { malformed: 0, refusal: 0, http: 0 };
    const cost: JudgeManyResult['cost'] = { inputTokens: 0, outputTokens: 0, usd: 0 };
    for (const outcome of outcomes.flat()) {
      if (isJudgeFailure(outcome)) {
        failures[outcome.kind] += 1;
        continue;
      }
      if (outcome.cached || !outcome.cost) continue;
      cost.inputTokens += outcome.cost.inputTokens;
      cost.outputTokens += outcome.cost.outputTokens;
      cost.usd = cost.usd === null || outcome.cost.usd === null ? null : cost.usd + outcome.cost.usd;
    }
    return { items: items.map((item, i) => ({ traceId: item.traceId, outcomes: outcomes[i]! })), failures, cost };
  };

  return { judge, judgeMany };
};

export type JudgeRunner = ReturnType<typeof createJudgeRunner>;
