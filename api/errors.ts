import type { Context } from 'hono';
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

/** The one place errors become HTTP responses: `{ error: { code, message, field? } }`. */
export const handleError = (err: Error, c: Context, log: (m: string) => void) => {
  const appError =
    err instanceof AppError ? err : new AppError('internal', 'internal error; see the server log', { cause: err });
  if (appError.code === 'internal')
    log(`unhandled error on ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
  if (appError.retryAfter !== undefined) c.header('Retry-After', String(appError.retryAfter));
  const body: { code: ErrorCode; message: string; field?: string } = { code: appError.code, message: appError.message };
  if (appError.field) body.field = appError.field;
  return c.json({ error: body }, statusOf(appError.code));
};

export { statusOf };
