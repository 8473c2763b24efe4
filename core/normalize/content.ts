import type { JsonValue } from '../otlp/types.js';
import { asString, asText, getField, isObject, type JsonObject, truncate } from './attributes.js';
import type { ToolCall } from './types.js';

/** Part types whose text is the message text (GenAI `text`, OpenAI `text`/`input_text`/`output_text`, refusals). */
const TEXT_TYPES = new Set(['text', 'input_text', 'output_text', 'refusal', 'summary_text']);

/** Part types summarized as a placeholder, keyed by type. */
const PLACEHOLDER_TYPES = new Map([
  ['image', '[image]'],
  ['image_url', '[image]'],
  ['input_image', '[image]'],
  ['audio', '[audio]'],
  ['input_audio', '[audio]'],
  ['video', '[video]'],
  ['document', '[document]'],
  ['input_file', '[file]'],
  ['reasoning', '[reasoning]'],
  ['thinking', '[reasoning]'],
  ['redacted_thinking', '[reasoning]'],
]);

/** GenAI modalities that name their placeholder (`blob`, `file` and `uri` parts). */
const MODALITIES = new Set(['image', 'video', 'audio', 'document']);

/** Part types that carry a tool call request rather than text. */
export const TOOL_CALL_PART_TYPES = new Set(['tool_call', 'function_call', 'tool_use', 'tool-call']);

/** Part types that carry a tool result rather than text. */
export const TOOL_RESPONSE_PART_TYPES = new Set([
  'tool_call_response',
  'function_call_output',
  'tool_result',
  'tool-result',
]);

/** Longest part type echoed into a `[type]` placeholder. */
const MAX_PLACEHOLDER_TYPE = 40;

/**
 * The text of one content part in any of the shapes seen in the wild (GenAI parts, OpenAI
 * content blocks, Anthropic blocks). Non-text parts become placeholders such as `[image]`;
 * tool call parts yield '' (they are read separately).
 */
export function partToText(part: JsonValue): string {
  if (typeof part === 'string') return part;
  if (!isObject(part)) return '';
  const type = asString(getField(part, 'type'));
  const text = asString(getField(part, 'text')) ?? asString(getField(part, 'content'));
  if (type === null) return text ?? '';
  if (TEXT_TYPES.has(type)) return text ?? asString(getField(part, 'refusal')) ?? '';
  if (TOOL_CALL_PART_TYPES.has(type) || TOOL_RESPONSE_PART_TYPES.has(type)) return '';
  const placeholder = PLACEHOLDER_TYPES.get(type);
  if (placeholder !== undefined) return placeholder;
  if (type === 'blob' || type === 'file' || type === 'uri') {
    const modality = asString(getField(part, 'modality'));
    return modality !== null && MODALITIES.has(modality) ? `[${modality}]` : `[${type}]`;
  }
  return text ?? `[${truncate(type, MAX_PLACEHOLDER_TYPE)}]`;
}

/** Message content as text: a string verbatim, a part list joined by newlines, other JSON as JSON. */
export function contentToText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const texts: string[] = [];
    for (const part of value) {
      const text = partToText(part);
      if (text !== '') texts.push(text);
    }
    return texts.join('\n');
  }
  if (isObject(value) && getField(value, 'type') !== undefined) return partToText(value);
  return asText(value) ?? '';
}

/** Tool call arguments as sent: strings verbatim, parsed objects back to JSON. */
export function argumentsToText(value: JsonValue | undefined): string | null {
  return asText(value);
}

/**
 * The id a tool result refers to: the Responses API's `call_id` (`call_…`) before the item `id`
 * (`fc_…`), which no result names; then the AI SDK's `toolCallId` and Anthropic's `tool_use_id`.
 */
export function callIdOf(item: JsonObject): string | null {
  return (
    asString(getField(item, 'call_id')) ??
    asString(getField(item, 'id')) ??
    asString(getField(item, 'toolCallId')) ??
    asString(getField(item, 'tool_use_id'))
  );
}

/** A ToolCall with the fields that describe a request (no result or error yet). */
export function makeToolCall(id: string | null, name: string | null, args: string | null): ToolCall {
  return { id, name: name ?? '', arguments: args, result: null, error: null };
}

/** A tool call from an OpenAI `tool_calls[]` entry (`{id, function: {name, arguments}}`) or a flat `{id, name, arguments}`. */
export function toolCallFromJson(value: JsonValue): ToolCall | null {
  if (!isObject(value)) return null;
  const fn: JsonObject = isObject(getField(value, 'function')) ? (getField(value, 'function') as JsonObject) : value;
  const name = asString(getField(fn, 'name')) ?? asString(getField(value, 'name'));
  const id = callIdOf(value);
  if (name === null && id === null) return null;
  const args = getField(fn, 'arguments') ?? getField(value, 'arguments') ?? getField(value, 'input');
  return makeToolCall(id, name, argumentsToText(args));
}
