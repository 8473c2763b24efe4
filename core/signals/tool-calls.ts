import { spansByStart } from './trace-spans.js';
import type { SignalSpan } from './types.js';

/** One tool invocation of a trace, from a tool span or (without tool spans) an LLM's requested call. */
export interface ToolInvocation {
  name: string;
  arguments: string | null;
  result: string | null;
  /** The error recorded for the call (error status, exception), not guessed from the result. */
  error: string | null;
  /** The model turn that requested the call: calls of one turn run in parallel, so they are not retries. */
  turn: string;
  span: SignalSpan;
}

const endMs = (s: SignalSpan) => Date.parse(s.endTime);
const startMs = (s: SignalSpan) => Date.parse(s.startTime);

/** Tool results the models saw, by call id (`tool` messages in any LLM call's input). */
function resultsById(llm: SignalSpan[]): Map<string, string> {
  const answers = new Map<string, string>();
  for (const span of llm) {
    for (const message of span.content.inputMessages) {
      if (message.toolCallId !== null && !answers.has(message.toolCallId)) {
        answers.set(message.toolCallId, message.content);
      }
    }
  }
  return answers;
}

/**
 * The trace's tool invocations in start order. Tool spans are the record when there are any; each
 * is attributed to the LLM call that requested it (same call id, else the last call that ended
 * before it started). Without tool spans, the LLM spans' requested calls are used, each once per
 * call id, with results from later `tool` messages.
 */
export function collectToolInvocations(spans: readonly SignalSpan[]): ToolInvocation[] {
  const ordered = spansByStart(spans);
  const llm = ordered.filter((s) => s.kind === 'llm');
  const toolSpans = ordered.filter((s) => s.kind === 'tool');
  if (toolSpans.length > 0) {
    const requestedBy = new Map<string, string>();
    for (const span of llm)
      for (const call of span.content.toolCalls) if (call.id) requestedBy.set(call.id, span.spanId);
    return toolSpans.flatMap((span) => {
      const spanError = span.isError ? (span.statusMessage ?? span.errorType ?? 'error status') : null;
      const calls =
        span.content.toolCalls.length > 0
          ? span.content.toolCalls
          : [{ id: null, name: span.name, arguments: span.content.input, result: null, error: null }];
      const previousLlm = llm.filter((s) => endMs(s) <= startMs(span)).at(-1);
      return calls.map((call) => ({
        name: call.name,
        arguments: call.arguments,
        result: call.result ?? span.content.output,
        error: call.error ?? spanError,
        turn: (call.id ? requestedBy.get(call.id) : undefined) ?? previousLlm?.spanId ?? `tool:${span.spanId}`,
        span,
      }));
    });
  }
  const answers = resultsById(llm);
  const seen = new Set<string>();
  return llm.flatMap((span) =>
    span.content.toolCalls.flatMap((call) => {
      if (call.id !== null) {
        if (seen.has(call.id)) return [];
        seen.add(call.id);
      }
      return [
        {
          name: call.name,
          arguments: call.arguments,
          result: call.result ?? (call.id === null ? null : (answers.get(call.id) ?? null)),
          error: call.error,
          turn: span.spanId,
          span,
        },
      ];
    }),
  );
}
