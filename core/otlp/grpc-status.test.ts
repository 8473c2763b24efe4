import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors.js';
import { encodeRetryStatus, GrpcCode, toGrpcFailure } from './grpc-status.js';
import { ProtobufReader } from './protobuf-reader.js';

/** Reads a google.rpc.Status with one RetryInfo detail back (field by field, as a client would). */
const readRetryStatus = (bytes: Uint8Array) => {
  const r = new ProtobufReader(bytes);
  const end = bytes.length;
  const out: { code?: number; message?: string; typeUrl?: string; seconds?: number | string } = {};
  while (r.pos < end) {
    const tag = r.uint32(end);
    if (tag === 0x08) out.code = r.int32(end);
    else if (tag === 0x12) out.message = r.string(end);
    else if (tag === 0x1a) {
      const anyEnd = r.delimited(end);
      expect(r.uint32(anyEnd)).toBe(0x0a);
      out.typeUrl = r.string(anyEnd);
      expect(r.uint32(anyEnd)).toBe(0x12);
      const infoEnd = r.delimited(anyEnd);
      expect(r.uint32(infoEnd)).toBe(0x0a); // RetryInfo.retry_delay
      const durationEnd = r.delimited(infoEnd);
      expect(r.uint32(durationEnd)).toBe(0x08); // Duration.seconds
      out.seconds = r.int64(durationEnd);
      r.pos = anyEnd;
    } else throw new Error(`unexpected tag ${tag}`);
  }
  return out;
};

describe('OTLP/gRPC status mapping', () => {
  it.each<[ErrorCode, boolean, number]>([
    ['invalid_otlp', false, GrpcCode.INVALID_ARGUMENT],
    ['bad_request', false, GrpcCode.INVALID_ARGUMENT],
    ['unauthorized', false, GrpcCode.UNAUTHENTICATED],
    ['forbidden', false, GrpcCode.PERMISSION_DENIED],
    ['payload_too_large', false, GrpcCode.RESOURCE_EXHAUSTED],
    ['request_timeout', false, GrpcCode.DEADLINE_EXCEEDED],
    ['overloaded', false, GrpcCode.RESOURCE_EXHAUSTED],
    ['overloaded', true, GrpcCode.UNAVAILABLE],
    ['upstream_failed', false, GrpcCode.UNAVAILABLE],
    ['unsupported_media_type', false, GrpcCode.UNIMPLEMENTED],
    ['internal', false, GrpcCode.INTERNAL],
  ])('%s (store failed: %s) → %i', (code, storeFailed, expected) => {
    expect(toGrpcFailure({ code, message: 'why' }, storeFailed)).toEqual({ code: expected, details: 'why' });
  });

  it('adds a google.rpc.Status with RetryInfo when the client should retry after a delay', () => {
    const failure = toGrpcFailure({ code: 'overloaded', message: 'saturated', retryAfter: 3 });
    expect(failure.code).toBe(GrpcCode.RESOURCE_EXHAUSTED);
    expect(readRetryStatus(failure.statusDetails!)).toEqual({
      code: GrpcCode.RESOURCE_EXHAUSTED,
      message: 'saturated',
      typeUrl: 'type.googleapis.com/google.rpc.RetryInfo',
      seconds: 3,
    });
  });

  it('encodes a zero delay as an explicit 0 seconds', () => {
    expect(readRetryStatus(encodeRetryStatus(GrpcCode.UNAVAILABLE, 'down', 0))).toMatchObject({ code: 14, seconds: 0 });
  });
});
