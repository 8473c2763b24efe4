import { createHash } from 'node:crypto';
import type { EvalItem, Evaluation } from '../evaluators/types.js';
import { JUDGE_PROMPT_VERSION, type JudgeConfig } from './prompt.js';

/**
 * Where judge evaluations are kept so a repeated run (same evaluator, same item content, same sample)
 * makes no request. Keys come from `judgeCacheKey`; only successful evaluations are stored.
 * The runner ships an in-memory one (`createMemoryJudgeCache`); a DB-backed one implements the same.
 */
export interface JudgeCache {
  get(key: string): Promise<Evaluation | undefined>;
  set(key: string, value: Evaluation): Promise<void>;
}

/** JSON with object keys sorted, so equal values hash equally whatever order their keys came in. */
const stableJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A hash of everything in a judge config that changes its answers (rubric, model, provider, few-shot). */
export const judgeConfigHash = (config: JudgeConfig) =>
  sha256(
    stableJson({
      rubric: config.rubric,
      model: config.model,
      provider: config.provider,
      fewShot: config.fewShot,
    }),
  );

/** A hash of the item content a judge sees (not its trace id: equal content gets the cached verdict). */
export const evalItemHash = (item: EvalItem) =>
  sha256(
    stableJson({
      input: item.input,
      output: item.output,
      systemInstructions: item.systemInstructions,
      messages: item.messages,
      toolCalls: item.toolCalls,
      retrievedDocuments: item.retrievedDocuments,
    }),
  );

/**
 * The cache key of one judge evaluation: the evaluator (its version id when known, else the config
 * hash), the prompt template version, the item content hash and the sample index.
 */
export const judgeCacheKey = (evaluator: string, item: EvalItem, sample: number) =>
  `judge:${JUDGE_PROMPT_VERSION}:${evaluator}:${evalItemHash(item)}:${sample}`;

/** An in-memory `JudgeCache` (per process; for tests, benches and single runs). */
export const createMemoryJudgeCache = (): JudgeCache & { size: () => number } => {
  const entries = new Map<string, Evaluation>();
  return {
    get: async (key) => entries.get(key),
    set: async (key, value) => {
      entries.set(key, value);
    },
    size: () => entries.size,
  };
};
