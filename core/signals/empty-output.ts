import type { SignalDetector } from './make-signal.js';
import { makeSignal } from './make-signal.js';
import { lastLlmSpan, llmSpans, spanLabel } from './trace-spans.js';
import type { SignalSpan } from './types.js';

const blank = (text: string | null | undefined) => text == null || text.trim() === '';

/** Whether the trace recorded any message content at all (GenAI content capture is often off). */
const recordsContent = (spans: readonly SignalSpan[]) =>
  spans.some(
    (s) =>
      s.content.inputMessages.length > 0 ||
      s.content.outputMessages.length > 0 ||
      !blank(s.content.input) ||
      !blank(s.content.output),
  );

/**
 * empty_output: the trace made LLM calls but its final output is empty: the last call produced 0
 * output tokens, its last output message has neither text nor tool calls, or (when content was
 * recorded) the trace's output is blank. Traces that record no content are not judged on text.
 */
export const detectEmptyOutput: SignalDetector = (input, notes) => {
  const last = lastLlmSpan(input.spans);
  if (last === undefined) return null;
  const evidence = { spanId: last.spanId, outputTokens: last.outputTokens };
  if (last.outputTokens === 0) {
    return makeSignal(
      'empty_output',
      0.8,
      `the last model call (${spanLabel(last)}) produced 0 output tokens`,
      evidence,
    );
  }
  const lastMessage = last.content.outputMessages.at(-1);
  if (lastMessage !== undefined && blank(lastMessage.content) && lastMessage.toolCalls.length === 0) {
    return makeSignal(
      'empty_output',
      0.7,
      `the last model call (${spanLabel(last)}) returned no text and no tool call`,
      evidence,
    );
  }
  if (!recordsContent(input.spans)) {
    if (llmSpans(input.spans).length > 0) notes.push('empty output unknown: the trace records no message content');
    return null;
  }
  if (blank(input.rollup.output)) {
    return makeSignal('empty_output', 0.8, 'the trace made LLM calls but its final output is empty', evidence);
  }
  return null;
};
