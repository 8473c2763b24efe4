import type { Attributes, DecodedLogRecord, DecodedSpan, JsonValue } from '../otlp/types.js';
import {
  asCount,
  asNumber,
  asString,
  asStringList,
  asText,
  getAttr,
  getField,
  isObject,
  parseJsonish,
} from './attributes.js';
import { argumentsToText, contentToText } from './content.js';
import { logEventName } from './log-events.js';
import { messagesFromJson } from './messages.js';
import type { PartialSource } from './source-fields.js';
import { toolDefinitionsFromJson } from './tool-definitions.js';
import type { RetrievedDocument } from './types.js';

/** The opt-in GenAI (semconv ≥1.37) event that carries the span's content attributes. */
export const INFERENCE_DETAILS_EVENT = 'gen_ai.client.inference.operation.details';

/**
 * Attributes of the `gen_ai.client.inference.operation.details` log events for this span, merged
 * (earlier records win). A kvlist body is read too, behind the attributes.
 */
export function inferenceDetailsAttributes(logs: DecodedLogRecord[]): Attributes {
  const merged: Attributes = {};
  for (const log of logs) {
    if (logEventName(log) !== INFERENCE_DETAILS_EVENT) continue;
    const sources = isObject(log.body) ? [log.attributes, log.body] : [log.attributes];
    const listBody = messageListBody(log.body);
    if (listBody !== null) sources.push(listBody);
    for (const source of sources) {
      for (const [key, value] of Object.entries(source)) {
        if (!Object.hasOwn(merged, key)) merged[key] = value;
      }
    }
  }
  return merged;
}

/**
 * A message-list body as the attribute it stands for. `@opentelemetry/instrumentation-openai`
 * (Responses API) sends the input messages, and again the output messages, as the bare array body
 * of separate details events; output messages are the ones that carry a `finish_reason`.
 */
function messageListBody(body: JsonValue): Attributes | null {
  if (!Array.isArray(body) || body.length === 0 || !body.every(isObject)) return null;
  const isOutput = body.every((message) => isObject(message) && getField(message, 'finish_reason') !== undefined);
  return { [isOutput ? 'gen_ai.output.messages' : 'gen_ai.input.messages']: body };
}

/** `gen_ai.system_instructions`: a JSON part list (or a plain string) as text. */
function systemInstructionsText(value: JsonValue | undefined): string | null {
  const parsed = parseJsonish(value);
  if (parsed === undefined || parsed === null) return null;
  const text = contentToText(parsed);
  return text === '' ? null : text;
}

function retrievalDocuments(value: JsonValue | undefined): RetrievedDocument[] {
  const parsed = parseJsonish(value);
  if (!Array.isArray(parsed)) return [];
  const out: RetrievedDocument[] = [];
  for (const item of parsed) {
    if (!isObject(item)) continue;
    out.push({
      id: asText(getField(item, 'id')),
      content: contentToText(getField(item, 'content') ?? getField(item, 'text')),
      score: asNumber(getField(item, 'score')),
      metadata: parseJsonish(getField(item, 'metadata')) ?? null,
    });
  }
  return out;
}

/**
 * Reads the current OTel GenAI conventions (semconv ≥1.37): span attributes first, then the
 * attributes of the span's `gen_ai.client.inference.operation.details` log event.
 */
export function readGenAiCurrent(span: DecodedSpan, logs: DecodedLogRecord[]): PartialSource {
  const details = inferenceDetailsAttributes(logs);
  const get = (key: string): JsonValue | undefined => getAttr(span.attributes, key) ?? getAttr(details, key);
  const toolArgs = argumentsToText(get('gen_ai.tool.call.arguments'));
  const toolResult = argumentsToText(get('gen_ai.tool.call.result'));
  return {
    provider: asString(get('gen_ai.provider.name')),
    requestModel: asString(get('gen_ai.request.model')),
    responseModel: asString(get('gen_ai.response.model')),
    systemInstructions: systemInstructionsText(get('gen_ai.system_instructions')),
    inputMessages: messagesFromJson(get('gen_ai.input.messages'), 'user'),
    outputMessages: messagesFromJson(get('gen_ai.output.messages'), 'assistant'),
    finishReasons: asStringList(get('gen_ai.response.finish_reasons')),
    toolDefinitions: toolDefinitionsFromJson(get('gen_ai.tool.definitions')),
    retrievedDocuments: retrievalDocuments(get('gen_ai.retrieval.documents')),
    usage: {
      input: asCount(get('gen_ai.usage.input_tokens')),
      output: asCount(get('gen_ai.usage.output_tokens')),
      total: asCount(get('gen_ai.usage.total_tokens')),
      cacheRead: asCount(get('gen_ai.usage.cache_read.input_tokens')),
      cacheWrite:
        asCount(get('gen_ai.usage.cache_write.input_tokens')) ??
        asCount(get('gen_ai.usage.cache_creation.input_tokens')),
      reasoning: asCount(get('gen_ai.usage.reasoning.output_tokens')),
    },
    sessionId: asText(get('gen_ai.conversation.id')),
    agentName: asString(get('gen_ai.agent.name')),
    input: toolArgs ?? asString(get('gen_ai.retrieval.query.text')),
    output: toolResult,
    tool: {
      id: asText(get('gen_ai.tool.call.id')),
      name: asString(get('gen_ai.tool.name')),
      arguments: toolArgs,
      result: toolResult,
    },
  };
}
