/**
 * The few ways a request or a step can fail, each with a stable code. `api/errors.ts` maps
 * them to HTTP statuses in one place; `retryable` tells durable steps whether to try again.
 */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_otlp'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'request_timeout'
  | 'unsupported_media_type'
  | 'overloaded'
  | 'upstream_failed'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;
  /** The request field that is wrong, when one is. */
  readonly field: string | undefined;
  readonly retryable: boolean;
  /** Seconds a client should wait before retrying (overloaded). */
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; field?: string; retryable?: boolean; retryAfter?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
    this.retryable = options.retryable ?? (code === 'overloaded' || code === 'upstream_failed');
    this.retryAfter = options.retryAfter;
  }
}

export const isRetryable = (err: unknown) => err instanceof AppError && err.retryable;
