import type { ErrorCode } from '../errors.js';
import { ProtobufWriter } from './protobuf-writer.js';

/** The gRPC status codes OTLP/gRPC answers with (grpc/status codes.proto). */
export const GrpcCode = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** A failed export as gRPC sends it: status code, message, and the `grpc-status-details-bin` trailer. */
export interface GrpcFailure {
  code: number;
  details: string;
  /** A serialized google.rpc.Status carrying a google.rpc.RetryInfo, when the client should retry. */
  statusDetails?: Uint8Array;
}

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * A google.rpc.Status {1 code, 2 message, 3 details: [Any {1 type_url, 2 value: RetryInfo {1 retry_delay:
 * Duration {1 seconds}}}]}, as OTLP/gRPC servers put in `grpc-status-details-bin` to say when to retry.
 */
export const encodeRetryStatus = (code: number, message: string, retryAfterSeconds: number): Uint8Array => {
  const delay = new ProtobufWriter().varint(1, Math.max(0, Math.round(retryAfterSeconds)));
  const retryInfo = new ProtobufWriter().bytes(1, delay);
  const any = new ProtobufWriter().string(1, RETRY_INFO_TYPE).bytes(2, retryInfo);
  return new ProtobufWriter().varint(1, code).string(2, message).bytes(3, any).finish();
};

const codeOf = (code: ErrorCode, storeFailed: boolean): number => {
  switch (code) {
    case 'bad_request':
    case 'invalid_otlp':
      return GrpcCode.INVALID_ARGUMENT;
    case 'unauthorized':
      return GrpcCode.UNAUTHENTICATED;
    case 'forbidden':
      return GrpcCode.PERMISSION_DENIED;
    case 'not_found':
      return GrpcCode.NOT_FOUND;
    case 'conflict':
      return GrpcCode.ALREADY_EXISTS;
    case 'request_timeout':
      return GrpcCode.DEADLINE_EXCEEDED;
    case 'payload_too_large':
      return GrpcCode.RESOURCE_EXHAUSTED;
    case 'unsupported_media_type':
      return GrpcCode.UNIMPLEMENTED;
    case 'overloaded':
      return storeFailed ? GrpcCode.UNAVAILABLE : GrpcCode.RESOURCE_EXHAUSTED;
    case 'upstream_failed':
      return GrpcCode.UNAVAILABLE;
    case 'internal':
      return GrpcCode.INTERNAL;
  }
};

/**
 * The OTLP/gRPC answer to a failed export, the counterpart of api/errors.ts `statusOf` for HTTP.
 * Shedding load (the ingest budget is full) is RESOURCE_EXHAUSTED with a RetryInfo, which the spec
 * makes retryable only with that detail; a store that failed (`storeFailed`) is UNAVAILABLE, always
 * retryable. A too-large message is RESOURCE_EXHAUSTED without RetryInfo: retrying cannot help.
 */
export const toGrpcFailure = (
  error: { code: ErrorCode; message: string; retryAfter?: number | undefined },
  storeFailed = false,
): GrpcFailure => {
  const code = codeOf(error.code, storeFailed);
  if (error.retryAfter === undefined) return { code, details: error.message };
  return { code, details: error.message, statusDetails: encodeRetryStatus(code, error.message, error.retryAfter) };
};
