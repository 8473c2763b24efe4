import type { JsonValue } from '../otlp/types.js';
import { asString, asText, getField, isObject, type JsonObject, parseJsonish } from './attributes.js';
import {
  argumentsToText,
  callIdOf,
  contentToText,
  makeToolCall,
  partToText,
  TOOL_CALL_PART_TYPES,
  TOOL_RESPONSE_PART_TYPES,
  toolCallFromJson,
} from './content.js';
import type { Message, ToolCall } from './types.js';

/** Builds a Message; absent fields are empty, never guessed. */
export function makeMessage(
  role: string,
  content: string,
  extra: Partial<Omit<Message, 'role' | 'content'>> = {},
): Message {
  return {
    role,
    content,
    toolCalls: extra.toolCalls ?? [],
    toolCallId: extra.toolCallId ?? null,
    finishReason: extra.finishReason ?? null,
  };
}

/** The AI SDK's typed tool output (`{type: 'json' | 'text' | 'error-text' | …, value}`) as its value. */
function unwrapTypedOutput(raw: JsonValue): JsonValue {
  if (!isObject(raw)) return raw;
  const type = asString(getField(raw, 'type'));
  const value = getField(raw, 'value');
  return type !== null && value !== undefined && Object.keys(raw).length === 2 ? value : raw;
}

interface ToolResponse {
  id: string | null;
  text: string;
}

function toolResponseFromPart(part: JsonObject, type: string): ToolResponse {
  const id = callIdOf(part);
  const raw = getField(part, 'response') ?? getField(part, 'result') ?? getField(part, 'output');
  if (raw !== undefined) return { id, text: asText(unwrapTypedOutput(raw)) ?? '' };
  const content = getField(part, 'content');
  return { id, text: type === 'tool_result' ? contentToText(content) : (asText(content) ?? '') };
}

/**
 * Messages from one message's part list (GenAI `parts`, or an OpenAI/Anthropic `content` array).
 * Each tool result part becomes its own `tool` message (so that every result keeps its call id);
 * the remaining text and tool calls stay in one message with the original role.
 */
function messagesFromParts(role: string, parts: JsonValue[], base: Omit<Message, 'role' | 'content'>): Message[] {
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [...base.toolCalls];
  const responses: ToolResponse[] = [];
  for (const part of parts) {
    const type = isObject(part) ? asString(getField(part, 'type')) : null;
    if (isObject(part) && type !== null && TOOL_CALL_PART_TYPES.has(type)) {
      const args = getField(part, 'arguments') ?? getField(part, 'input');
      const name = asString(getField(part, 'name')) ?? asString(getField(part, 'toolName'));
      toolCalls.push(makeToolCall(callIdOf(part), name, argumentsToText(args)));
    } else if (isObject(part) && type !== null && TOOL_RESPONSE_PART_TYPES.has(type)) {
      responses.push(toolResponseFromPart(part, type));
    } else {
      const text = partToText(part);
      if (text !== '') texts.push(text);
    }
  }
  const toolMessages = responses.map((r) => makeMessage('tool', r.text, { toolCallId: r.id }));
  const hasRest = texts.length > 0 || toolCalls.length > 0 || base.toolCallId !== null;
  if (toolMessages.length > 0 && !hasRest) {
    const first = toolMessages[0];
    if (first !== undefined) first.finishReason = base.finishReason;
    return toolMessages;
  }
  return [...toolMessages, makeMessage(role, texts.join('\n'), { ...base, toolCalls })];
}

/**
 * Messages from one JSON message in any of the shapes in use: GenAI `{role, parts, finish_reason}`,
 * OpenAI-style `{role, content, tool_calls, tool_call_id}`, legacy GenAI event bodies (`{content, id}`
 * for tool messages), or a bare string.
 */
export function messageFromJson(value: JsonValue, defaultRole: string): Message[] {
  if (typeof value === 'string') return [makeMessage(defaultRole, value)];
  if (!isObject(value)) return [];
  const role = asString(getField(value, 'role')) ?? defaultRole;
  const finishReason = asString(getField(value, 'finish_reason')) ?? asString(getField(value, 'finishReason'));
  const toolCalls: ToolCall[] = [];
  const rawCalls = getField(value, 'tool_calls');
  if (Array.isArray(rawCalls)) {
    for (const raw of rawCalls) {
      const call = toolCallFromJson(raw);
      if (call !== null) toolCalls.push(call);
    }
  }
  const functionCall = getField(value, 'function_call');
  if (isObject(functionCall)) {
    const call = toolCallFromJson(functionCall);
    if (call !== null) toolCalls.push(call);
  }
  const toolCallId =
    asString(getField(value, 'tool_call_id')) ??
    asString(getField(value, 'toolCallId')) ??
    (role === 'tool' ? asString(getField(value, 'id')) : null);
  const base = { toolCalls, toolCallId, finishReason };
  const parts = getField(value, 'parts');
  if (Array.isArray(parts)) return messagesFromParts(role, parts, base);
  const content = getField(value, 'content');
  if (Array.isArray(content)) return messagesFromParts(role, content, base);
  return [makeMessage(role, contentToText(content), base)];
}

/**
 * Messages from a message-list attribute or event field: a JSON string or a structured array.
 * A string that is not JSON is kept as the text of one message with `defaultRole`.
 */
export function messagesFromJson(value: JsonValue | undefined, defaultRole: string): Message[] {
  const parsed = parseJsonish(value);
  if (parsed === undefined || parsed === null || parsed === '') return [];
  if (Array.isArray(parsed)) return parsed.flatMap((item) => messageFromJson(item, defaultRole));
  if (typeof parsed === 'string' || isObject(parsed)) return messageFromJson(parsed, defaultRole);
  return [];
}

/**
 * Fills `result` on tool calls from the `tool` messages that answer them, matching by id:
 * within `messages`, a call is answered by a later message; calls in `extraCalls` (the span's
 * requested calls) by any message. Mutates the calls; returns nothing.
 */
export function linkToolResults(messages: Message[], extraCalls: ToolCall[] = []): void {
  const pending = new Map<string, ToolCall>();
  const answers = new Map<string, string>();
  for (const message of messages) {
    for (const call of message.toolCalls) {
      if (call.id !== null) pending.set(call.id, call);
    }
    if (message.toolCallId === null) continue;
    if (!answers.has(message.toolCallId)) answers.set(message.toolCallId, message.content);
    const call = pending.get(message.toolCallId);
    if (call !== undefined && call.result === null) call.result = message.content;
  }
  for (const call of extraCalls) {
    if (call.id === null || call.result !== null) continue;
    const answer = answers.get(call.id);
    if (answer !== undefined) call.result = answer;
  }
}
