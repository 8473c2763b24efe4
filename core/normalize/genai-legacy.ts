import type { DecodedLogRecord, DecodedSpan, JsonValue } from '../otlp/types.js';
import { asCount, asString, getAttr } from './attributes.js';
import { messagesFromLogEvents } from './log-events.js';
import { messagesFromJson } from './messages.js';
import type { PartialSource } from './source-fields.js';
import type { Message } from './types.js';

/** Span event of semconv ≤1.27 whose `gen_ai.prompt` attribute holds the prompt messages as JSON. */
export const PROMPT_SPAN_EVENT = 'gen_ai.content.prompt';
/** Span event of semconv ≤1.27 whose `gen_ai.completion` attribute holds the completion messages as JSON. */
export const COMPLETION_SPAN_EVENT = 'gen_ai.content.completion';

/** Messages from the span events named `eventName` (their `attribute` holds a JSON message list). */
function messagesFromSpanEvents(span: DecodedSpan, eventName: string, attribute: string, role: string): Message[] {
  const out: Message[] = [];
  for (const event of span.events) {
    if (event.name !== eventName) continue;
    out.push(...messagesFromJson(getAttr(event.attributes, attribute), role));
  }
  return out;
}

/** A whole prompt or completion recorded directly as a string attribute on the span. */
function messagesFromSpanAttribute(value: JsonValue | undefined, role: string): Message[] {
  return typeof value === 'string' ? messagesFromJson(value, role) : [];
}

/**
 * Reads the legacy OTel GenAI conventions: `gen_ai.system`, `gen_ai.usage.prompt_tokens` /
 * `completion_tokens`, per-message log events (semconv 1.28–1.36), and the `gen_ai.content.*`
 * span events of semconv ≤1.27. Log events win over span events.
 */
export function readGenAiLegacy(span: DecodedSpan, logs: DecodedLogRecord[]): PartialSource {
  const attrs = span.attributes;
  const fromLogs = messagesFromLogEvents(logs);
  const inputMessages =
    fromLogs.input.length > 0
      ? fromLogs.input
      : messagesFromSpanEvents(span, PROMPT_SPAN_EVENT, 'gen_ai.prompt', 'user');
  const outputMessages =
    fromLogs.output.length > 0
      ? fromLogs.output
      : messagesFromSpanEvents(span, COMPLETION_SPAN_EVENT, 'gen_ai.completion', 'assistant');
  return {
    provider: asString(getAttr(attrs, 'gen_ai.system')),
    inputMessages:
      inputMessages.length > 0 ? inputMessages : messagesFromSpanAttribute(getAttr(attrs, 'gen_ai.prompt'), 'user'),
    outputMessages:
      outputMessages.length > 0
        ? outputMessages
        : messagesFromSpanAttribute(getAttr(attrs, 'gen_ai.completion'), 'assistant'),
    usage: {
      input: asCount(getAttr(attrs, 'gen_ai.usage.prompt_tokens')),
      output: asCount(getAttr(attrs, 'gen_ai.usage.completion_tokens')),
    },
  };
}
