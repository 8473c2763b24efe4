import { ProtobufWriter } from './protobuf-writer.js';

/** How many items of a request were rejected, and why (English, saying how to fix it). */
export interface PartialSuccess {
  rejected: number;
  message: string;
}

/** The three OTLP signals; metrics are answered but not stored. */
export type OtlpSignal = 'traces' | 'logs' | 'metrics';

const REJECTED_KEY = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
} as const;

/**
 * The body of a 200 answer to an export, in the request's encoding: an
 * `ExportTraceServiceResponse` / `ExportLogsServiceResponse` / `ExportMetricsServiceResponse` whose
 * `partial_success` {1 rejected_spans | rejected_log_records | rejected_data_points (int64), 2 error_message} is set only when something was
 * rejected or there is a warning (a partial success of 0 and '' means "not set", so it is omitted).
 * JSON writes the int64 as a string: `{"partialSuccess":{"rejectedSpans":"3","errorMessage":"…"}}`.
 */
export function encodeExportResponse(signal: OtlpSignal, encoding: 'protobuf', partial?: PartialSuccess): Uint8Array;
export function encodeExportResponse(signal: OtlpSignal, encoding: 'json', partial?: PartialSuccess): string;
export function encodeExportResponse(
  signal: OtlpSignal,
  encoding: 'protobuf' | 'json',
  partial?: PartialSuccess,
): Uint8Array | string;
export function encodeExportResponse(
  signal: OtlpSignal,
  encoding: 'protobuf' | 'json',
  partial?: PartialSuccess,
): Uint8Array | string {
  const set = partial !== undefined && (partial.rejected !== 0 || partial.message !== '');
  if (encoding === 'json') {
    if (!set) return '{}';
    return JSON.stringify({
      partialSuccess: { [REJECTED_KEY[signal]]: String(partial.rejected), errorMessage: partial.message },
    });
  }
  if (!set) return new Uint8Array(0);
  const inner = new ProtobufWriter();
  if (partial.rejected !== 0) inner.varint(1, partial.rejected);
  if (partial.message !== '') inner.string(2, partial.message);
  return new ProtobufWriter().bytes(1, inner).finish();
}

/**
 * The body of a 4xx/5xx answer: a `google.rpc.Status` {2 message} in the request's encoding
 * (`code` is unused by OTLP/HTTP and omitted; no `details`). JSON: `{"message":"…"}`.
 */
export function encodeStatus(encoding: 'protobuf', message: string): Uint8Array;
export function encodeStatus(encoding: 'json', message: string): string;
export function encodeStatus(encoding: 'protobuf' | 'json', message: string): Uint8Array | string;
export function encodeStatus(encoding: 'protobuf' | 'json', message: string): Uint8Array | string {
  if (encoding === 'json') return JSON.stringify({ message });
  return message === '' ? new Uint8Array(0) : new ProtobufWriter().string(2, message).finish();
}
