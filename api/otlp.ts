import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../core/errors.js';
import { toPostgresJson } from '../core/ingest/postgres-json.js';
import { logRow, spanRow } from '../core/ingest/rows.js';
import { isTransientDbError } from '../core/ingest/transient-error.js';
import { logRejection, spanRejection, summarizeRejections } from '../core/ingest/validate.js';
import { normalizeSpan } from '../core/normalize/normalize-span.js';
import { decodeLogsJson, decodeTracesJson } from '../core/otlp/decode-json.js';
import { decodeLogsProtobuf, decodeTracesProtobuf } from '../core/otlp/decode-protobuf.js';
import { encodeExportResponse, encodeStatus } from '../core/otlp/encode-response.js';
import { OtlpDecodeError } from '../core/otlp/errors.js';
import type { ProjectSettings } from '../core/project-settings.js';
import type { IngestWriter } from '../db/ingest-writer.js';
import { authenticate, type KeyLookup } from './auth.js';
import { statusOf } from './errors.js';
import { createInflightBudget, readBody } from './read-body.js';

export interface OtlpDeps {
  lookupKey: KeyLookup;
  settingsOf: (projectId: string) => Promise<ProjectSettings>;
  writer: IngestWriter;
  maxBodyBytes: number;
  maxInflightBytes: number;
  /** A body must arrive within this many milliseconds (else 408). */
  bodyReadTimeoutMs: number;
  log: (m: string) => void;
}

/**
 * Bytes of memory one decompressed body byte costs until its response: the body, its decoded
 * spans, the row JSON and the writer's statement text, plus the garbage they leave until the
 * collector runs. Measured by `npm run bench:soak -- --measure-amplification` (peak RSS growth
 * over the body size for one 15 MB protobuf export of agent traffic: 7.9); the inflight budget
 * is charged this much per byte.
 */
export const MEMORY_PER_BODY_BYTE = 8;

type Encoding = 'protobuf' | 'json';
type Signal = 'traces' | 'logs';

const CONTENT_TYPES: Record<Encoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

const encodingOf = (contentType: string | undefined): Encoding | null => {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime === 'application/x-protobuf' || mime === 'application/protobuf') return 'protobuf';
  if (mime === 'application/json') return 'json';
  return null;
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

const decodeText = (body: Uint8Array) => {
  try {
    return utf8.decode(body);
  } catch (err) {
    throw new OtlpDecodeError('the JSON body is not valid UTF-8', { cause: err });
  }
};

/**
 * Turns decoded items into rows one by one, dropping each decoded item once its row is made
 * (so the decoded form and the rows are not both held whole). An item that fails validation,
 * or that normalization cannot handle, is rejected with its reason; the others go on.
 */
const toRows = <T>(items: (T | undefined)[], rejection: (item: T) => string | null, row: (item: T) => string) => {
  const rows: string[] = [];
  const rejected: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    items[i] = undefined;
    const reason = rejection(item);
    if (reason) {
      rejected.push(reason);
      continue;
    }
    try {
      rows.push(row(item));
    } catch (err) {
      rejected.push(`could not be normalized: ${(err as Error).message}`);
    }
  }
  return { rows, rejected };
};

/** Decodes, validates and normalizes one export into rows; returns rejection reasons for bad items. */
const prepare = (
  signal: Signal,
  encoding: Encoding,
  body: Uint8Array,
  projectId: string,
  settings: ProjectSettings,
) => {
  if (signal === 'traces') {
    const { spans } =
      encoding === 'protobuf' ? decodeTracesProtobuf(body) : decodeTracesJson(body.length ? decodeText(body) : '{}');
    return toRows(spans, spanRejection, (span) =>
      toPostgresJson(spanRow(projectId, span, normalizeSpan(span, [], settings.tagMapping))),
    );
  }
  const { records } =
    encoding === 'protobuf' ? decodeLogsProtobuf(body) : decodeLogsJson(body.length ? decodeText(body) : '{}');
  return toRows(records, logRejection, (record) => toPostgresJson(logRow(projectId, record)));
};

