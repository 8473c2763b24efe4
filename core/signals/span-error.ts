import { quote } from './format.js';
import type { SignalDetector } from './make-signal.js';
import { makeSignal } from './make-signal.js';
import { noisyOr } from './strength.js';
import { andMore, spanLabel, spansByStart } from './trace-spans.js';
import type { SignalSpan } from './types.js';

/** A failed root means the user saw the failure; a failed model call usually surfaces too. */
const ROOT_FAILED = 0.9;
const LLM_FAILED = 0.7;
const SPAN_FAILED = 0.6;

const weightOf = (span: SignalSpan) =>
  span.parentSpanId === null ? ROOT_FAILED : span.kind === 'llm' ? LLM_FAILED : SPAN_FAILED;

/** "span 'chat' failed: RateLimitError: 'Rate limit reached…'". */
function describeFailure(span: SignalSpan): string {
  const type = span.errorType ?? null;
  const message = span.statusMessage;
  if (type !== null && message !== null) return `${spanLabel(span)} failed: ${type}: ${quote(message)}`;
  if (type !== null || message !== null) return `${spanLabel(span)} failed: ${quote((type ?? message)!)}`;
  return `${spanLabel(span)} ended with an error status`;
}

/**
 * error: spans with error status. Tool and guardrail spans are left to tool_error and guardrail,
 * which explain them better; the root span is named first.
 */
export const detectSpanError: SignalDetector = (input) => {
  const failed = spansByStart(input.spans)
    .filter((s) => s.isError && s.kind !== 'tool' && s.kind !== 'guardrail')
    .sort((a, b) => weightOf(b) - weightOf(a));
  const first = failed[0];
  if (first === undefined) return null;
  return makeSignal(
    'error',
    noisyOr(failed.map(weightOf)),
    describeFailure(first) + andMore(failed.length - 1, 'failed span', 'failed spans'),
    { spanId: first.spanId, errorType: first.errorType ?? null, failedSpans: failed.length },
  );
};
