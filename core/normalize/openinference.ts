import type { Attributes, DecodedSpan } from '../otlp/types.js';
import {
  type AttrEntries,
  asCount,
  asNumber,
  asString,
  asText,
  getAttr,
  getField,
  groupIndexed,
  isObject,
  parseJsonish,
} from './attributes.js';
import { fillToolCallIds, serializedMessageIds, serializedToolMessage } from './langchain-serialized.js';
import { makeMessage } from './messages.js';
import { readFlattenedMessages, readIndexedTexts } from './openinference-messages.js';
import type { PartialSource } from './source-fields.js';
import { toolDefinitionFromJson } from './tool-definitions.js';
import type { Message, RetrievedDocument, ToolDefinition } from './types.js';

/** The attribute OpenInference requires on every span (LLM, TOOL, RETRIEVER, …). */
export const OPENINFERENCE_SPAN_KIND = 'openinference.span.kind';

function documents(entries: AttrEntries, prefix: string): RetrievedDocument[] {
  const out: RetrievedDocument[] = [];
  for (const { fields } of groupIndexed(entries, prefix)) {
    const id = asText(fields.get('document.id'));
    const content = asText(fields.get('document.content'));
    if (id === null && content === null) continue;
    out.push({
      id,
      content: content ?? '',
      score: asNumber(fields.get('document.score')),
      metadata: parseJsonish(fields.get('document.metadata')) ?? null,
    });
  }
  return out;
}

function toolDefinitions(attrs: Attributes, entries: AttrEntries, isToolSpan: boolean): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  for (const { fields } of groupIndexed(entries, 'llm.tools.')) {
    const definition = toolDefinitionFromJson(fields.get('tool.json_schema'));
    if (definition !== null) out.push(definition);
  }
  const name = asString(getAttr(attrs, 'tool.name'));
  if (out.length === 0 && isToolSpan && name !== null) {
    out.push({
      name,
      description: asString(getAttr(attrs, 'tool.description')),
      parameters: parseJsonish(getAttr(attrs, 'tool.parameters')) ?? null,
    });
  }
  return out;
}

/** A plain-text `input.value` / `output.value` as one message, for LLM spans recorded without messages. */
function plainTextMessage(attrs: Attributes, which: 'input' | 'output', role: string): Message[] {
  const mime = asString(getAttr(attrs, `${which}.mime_type`));
  const value = asString(getAttr(attrs, `${which}.value`));
  return value !== null && mime === 'text/plain' ? [makeMessage(role, value)] : [];
}

/** `model` from `llm.invocation_parameters` (the JS instrumentation records the request body there). */
function invocationModel(attrs: Attributes): string | null {
  const params = parseJsonish(getAttr(attrs, 'llm.invocation_parameters'));
  return isObject(params) ? asString(getField(params, 'model')) : null;
}

/** LangChain's `ls_provider` in the `metadata` JSON that OpenInference's LangChain instrumentation records. */
function langchainProvider(attrs: Attributes): string | null {
  const metadata = parseJsonish(getAttr(attrs, 'metadata'));
  return isObject(metadata) ? asString(getField(metadata, 'ls_provider')) : null;
}

