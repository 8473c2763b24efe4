import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../core/errors.js';
import { encodeExportResponse, encodeStatus, type OtlpSignal } from '../core/otlp/encode-response.js';
import { statusOf } from './errors.js';
import { createExportHandler, type OtlpEncoding, type OtlpIngestDeps } from './otlp-ingest.js';
import { readBody } from './read-body.js';

export interface OtlpDeps extends OtlpIngestDeps {
  maxBodyBytes: number;
}

const CONTENT_TYPES: Record<OtlpEncoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

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
          readBody: (budget) => readBody(c.req.raw, { limit: deps.maxBodyBytes, budget }),
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
    return reply(statusOf(error.code), encodeStatus(encoding, error.message));
  };

  app.post('/v1/traces', handle('traces'));
  app.post('/v1/logs', handle('logs'));
  app.post('/v1/metrics', handle('metrics'));
  return app;
};
