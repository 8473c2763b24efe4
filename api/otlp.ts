import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../core/errors.js';
import { encodeExportResponse, encodeStatus, type OtlpSignal } from '../core/otlp/encode-response.js';
import { statusOf } from './errors.js';
import { createExportHandler, type OtlpEncoding, type OtlpIngestDeps } from './otlp-ingest.js';
import { readBody } from './read-body.js';

export { MEMORY_PER_BODY_BYTE } from './otlp-ingest.js';

export interface OtlpDeps extends OtlpIngestDeps {
  /** A body must arrive within this many milliseconds (else 408). */
  bodyReadTimeoutMs: number;
}

const CONTENT_TYPES: Record<OtlpEncoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** Refusals whose body is not read to its end: the socket is closed after the answer. */
const CLOSE_AFTER = new Set(['request_timeout', 'payload_too_large', 'overloaded']);

const encodingOf = (contentType: string | undefined): OtlpEncoding | null => {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime === 'application/x-protobuf' || mime === 'application/protobuf') return 'protobuf';
  if (mime === 'application/json') return 'json';
  return null;
};

/**
 * The OTLP/HTTP receiver: `POST /v1/traces`, `/v1/logs` and `/v1/metrics`, protobuf or JSON, gzip
 * or not, answering as the OTLP spec says (responses in the request's encoding, partial success
 * for individually bad spans, google.rpc.Status bodies on failure). A 200 is sent only after
 * the data is committed. Metrics are acknowledged with a partial success saying they are not stored.
 * A body that does not arrive within `bodyReadTimeoutMs` is answered 408; a refused (413, 503) or
 * slow (408) body is not read further, and the connection is closed after the answer.
 */
export const createOtlpRoutes = (deps: OtlpDeps) => {
  const app = new Hono();
  const exportTelemetry = createExportHandler(deps);

  const handle = (signal: OtlpSignal) => async (c: import('hono').Context) => {
    const declared = encodingOf(c.req.header('content-type'));
    const encoding = declared ?? 'json';
    const reply = (status: ContentfulStatusCode, body: Uint8Array | string) =>
      c.body(typeof body === 'string' ? body : (body as Uint8Array<ArrayBuffer>), status, {
        'Content-Type': CONTENT_TYPES[encoding],
      });
    const outcome = declared
      ? await exportTelemetry({
          signal,
          encoding,
          authorization: c.req.header('authorization'),
          claimedProject: c.req.header('x-evalloop-project'),
          readBody: (options) => readBody(c.req.raw, { ...options, timeoutMs: deps.bodyReadTimeoutMs }),
        })
      : {
          ok: false as const,
          error: new AppError(
            'unsupported_media_type',
            `Content-Type "${c.req.header('content-type') ?? ''}" is not supported; send application/x-protobuf or application/json`,
          ),
        };
    if (outcome.ok) return reply(200, encodeExportResponse(signal, encoding, outcome.partial));
    const { error } = outcome;
    if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
    if (CLOSE_AFTER.has(error.code)) c.header('Connection', 'close');
    return reply(statusOf(error.code), encodeStatus(encoding, error.message));
  };

  app.post('/v1/traces', handle('traces'));
  app.post('/v1/logs', handle('logs'));
  app.post('/v1/metrics', handle('metrics'));
  return app;
};
