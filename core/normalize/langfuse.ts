import type { DecodedSpan, JsonValue } from '../otlp/types.js';
import { asCount, asString, asText, getAttr, getField, isObject, parseJson, parseJsonish } from './attributes.js';
import { messageFromJson, messagesFromJson } from './messages.js';
import type { PartialSource } from './source-fields.js';
import { toolDefinitionsFromJson } from './tool-definitions.js';

/** Set on every span the Langfuse SDK (v3+) creates: span, generation, event, tool, agent, … */
export const LANGFUSE_OBSERVATION_TYPE = 'langfuse.observation.type';

const INPUT = 'langfuse.observation.input';
const OUTPUT = 'langfuse.observation.output';

/** The first count among `keys` of a usage-details object (Langfuse's own names, then OpenAI's). */
function countOf(details: JsonValue | undefined, keys: string[]): number | null {
  if (!isObject(details)) return null;
  for (const key of keys) {
    const count = asCount(getField(details, key));
    if (count !== null) return count;
  }
  return null;
}

/** Langfuse serializes every input and output as JSON, so a plain text answer arrives as `"text"`. */
function parseObservation(value: JsonValue | undefined): JsonValue | undefined {
  if (typeof value === 'string' && value.startsWith('"')) return parseJson(value) ?? value;
  return parseJsonish(value);
}

/**
 * Langfuse v3 observation attributes. A generation's input is what the integration received
 * (the OpenAI drop-in records the request: `{messages, tools, …}`, or a bare message list), its
 * output the assistant message; usage is `usage_details` (`input`/`output`/`total`, or the
 * provider's `prompt_tokens`/`completion_tokens`). Other observation types keep only input and
 * output text (their kind is not read yet). Session and user come from `langfuse.session.id` /
 * `langfuse.user.id` (the SDK also sets `session.id` / `user.id`, read elsewhere).
 */
export function readLangfuse(span: DecodedSpan): PartialSource {
  const attrs = span.attributes;
  const type = asString(getAttr(attrs, LANGFUSE_OBSERVATION_TYPE));
  if (type === null) return {};
  const rawInput = getAttr(attrs, INPUT);
  const rawOutput = getAttr(attrs, OUTPUT);
  const source: PartialSource = {
    requestModel: asString(getAttr(attrs, 'langfuse.observation.model.name')),
    sessionId: asText(getAttr(attrs, 'langfuse.session.id')),
    userId: asText(getAttr(attrs, 'langfuse.user.id')),
    input: asText(rawInput),
    output: asText(rawOutput),
  };
  if (type !== 'generation') return source;

  const input = parseObservation(rawInput);
  const request = isObject(input) ? input : null;
  const messages = request === null ? input : getField(request, 'messages');
  const output = parseObservation(rawOutput);
  const usage = parseJsonish(getAttr(attrs, 'langfuse.observation.usage_details'));
  return {
    ...source,
    inputMessages: Array.isArray(messages) ? messagesFromJson(messages, 'user') : [],
    outputMessages: output === undefined || output === null ? [] : messageFromJson(output, 'assistant'),
    toolDefinitions: request === null ? [] : toolDefinitionsFromJson(getField(request, 'tools')),
    usage: {
      input: countOf(usage, ['input', 'prompt_tokens', 'input_tokens']),
      output: countOf(usage, ['output', 'completion_tokens', 'output_tokens']),
      total: countOf(usage, ['total', 'total_tokens']),
    },
  };
}
