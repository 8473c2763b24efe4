import { formatCount } from './format.js';
import type { SignalDetector } from './make-signal.js';
import { makeSignal } from './make-signal.js';
import { noisyOr } from './strength.js';
import { andMore, lastLlmSpan, llmSpans, spanLabel } from './trace-spans.js';
import type { SignalSpan } from './types.js';

/** Finish reasons that mean the answer was cut at the output-token limit (or the context ran out). */
export const TRUNCATION_FINISH_REASONS = new Set([
  'length',
  'max_tokens',
  'max_output_tokens',
  'model_length',
  'model_context_window_exceeded',
]);

/** The user saw the cut answer when it was the last model call; an earlier cut may have been recovered. */
const LAST_CALL_CUT = 0.8;
const EARLIER_CALL_CUT = 0.5;

const truncationReason = (span: SignalSpan): string | undefined =>
  [...span.finishReasons, ...span.content.outputMessages.map((m) => m.finishReason ?? '')].find((r) =>
    TRUNCATION_FINISH_REASONS.has(r.toLowerCase()),
  );

/** truncation: an LLM call stopped because it hit its output-token limit (finish reason length / max_tokens). */
export const detectTruncation: SignalDetector = (input) => {
  const last = lastLlmSpan(input.spans);
  const cut = llmSpans(input.spans).flatMap((span) => {
    const reason = truncationReason(span);
    return reason === undefined ? [] : [{ span, reason, isLast: span === last }];
  });
  const first = cut.find((c) => c.isLast) ?? cut[0];
  if (first === undefined) return null;
  const { span, reason, isLast } = first;
  const tokens = span.outputTokens === null ? '' : `, ${formatCount(span.outputTokens)} output tokens`;
  const what =
    reason.toLowerCase() === 'model_context_window_exceeded'
      ? 'ran out of context window'
      : 'was cut off at the output-token limit';
  const whose = isLast ? `the final answer of ${spanLabel(span)}` : `an intermediate answer of ${spanLabel(span)}`;
  return makeSignal(
    'truncation',
    noisyOr(cut.map((c) => (c.isLast ? LAST_CALL_CUT : EARLIER_CALL_CUT))),
    `${whose} ${what} (finish reason '${reason}'${tokens})${andMore(cut.length - 1, 'cut call', 'cut calls')}`,
    { spanId: span.spanId, finishReason: reason, outputTokens: span.outputTokens, finalAnswer: isLast },
  );
};