/**
 * The OTLP/HTTP receiver: `POST /v1/traces` and `POST /v1/logs`, protobuf or JSON, gzip or
 * not, answering as the OTLP spec says (responses in the request's encoding, partial success
 * for individually bad spans, google.rpc.Status bodies on failure). A 200 is sent only after
 * the data is committed.
 */
export const createOtlpRoutes = (deps: OtlpDeps) => {
  const budget = createInflightBudget(deps.maxInflightBytes);
  // Even a lone request may not hold more than the whole budget once decoded.
  const bodyLimit = Math.min(deps.maxBodyBytes, Math.floor(deps.maxInflightBytes / MEMORY_PER_BODY_BYTE));
  const app = new Hono();

  const handle = (signal: Signal) => async (c: import('hono').Context) => {
    const encoding = encodingOf(c.req.header('content-type')) ?? 'json';
    const reply = (status: ContentfulStatusCode, body: Uint8Array | string) =>
      c.body(typeof body === 'string' ? body : (body as Uint8Array<ArrayBuffer>), status, {
        'Content-Type': CONTENT_TYPES[encoding],
      });
    let held = 0;
    try {
      if (!encodingOf(c.req.header('content-type'))) {
        throw new AppError(
          'unsupported_media_type',
          `Content-Type "${c.req.header('content-type') ?? ''}" is not supported; send application/x-protobuf or application/json`,
        );
      }
      const caller = await authenticate(deps.lookupKey, c.req.header('authorization'), 'ingest');
      const claimed = c.req.header('x-evalloop-project');
      if (claimed && claimed !== caller.projectId) {
        throw new AppError('forbidden', `this key belongs to project "${caller.projectId}", not "${claimed}"`);
      }
      const read = await readBody(c.req.raw, {
        limit: bodyLimit,
        budget,
        costPerByte: MEMORY_PER_BODY_BYTE,
        timeoutMs: deps.bodyReadTimeoutMs,
      });
      held = read.reserved;
      const settings = await deps.settingsOf(caller.projectId);
      const { rows, rejected } = prepare(signal, encoding, read.body, caller.projectId, settings);
      const written = signal === 'traces' ? await deps.writer.writeSpans(rows) : await deps.writer.writeLogs(rows);
      rejected.push(...written.rejected);
      const noun = signal === 'traces' ? 'spans' : 'log records';
      const partial = rejected.length
        ? { rejected: rejected.length, message: summarizeRejections(rejected, noun) }
        : undefined;
      return reply(200, encodeExportResponse(signal, encoding, partial));
    } catch (err) {
      const appError =
        err instanceof AppError
          ? err
          : err instanceof OtlpDecodeError
            ? new AppError('invalid_otlp', `could not decode the ${encoding} body: ${err.message}`, { cause: err })
            : isTransientDbError(err)
              ? new AppError('overloaded', 'the telemetry could not be stored right now; retry later', {
                  cause: err,
                  retryAfter: 2,
                })
              : new AppError('internal', 'the telemetry could not be stored; see the server log', { cause: err });
      if (!(err instanceof AppError) && !(err instanceof OtlpDecodeError))
        deps.log(`otlp ${signal}: ${(err as Error)?.stack ?? String(err)}`);
      if (appError.retryAfter !== undefined) c.header('Retry-After', String(appError.retryAfter));
      // A refused or slow body is not read to its end: the socket is closed after the answer.
      if (['request_timeout', 'payload_too_large', 'overloaded'].includes(appError.code))
        c.header('Connection', 'close');
      return reply(statusOf(appError.code), encodeStatus(encoding, appError.message));
    } finally {
      budget.release(held);
    }
  };

  app.post('/v1/traces', handle('traces'));
  app.post('/v1/logs', handle('logs'));
  return app;
};
