import { AppError } from '../core/errors.js';
import { toPostgresJson } from '../core/ingest/postgres-json.js';
import { logRow, spanRow } from '../core/ingest/rows.js';
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
  /** Decompressed bytes held across all in-flight exports of both transports (one budget per process). */
  ingestBudget: InflightBudget;
  log: (m: string) => void;
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
  /** Reads the (decompressed) body, reserving every byte it holds in `budget`. */
  readBody: (budget: InflightBudget) => Promise<{ body: Uint8Array; bytes: number }>;
}

/**
 * Accepted (possibly partially), or failed. `storeFailed`: the server could not store it (database
 * down), as opposed to refusing it (bad key, bad body, load shedding by the ingest budget).
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

/** Decodes, validates and normalizes one export into rows; returns rejection reasons for bad items. */
const prepare = (
  signal: 'traces' | 'logs',
  encoding: OtlpEncoding,
  body: Uint8Array,
  projectId: string,
  settings: ProjectSettings,
) => {
  const rows: string[] = [];
  const rejected: string[] = [];
  if (signal === 'traces') {
    const { spans } =
      encoding === 'protobuf' ? decodeTracesProtobuf(body) : decodeTracesJson(body.length ? decodeText(body) : '{}');
    for (const span of spans) {
      const reason = spanRejection(span);
      if (reason) rejected.push(reason);
      else rows.push(toPostgresJson(spanRow(projectId, span, normalizeSpan(span, [], settings.tagMapping))));
    }
  } else {
    const { records } =
      encoding === 'protobuf' ? decodeLogsProtobuf(body) : decodeLogsJson(body.length ? decodeText(body) : '{}');
    for (const record of records) {
      const reason = logRejection(record);
      if (reason) rejected.push(reason);
      else rows.push(toPostgresJson(logRow(projectId, record)));
    }
  }
  return { rows, rejected };
};

const countDataPoints = (encoding: OtlpEncoding, body: Uint8Array) =>
  encoding === 'protobuf' ? countDataPointsProtobuf(body) : countDataPointsJson(decodeText(body));

/**
 * The one path from an export to an acknowledgement, shared by both transports: authenticate (ingest
 * role), read the body within the size limit and the shared budget, decode, validate, normalize,
 * write, and report partial success. Metrics are decoded only to count their data points, which are
 * reported as rejected with {@link METRICS_NOT_STORED} (exporters must not retry a partial success).
 * A caller acknowledges only an `ok` outcome, which comes after the rows are committed.
 */
export const createExportHandler =
  (deps: OtlpIngestDeps) =>
  async (request: ExportRequest): Promise<ExportOutcome> => {
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
      const { body, bytes } = await request.readBody(deps.ingestBudget);
      held = bytes;
      if (signal === 'metrics') {
        return { ok: true, partial: { rejected: countDataPoints(encoding, body), message: METRICS_NOT_STORED } };
      }
      const settings = await deps.settingsOf(caller.projectId);
      const { rows, rejected } = prepare(signal, encoding, body, caller.projectId, settings);
      if (signal === 'traces') await deps.writer.writeSpans(rows);
      else await deps.writer.writeLogs(rows);
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
      deps.log(`otlp ${signal}: ${String(err)}`);
      const error = new AppError('overloaded', 'the telemetry could not be stored right now; retry later', {
        cause: err,
        retryAfter: 2,
      });
      return { ok: false, error, storeFailed: true };
    } finally {
      deps.ingestBudget.release(held);
    }
  };
