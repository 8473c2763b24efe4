import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { AppError } from '../core/errors.js';

/** Longest `Retry-After` honoured; a server asking for more is waited on this long and asked again. */
const MAX_RETRY_AFTER_MS = 60_000;
/** Longest computed backoff between two attempts. */
const MAX_BACKOFF_MS = 30_000;

/**
 * Milliseconds a response asks us to wait: `retry-after-ms`, else `Retry-After` as seconds or as an
 * HTTP date. Undefined when absent or unparseable.
 */
export const retryAfterMs = (headers: Headers | undefined, now = Date.now()): number | undefined => {
  const millis = headers?.get('retry-after-ms');
  if (millis && Number.isFinite(Number(millis))) return Math.max(0, Number(millis));
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};

const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * An `openai` SDK error as an AppError: timeouts, connection failures, 408, 429 and 5xx are
 * 'upstream_failed' (retryable, with `retryAfter` in seconds from 429/503 responses); any other
 * HTTP status is 'bad_request' (terminal: the same request would fail again). Other errors are
 * returned as they are (bugs, not upstream failures).
 */
export const classifyLlmError = (err: unknown, timeoutMs: number): unknown => {
  if (err instanceof APIConnectionTimeoutError) {
    return new AppError('upstream_failed', `LLM request timed out after ${timeoutMs} ms`, { cause: err });
  }
  if (err instanceof APIConnectionError) {
    return new AppError('upstream_failed', `LLM connection failed: ${err.message}`, { cause: err });
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    const message = `LLM request failed with HTTP ${err.status}: ${err.message}`;
    if (!isRetryableStatus(err.status)) return new AppError('bad_request', message, { cause: err });
    const wait = err.status === 429 || err.status === 503 ? retryAfterMs(err.headers) : undefined;
    return new AppError('upstream_failed', message, {
      cause: err,
      retryAfter: wait === undefined ? undefined : wait / 1000,
    });
  }
  return err;
};

/**
 * How long to wait before retry number `retry` (1-based): the server's `Retry-After` when it gave one
 * (plus up to 10% so a burst of waiters does not return at the same instant), else exponential backoff
 * from `baseDelayMs` with equal jitter (half fixed, half random).
 */
export const retryDelayMs = (
  error: AppError,
  retry: number,
  baseDelayMs: number,
  random: () => number = Math.random,
): number => {
  if (error.retryAfter !== undefined) {
    const wait = Math.min(error.retryAfter * 1000, MAX_RETRY_AFTER_MS);
    return wait + wait * 0.1 * random();
  }
  const backoff = Math.min(baseDelayMs * 2 ** (retry - 1), MAX_BACKOFF_MS);
  return backoff / 2 + (backoff / 2) * random();
};
