import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type ErrorCode } from '../core/errors.js';

const statusOf = (code: ErrorCode): ContentfulStatusCode => {
  switch (code) {
    case 'bad_request':
    case 'invalid_otlp':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'request_timeout':
      return 408;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'overloaded':
      return 503;
    case 'upstream_failed':
      return 502;
    case 'internal':
      return 500;
  }
};

/**
 * Postgres refusing a character of the input (22021 character_not_in_repertoire, e.g. a NUL;
 * 22P05 untranslatable_character): the request's fault, whatever route let it through.
 */
const INVALID_TEXT_CODES = new Set(['22021', '22P05']);

/** Hono's own 4xx (e.g. the validator's "Malformed JSON in request body") keep their meaning. */
const fromHono = (err: Error): AppError | null => {
  if (!(err instanceof HTTPException) || err.status >= 500) return null;
  const code: ErrorCode =
    err.status === 401 ? 'unauthorized' : err.status === 413 ? 'payload_too_large' : 'bad_request';
  return new AppError(code, err.message || 'invalid request', { cause: err });
};

const fromDatabase = (err: Error): AppError | null => {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !INVALID_TEXT_CODES.has(code)) return null;
  return new AppError(
    'bad_request',
    'the request holds a character that text cannot store (such as NUL, U+0000); remove it',
    { cause: err },
  );
};

/** The one place errors become HTTP responses: `{ error: { code, message, field? } }`. Never a stack. */
export const handleError = (err: Error, c: Context, log: (m: string) => void) => {
  const appError =
    err instanceof AppError
      ? err
      : (fromHono(err) ??
        fromDatabase(err) ??
        new AppError('internal', 'internal error; see the server log', { cause: err }));
  if (appError.code === 'internal')
    log(`unhandled error on ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
  if (appError.retryAfter !== undefined) c.header('Retry-After', String(appError.retryAfter));
  const body: { code: ErrorCode; message: string; field?: string } = { code: appError.code, message: appError.message };
  if (appError.field) body.field = appError.field;
  return c.json({ error: body }, statusOf(appError.code));
};

export { statusOf };