/** Reads the OpenInference conventions (`openinference.span.kind`, `llm.*`, `input.value`, `retrieval.*`, …). */
export function readOpenInference(span: DecodedSpan, entries: AttrEntries): PartialSource {
  const attrs = span.attributes;
  const kind = asString(getAttr(attrs, OPENINFERENCE_SPAN_KIND))?.toUpperCase() ?? null;
  const isLlm = kind === 'LLM';
  let inputMessages = readFlattenedMessages(entries, 'llm.input_messages.', 'user');
  if (inputMessages.length === 0)
    inputMessages = readIndexedTexts(attrs, entries, 'llm.prompts', 'prompt.text', 'user');
  if (inputMessages.length === 0 && isLlm) inputMessages = plainTextMessage(attrs, 'input', 'user');
  let outputMessages = readFlattenedMessages(entries, 'llm.output_messages.', 'assistant');
  if (outputMessages.length === 0) {
    outputMessages = readIndexedTexts(attrs, entries, 'llm.choices', 'completion.text', 'assistant');
  }
  if (outputMessages.length === 0 && isLlm) outputMessages = plainTextMessage(attrs, 'output', 'assistant');
  const modelName = asString(getAttr(attrs, 'llm.model_name'));
  const hasOutput = outputMessages.length > 0 || getAttr(attrs, 'output.value') !== undefined;
  const finishReason = asString(getAttr(attrs, 'llm.finish_reason'));
  const input = asText(getAttr(attrs, 'input.value'));
  const output = asText(getAttr(attrs, 'output.value'));
  if (isLlm) {
    inputMessages = fillToolCallIds(inputMessages, serializedMessageIds(input, 'input'));
    outputMessages = fillToolCallIds(outputMessages, serializedMessageIds(output, 'output'));
  }
  let retrieved = documents(entries, 'retrieval.documents.');
  if (retrieved.length === 0) retrieved = documents(entries, 'reranker.output_documents.');
  return {
    provider:
      asString(getAttr(attrs, 'llm.provider')) ?? asString(getAttr(attrs, 'llm.system')) ?? langchainProvider(attrs),
    requestModel:
      asString(getAttr(attrs, 'llm.request.model_name')) ??
      invocationModel(attrs) ??
      modelName ??
      asString(getAttr(attrs, 'embedding.model_name')) ??
      asString(getAttr(attrs, 'reranker.model_name')),
    responseModel: asString(getAttr(attrs, 'llm.response.model_name')) ?? (hasOutput ? modelName : null),
    inputMessages,
    outputMessages,
    finishReasons: finishReason === null ? [] : [finishReason],
    toolDefinitions: toolDefinitions(attrs, entries, kind === 'TOOL'),
    retrievedDocuments: retrieved,
    usage: {
      input: asCount(getAttr(attrs, 'llm.token_count.prompt')),
      output: asCount(getAttr(attrs, 'llm.token_count.completion')),
      total: asCount(getAttr(attrs, 'llm.token_count.total')),
      cacheRead: asCount(getAttr(attrs, 'llm.token_count.prompt_details.cache_read')),
      cacheWrite: asCount(getAttr(attrs, 'llm.token_count.prompt_details.cache_write')),
      reasoning: asCount(getAttr(attrs, 'llm.token_count.completion_details.reasoning')),
    },
    sessionId: asText(getAttr(attrs, 'session.id')),
    userId: asText(getAttr(attrs, 'user.id')),
    agentName: asString(getAttr(attrs, 'agent.name')),
    input,
    output,
    tool: toolOf(attrs, kind === 'TOOL', input, output),
  };
}

/**
 * A TOOL span's call. LangChain (OpenInference) records the tool's answer as the serialized
 * ToolMessage, `{"type":"tool","data":{"content":…,"tool_call_id":…}}` (Python) or
 * `{"output":{"lc":1,…,"kwargs":{"content":…,"tool_call_id":…}}}` (JS): the result is its content
 * and the call id its `tool_call_id` (no attribute carries the id there).
 */
const toolOf = (attrs: Attributes, isTool: boolean, input: string | null, output: string | null) => {
  const message = isTool ? (toolMessageEnvelope(output) ?? serializedToolMessage(output)) : null;
  return {
    id: asText(getAttr(attrs, 'tool.id')) ?? asText(getAttr(attrs, 'tool_call.id')) ?? message?.id ?? null,
    name: asString(getAttr(attrs, 'tool.name')),
    arguments: isTool ? input : null,
    result: isTool ? (message ? message.content : output) : null,
  };
};

const toolMessageEnvelope = (text: string | null): { id: string | null; content: string } | null => {
  if (!text?.startsWith('{') || !text.includes('"tool"')) return null;
  try {
    const parsed = JSON.parse(text) as { type?: unknown; data?: { content?: unknown; tool_call_id?: unknown } };
    if (parsed.type !== 'tool' || !parsed.data || parsed.data.content === undefined) return null;
    const content = parsed.data.content;
    return {
      id: typeof parsed.data.tool_call_id === 'string' ? parsed.data.tool_call_id : null,
      content: typeof content === 'string' ? content : JSON.stringify(content),
    };
  } catch {
    return null;
  }
};
