import type { DecodedLogRecord, DecodedSpan } from '../otlp/types.js';

const HEX = /^[0-9a-f]+$/;
const ZERO = /^0+$/;
// Year 2200 in ns: anything later is a unit mistake (µs or ms sent as ns would be earlier, s-as-ns far earlier).
const MAX_NS = 7_258_118_400_000_000_000n;

const badId = (id: string, length: number) => id.length !== length || !HEX.test(id) || ZERO.test(id);

/**
 * Why a span cannot be stored, or null when it can. Messages say what is wrong and how to
 * fix it; they end up in the OTLP partial-success `error_message`.
 */
export const spanRejection = (span: DecodedSpan): string | null => {
  if (badId(span.traceId, 32)) return `traceId "${span.traceId}" must be 16 bytes (32 hex characters), not all zero`;
  if (badId(span.spanId, 16)) return `spanId "${span.spanId}" must be 8 bytes (16 hex characters), not all zero`;
  if (span.parentSpanId !== '' && badId(span.parentSpanId, 16))
    return `parentSpanId "${span.parentSpanId}" must be empty or 8 bytes (16 hex characters)`;
  if (span.startTimeUnixNano <= 0n) return 'startTimeUnixNano is required (nanoseconds since the Unix epoch)';
  if (span.startTimeUnixNano > MAX_NS || span.endTimeUnixNano > MAX_NS)
    return 'start/end times are beyond the year 2200: send nanoseconds since the Unix epoch';
  return null;
};

/** Why a log record cannot be stored, or null. Uncorrelated records (no trace id) are kept. */
export const logRejection = (record: DecodedLogRecord): string | null => {
  if (record.traceId !== '' && badId(record.traceId, 32))
    return `traceId "${record.traceId}" must be empty or 16 bytes (32 hex characters)`;
  if (record.spanId !== '' && badId(record.spanId, 16))
    return `spanId "${record.spanId}" must be empty or 8 bytes (16 hex characters)`;
  if (record.timeUnixNano > MAX_NS || record.observedTimeUnixNano > MAX_NS)
    return 'timeUnixNano/observedTimeUnixNano are beyond the year 2200: send nanoseconds since the Unix epoch';
  return null;
};

/** Summarizes rejections for a partial-success response: count, and the first few reasons. */
export const summarizeRejections = (reasons: string[], noun: string): string => {
  const shown = [...new Set(reasons)].slice(0, 5);
  const more = reasons.length > shown.length ? ` (and ${reasons.length - shown.length} more)` : '';
  return `${reasons.length} ${noun} rejected: ${shown.join('; ')}${more}`;
};
