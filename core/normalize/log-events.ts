import type { DecodedLogRecord, DecodedSpan, JsonValue } from '../otlp/types.js';
import { asString, getAttr, getField, isObject, type JsonObject, parseJsonish } from './attributes.js';
import { messageFromJson } from './messages.js';
import type { Message } from './types.js';

/** The role each legacy (semconv 1.28–1.36) per-message event stands for. */
const MESSAGE_EVENT_ROLES = new Map([
  ['gen_ai.system.message', 'system'],
  ['gen_ai.user.message', 'user'],
  ['gen_ai.assistant.message', 'assistant'],
  ['gen_ai.tool.message', 'tool'],
]);

/** The legacy event for one completion choice. */
export const CHOICE_EVENT = 'gen_ai.choice';

/** A log record's event name: `LogRecord.event_name`, or the `event.name` attribute older SDKs use. */
export function logEventName(log: DecodedLogRecord): string {
  return log.eventName !== '' ? log.eventName : (asString(getAttr(log.attributes, 'event.name')) ?? '');
}

/**
 * Whether a log record may belong to the span: records naming another span are dropped;
 * records without a span id are taken as correlated by the caller.
 */
export function logBelongsTo(log: DecodedLogRecord, span: DecodedSpan): boolean {
  if (log.spanId !== '' && log.spanId.toLowerCase() !== span.spanId.toLowerCase()) return false;
  return log.traceId === '' || log.traceId.toLowerCase() === span.traceId.toLowerCase();
}

/** Whether any record is a legacy per-message GenAI event. */
export function hasLegacyMessageEvents(logs: DecodedLogRecord[]): boolean {
  return logs.some((log) => {
    const name = logEventName(log);
    return MESSAGE_EVENT_ROLES.has(name) || name === CHOICE_EVENT;
  });
}

/** An event body as an object: kvlist bodies as they are, JSON-string bodies parsed, text bodies as `{content}`. */
function bodyObject(body: JsonValue): JsonObject {
  const parsed = parseJsonish(body);
  if (isObject(parsed)) return parsed;
  if (parsed === null || parsed === undefined) return {};
  return { content: parsed };
}

function byTime(a: { log: DecodedLogRecord; order: number }, b: { log: DecodedLogRecord; order: number }): number {
  const ta = a.log.timeUnixNano !== 0n ? a.log.timeUnixNano : a.log.observedTimeUnixNano;
  const tb = b.log.timeUnixNano !== 0n ? b.log.timeUnixNano : b.log.observedTimeUnixNano;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.order - b.order;
}

/**
 * Input and output messages from legacy per-message log events (`gen_ai.{system,user,assistant,tool}.message`
 * and `gen_ai.choice`), ordered by time, then by their original order.
 */
export function messagesFromLogEvents(logs: DecodedLogRecord[]): { input: Message[]; output: Message[] } {
  const sorted = logs.map((log, order) => ({ log, order })).sort(byTime);
  const input: Message[] = [];
  const output: Message[] = [];
  for (const { log } of sorted) {
    const name = logEventName(log);
    const role = MESSAGE_EVENT_ROLES.get(name);
    if (role !== undefined) {
      input.push(...messageFromJson(bodyObject(log.body), role));
    } else if (name === CHOICE_EVENT) {
      const body = bodyObject(log.body);
      const inner = getField(body, 'message');
      const message: JsonObject = isObject(inner) ? { ...inner } : {};
      const finishReason = getField(body, 'finish_reason');
      if (finishReason !== undefined && getField(message, 'finish_reason') === undefined) {
        message.finish_reason = finishReason;
      }
      output.push(...messageFromJson(message, 'assistant'));
    }
  }
  return { input, output };
}
