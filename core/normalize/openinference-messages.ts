import type { Attributes, JsonValue } from '../otlp/types.js';
import { type AttrEntries, asString, asText, getAttr, groupIndexed, type JsonObject } from './attributes.js';
import { makeToolCall, partToText } from './content.js';
import { makeMessage } from './messages.js';
import type { Message, ToolCall } from './types.js';

/** The text of `message.contents.<j>.message_content.*` parts, placeholders for non-text parts. */
function contentsText(fields: Map<string, JsonValue>): string | null {
  const parts = groupIndexed(fields, 'message.contents.');
  if (parts.length === 0) return null;
  const texts: string[] = [];
  for (const { fields: part } of parts) {
    const type = asString(part.get('message_content.type'));
    const text = asString(part.get('message_content.text'));
    const shape: JsonObject = {};
    if (type !== null) shape.type = type;
    if (text !== null) shape.text = text;
    const rendered = partToText(shape);
    if (rendered !== '') texts.push(rendered);
  }
  return texts.join('\n');
}

/** Tool calls from `message.tool_calls.<k>.tool_call.*` and the legacy `message.function_call_*` keys. */
function toolCalls(fields: Map<string, JsonValue>, role: string | null): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const { fields: call } of groupIndexed(fields, 'message.tool_calls.')) {
    const id = asText(call.get('tool_call.id'));
    const name = asString(call.get('tool_call.function.name'));
    if (id === null && name === null) continue;
    calls.push(makeToolCall(id, name, asText(call.get('tool_call.function.arguments'))));
  }
  // On a legacy `function` result message the key names the function that answered, not a request.
  const functionName = role === 'function' ? null : asString(fields.get('message.function_call_name'));
  if (functionName !== null) {
    calls.push(makeToolCall(null, functionName, asText(fields.get('message.function_call_arguments_json'))));
  }
  return calls;
}

/**
 * Messages from OpenInference flattened keys `<prefix><i>.message.role|content|contents.<j>.…|
 * tool_calls.<k>.…|tool_call_id`, in index order. Entries with nothing usable are skipped.
 */
export function readFlattenedMessages(entries: AttrEntries, prefix: string, defaultRole: string): Message[] {
  const messages: Message[] = [];
  for (const { fields } of groupIndexed(entries, prefix)) {
    const role = asString(fields.get('message.role'));
    const content = asText(fields.get('message.content')) ?? contentsText(fields);
    const calls = toolCalls(fields, role);
    const toolCallId = asText(fields.get('message.tool_call_id'));
    if (role === null && content === null && calls.length === 0 && toolCallId === null) continue;
    messages.push(makeMessage(role ?? defaultRole, content ?? '', { toolCalls: calls, toolCallId }));
  }
  return messages;
}

/** Messages from an indexed text family such as `llm.prompts.<i>.prompt.text`, or a plain string[] attribute. */
export function readIndexedTexts(
  attrs: Attributes,
  entries: AttrEntries,
  key: string,
  field: string,
  role: string,
): Message[] {
  const whole = getAttr(attrs, key);
  if (Array.isArray(whole)) {
    const messages: Message[] = [];
    for (const item of whole) if (typeof item === 'string') messages.push(makeMessage(role, item));
    return messages;
  }
  const messages: Message[] = [];
  for (const { fields } of groupIndexed(entries, `${key}.`)) {
    const text = asText(fields.get(field));
    if (text !== null) messages.push(makeMessage(role, text));
  }
  return messages;
}
