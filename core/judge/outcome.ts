import type { AppError } from '../errors.js';
import type { Evaluation } from '../evaluators/types.js';

/**
 * Why a judge call produced no score. `malformed`: the reply was not valid JSON or did not match the
 * verdict schema; `refusal`: the model refused (the message holds its refusal text); `http`: the
 * request failed (after retries when `retryable`). Malformed and refusal replies are terminal: a retry
 * at temperature 0 would ask the same question again.
 */
export interface JudgeFailure {
  kind: 'malformed' | 'refusal' | 'http';
  message: string;
  retryable: boolean;
  /** Requests made, retries included. */
  attempts: number;
  /** The classified error for `http` failures ('upstream_failed' retryable, 'bad_request' terminal). */
  error?: AppError;
}

/** A judge evaluation: the score and justification, tokens and cost, and whether it came from the cache. */
export interface JudgeEvaluation extends Evaluation {
  cached: boolean;
}

export type JudgeOutcome = JudgeEvaluation | JudgeFailure;

export const isJudgeFailure = (outcome: JudgeOutcome): outcome is JudgeFailure => 'kind' in outcome;
