import type { DecodedSpan } from '../otlp/types.js';
import { asString, asText, getAttr } from './attributes.js';

/** OTLP Status.code for an error. */
const STATUS_UNSET = 0;
const STATUS_ERROR = 2;

/** The error fields of a NormalizedSpan. */
export interface SpanError {
  isError: boolean;
  errorType: string | null;
  errorMessage: string | null;
}

/**
 * Whether the span failed, and how. A span is an error when its status is ERROR, or when its status
 * is unset and it carries `error.type` (which GenAI semconv sets only when the operation ended in
 * error); an explicit OK status wins. Exceptions that were recorded but did not fail the span are not errors. The type comes from `error.type`, then the
 * last `exception` event's `exception.type`; the message from the status, then `exception.message`.
 * A tool result that merely looks like an error does not count: that is an anomaly signal, not a status.
 */
export function readError(span: DecodedSpan): SpanError {
  const errorTypeAttr = asText(getAttr(span.attributes, 'error.type'));
  const declaresError = errorTypeAttr !== null && errorTypeAttr !== '';
  const isError = span.status.code === STATUS_ERROR || (span.status.code === STATUS_UNSET && declaresError);
  if (!isError) return { isError: false, errorType: null, errorMessage: null };
  let exceptionType: string | null = null;
  let exceptionMessage: string | null = null;
  for (const event of span.events) {
    if (event.name !== 'exception') continue;
    exceptionType = asString(getAttr(event.attributes, 'exception.type')) ?? exceptionType;
    exceptionMessage = asString(getAttr(event.attributes, 'exception.message')) ?? exceptionMessage;
  }
  return {
    isError: true,
    errorType: (errorTypeAttr !== '' ? errorTypeAttr : null) ?? exceptionType,
    errorMessage: asString(span.status.message) ?? exceptionMessage,
  };
}
