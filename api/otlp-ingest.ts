import { AppError } from '../core/errors.js';
import { toPostgresJson } from '../core/ingest/postgres-json.js';
import { logRow, spanRow } from '../core/ingest/rows.js';
import { isTransientDbError } from '../core/ingest/transient-error.js';
import { logRejection, spanRejection, summarizeRejections } from '../core/ingest/validate.js';
import { normalizeSpan } from '../core/normalize/normalize-span.js';
import { countDataPointsJson, countDataPointsProtobuf } from '../core/otlp/count-data-points.js';
import { decodeLogsJson, decodeTracesJson } from '../core/otlp/decode-json.js';
import { decodeLogsProtobuf, decodeTracesProtobuf } from '../core/otlp/decode-protobuf.js';
import type { OtlpSignal, PartialSuccess } from '../core/otlp/encode-response.js';
import { OtlpDecodeError } from '../core/otlp/errors.js';
import type { ProjectSettings } from '../core/project-settings.js';
import type { IngestWriter } from '../db/ingest-writer.js';
import { authenticate, type KeyLookup } from './auth.js';
import type { InflightBudget } from './read-body.js';

/** What an OTLP receiver needs, whatever the transport (HTTP in api/otlp.ts, gRPC in api/otlp-grpc.ts). */
export interface OtlpIngestDeps {
  lookupKey: KeyLookup;
  settingsOf: (projectId: string) => Promise<ProjectSettings>;
  writer: IngestWriter;
  /** Largest accepted body or message, after decompression (OTLP_MAX_BODY_BYTES); see {@link bodyLimitOf}. */
  maxBodyBytes: number;
  /**
   * Memory held across all in-flight exports of both transports (one budget per process), charged
   * {@link MEMORY_PER_BODY_BYTE} per decompressed byte.
   */
  ingestBudget: InflightBudget;
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

/**
 * The largest body one export may have, after decompression: OTLP_MAX_BODY_BYTES, and never more
 * than the whole budget once decoded (budget ÷ {@link MEMORY_PER_BODY_BYTE}). Above it: 413 on
 * HTTP, RESOURCE_EXHAUSTED without RetryInfo on gRPC.
 */
export const bodyLimitOf = (deps: Pick<OtlpIngestDeps, 'maxBodyBytes' | 'ingestBudget'>) =>
  Math.min(deps.maxBodyBytes, Math.floor(deps.ingestBudget.capacity / MEMORY_PER_BODY_BYTE));

/** How a transport reads a body: at most `limit` bytes, reserving `costPerByte` budget bytes for each. */
export interface BodyReadOptions {
  limit: number;
  budget: InflightBudget;
  costPerByte: number;
}

export type OtlpEncoding = 'protobuf' | 'json';

/** One export request, transport-neutral. */
export interface ExportRequest {
  signal: OtlpSignal;
  encoding: OtlpEncoding;
  /** The `Authorization` header (HTTP) or `authorization` metadata (gRPC). */
  authorization: string | undefined;
  /** The project the sender claims (`X-Evalloop-Project`), checked against the key's. */
  claimedProject: string | undefined;
  /**
   * Reads the (decompressed) body within `limit`, reserving `costPerByte` budget bytes per byte it
   * holds; `reserved` is what the handler releases once the export is answered.
   */
  readBody: (options: BodyReadOptions) => Promise<{ body: Uint8Array; reserved: number }>;
}

/**
 * Accepted (possibly partially), or failed. `storeFailed`: the server could not store it (database
 * down, a transient error), as opposed to refusing it (bad key, bad body, load shedding by the ingest budget).
 */
export type ExportOutcome =
  | { ok: true; partial: PartialSuccess | undefined }
  | { ok: false; error: AppError; storeFailed: boolean };

export const METRICS_NOT_STORED =
  'evalloop stores traces and logs only: these metric data points were received but not stored. Nothing is wrong; stop exporting metrics to this endpoint (e.g. OTEL_METRICS_EXPORTER=none) to silence this warning';

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
  signal: 'traces' | 'logs',
  encoding: OtlpEncoding,
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

const countDataPoints = (encoding: OtlpEncoding, body: Uint8Array) =>
  encoding === 'protobuf' ? countDataPointsProtobuf(body) : countDataPointsJson(decodeText(body));

/**
 * The one path from an export to an acknowledgement, shared by both transports: authenticate (ingest
 * role), read the body within the per-request limit ({@link bodyLimitOf}) and the shared budget
 * (charged {@link MEMORY_PER_BODY_BYTE} per byte), decode, validate, normalize, write, and report
 * partial success (items refused by validation, normalization or the database). Metrics are decoded
 * only to count their data points, which are reported as rejected with {@link METRICS_NOT_STORED}
 * (exporters must not retry a partial success). A caller acknowledges only an `ok` outcome, which
 * comes after the rows are committed.
 */
export const createExportHandler = (deps: OtlpIngestDeps) => {
  const limit = bodyLimitOf(deps);
  return async (request: ExportRequest): Promise<ExportOutcome> => {
    const { signal, encoding } = request;
    let held = 0;
    try {
      const caller = await authenticate(deps.lookupKey, request.authorization, 'ingest');
      if (request.claimedProject && request.claimedProject !== caller.projectId) {
        throw new AppError(
          'forbidden',
          `this key belongs to project "${caller.projectId}", not "${request.claimedProject}"`,
        );
      }
      const read = await request.readBody({ limit, budget: deps.ingestBudget, costPerByte: MEMORY_PER_BODY_BYTE });
      held = read.reserved;
      if (signal === 'metrics') {
        return { ok: true, partial: { rejected: countDataPoints(encoding, read.body), message: METRICS_NOT_STORED } };
      }
      const settings = await deps.settingsOf(caller.projectId);
      const { rows, rejected } = prepare(signal, encoding, read.body, caller.projectId, settings);
      const written = signal === 'traces' ? await deps.writer.writeSpans(rows) : await deps.writer.writeLogs(rows);
      rejected.push(...written.rejected);
      const noun = signal === 'traces' ? 'spans' : 'log records';
      return {
        ok: true,
        partial: rejected.length
          ? { rejected: rejected.length, message: summarizeRejections(rejected, noun) }
          : undefined,
      };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err, storeFailed: false };
      if (err instanceof OtlpDecodeError) {
        const error = new AppError('invalid_otlp', `could not decode the ${encoding} body: ${err.message}`, {
          cause: err,
        });
        return { ok: false, error, storeFailed: false };
      }
      deps.log(`otlp ${signal}: ${(err as Error)?.stack ?? String(err)}`);
      if (isTransientDbError(err)) {
        const error = new AppError('overloaded', 'the telemetry could not be stored right now; retry later', {
          cause: err,
          retryAfter: 2,
        });
        return { ok: false, error, storeFailed: true };
      }
      const error = new AppError('internal', 'the telemetry could not be stored; see the server log', { cause: err });
      return { ok: false, error, storeFailed: false };
    } finally {
      deps.ingestBudget.release(held);
    }
  };
};
