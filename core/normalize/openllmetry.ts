import type { DecodedSpan, JsonValue } from '../otlp/types.js';
import {
  type AttrEntries,
  asCount,
  asNumber,
  asString,
  asText,
  decodeDoubleEncoded,
  getAttr,
  groupIndexed,
  isObject,
  parseJsonish,
} from './attributes.js';
import { contentToText, makeToolCall } from './content.js';
import { makeMessage } from './messages.js';
import type { PartialSource } from './source-fields.js';
import type { Message, RetrievedDocument, ToolCall, ToolDefinition } from './types.js';

/** Traceloop's entity kind: workflow, task, agent, tool (SDK decorators). */
export const TRACELOOP_SPAN_KIND = 'traceloop.span.kind';
/** Prefix of Traceloop association properties (`…<key>` = app-defined value, e.g. session_id). */
export const ASSOCIATION_PREFIX = 'traceloop.association.properties.';

/** Association property keys that carry the session and user ids. */
const SESSION_KEYS = ['session_id', 'sessionId', 'session.id'];
const USER_KEYS = ['user_id', 'userId', 'user.id'];

/** `traceloop.association.properties.<key>` entries, keyed by `<key>`. */
export function associationProperties(entries: AttrEntries): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  for (const [key, value] of entries) {
    if (key.startsWith(ASSOCIATION_PREFIX) && key.length > ASSOCIATION_PREFIX.length) {
      out.set(key.slice(ASSOCIATION_PREFIX.length), value);
    }
  }
  return out;
}

/**
 * Content as recorded by OpenLLMetry: a string, which for multimodal messages is the JSON of the
 * content-part list (rendered with placeholders); text that merely looks like JSON stays verbatim.
 */
function contentText(value: JsonValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  // JS ≤0.22 records a null content (an assistant turn with only tool calls) as JSON.stringify(null).
  if (value === 'null') return '';
  const parsed = parseJsonish(value);
  if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((p) => isObject(p) && p.type !== undefined)) {
    return contentToText(parsed);
  }
  return asText(value);
}

function indexedToolCalls(fields: Map<string, JsonValue>): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const { fields: call } of groupIndexed(fields, 'tool_calls.')) {
    const id = asText(call.get('id'));
    const name = asString(call.get('name')) ?? asString(call.get('function.name'));
    if (id === null && name === null) continue;
    calls.push(makeToolCall(id, name, asText(call.get('arguments') ?? call.get('function.arguments'))));
  }
  const functionName = asString(fields.get('function_call.name'));
  if (functionName !== null)
    calls.push(makeToolCall(null, functionName, asText(fields.get('function_call.arguments'))));
  return calls;
}

/** Messages from `gen_ai.prompt.<i>.*` or `gen_ai.completion.<i>.*`. */
function indexedMessages(entries: AttrEntries, prefix: string, defaultRole: string): Message[] {
  const messages: Message[] = [];
  for (const { fields } of groupIndexed(entries, prefix)) {
    const role = asString(fields.get('role'));
    const content = contentText(fields.get('content'));
    const calls = indexedToolCalls(fields);
    const toolCallId = asText(fields.get('tool_call_id'));
    if (role === null && content === null && calls.length === 0 && toolCallId === null) continue;
    messages.push(
      makeMessage(role ?? defaultRole, content ?? '', {
        toolCalls: calls,
        toolCallId,
        finishReason: asString(fields.get('finish_reason')),
      }),
    );
  }
  return messages;
}

function functionDefinitions(entries: AttrEntries): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  for (const { fields } of groupIndexed(entries, 'llm.request.functions.')) {
    const name = asString(fields.get('name'));
    if (name === null) continue;
    out.push({
      name,
      description: asString(fields.get('description')),
      // JS ≤0.22 recorded the parameter schema under `.arguments`.
      parameters: parseJsonish(fields.get('parameters') ?? fields.get('arguments')) ?? null,
    });
  }
  return out;
}

/** Documents from Traceloop vector-DB `db.query.result` span events. */
function queryResultDocuments(span: DecodedSpan): RetrievedDocument[] {
  const out: RetrievedDocument[] = [];
  for (const event of span.events) {
    if (event.name !== 'db.query.result') continue;
    const a = event.attributes;
    out.push({
      id: asText(getAttr(a, 'db.query.result.id')),
      content: asText(getAttr(a, 'db.query.result.document')) ?? '',
      score: asNumber(getAttr(a, 'db.query.result.score')) ?? asNumber(getAttr(a, 'db.query.result.distance')),
      metadata: parseJsonish(getAttr(a, 'db.query.result.metadata')) ?? null,
    });
  }
  return out;
}

/**
 * A tool's arguments from the Traceloop SDK's `{args, kwargs}` envelope (decoded once when the
 * envelope itself was JSON-encoded twice): the kwargs when there are any, else a single object
 * argument, else the positional list, so they compare with the model's requested arguments.
 * Anything else is kept verbatim.
 */
function toolArguments(input: string | null): string | null {
  const text = decodeDoubleEncoded(input);
  const parsed = text === null ? undefined : parseJsonish(text);
  if (!isObject(parsed) || Object.keys(parsed).some((key) => key !== 'args' && key !== 'kwargs')) return text;
  const args = getAttr(parsed, 'args');
  const kwargs = getAttr(parsed, 'kwargs');
  if (!Array.isArray(args) || (kwargs !== undefined && !isObject(kwargs))) return text;
  if (isObject(kwargs) && Object.keys(kwargs).length > 0 && args.length === 0) return asText(kwargs);
  const [only] = args;
  if (args.length === 1 && isObject(only) && (kwargs === undefined || Object.keys(kwargs).length === 0)) {
    return asText(only);
  }
  return text;
}

function firstAssociation(assoc: Map<string, JsonValue>, keys: string[]): string | null {
  for (const key of keys) {
    const value = asText(assoc.get(key));
    if (value !== null && value !== '') return value;
  }
  return null;
}

/**
 * Reads OpenLLMetry / Traceloop conventions: the pre-0.23 indexed `gen_ai.prompt.<i>.*` /
 * `gen_ai.completion.<i>.*` keys, legacy usage keys, `llm.request.functions.<i>.*`, and the
 * `traceloop.*` workflow keys (entity input/output, association properties).
 */
export function readOpenLlmetry(span: DecodedSpan, entries: AttrEntries): PartialSource {
  const attrs = span.attributes;
  const assoc = associationProperties(entries);
  const entityName = asString(getAttr(attrs, 'traceloop.entity.name'));
  const input = asText(getAttr(attrs, 'traceloop.entity.input'));
  const output = asText(getAttr(attrs, 'traceloop.entity.output'));
  const finishReason = asString(getAttr(attrs, 'llm.response.finish_reason'));
  const spanKind = asString(getAttr(attrs, TRACELOOP_SPAN_KIND));
  return {
    provider: asString(getAttr(attrs, 'gen_ai.system')),
    requestModel: asString(getAttr(attrs, 'gen_ai.request.model')) ?? asString(getAttr(attrs, 'llm.request.model')),
    responseModel: asString(getAttr(attrs, 'gen_ai.response.model')) ?? asString(getAttr(attrs, 'llm.response.model')),
    inputMessages: indexedMessages(entries, 'gen_ai.prompt.', 'user'),
    outputMessages: indexedMessages(entries, 'gen_ai.completion.', 'assistant'),
    finishReasons: finishReason === null ? [] : [finishReason],
    toolDefinitions: functionDefinitions(entries),
    retrievedDocuments: queryResultDocuments(span),
    usage: {
      input:
        asCount(getAttr(attrs, 'gen_ai.usage.prompt_tokens')) ?? asCount(getAttr(attrs, 'llm.usage.prompt_tokens')),
      output:
        asCount(getAttr(attrs, 'gen_ai.usage.completion_tokens')) ??
        asCount(getAttr(attrs, 'llm.usage.completion_tokens')),
      total: asCount(getAttr(attrs, 'llm.usage.total_tokens')) ?? asCount(getAttr(attrs, 'gen_ai.usage.total_tokens')),
      cacheRead: asCount(getAttr(attrs, 'gen_ai.usage.cache_read_input_tokens')),
      cacheWrite: asCount(getAttr(attrs, 'gen_ai.usage.cache_creation_input_tokens')),
      reasoning: asCount(getAttr(attrs, 'gen_ai.usage.reasoning_tokens')),
    },
    sessionId: firstAssociation(assoc, SESSION_KEYS),
    userId: firstAssociation(assoc, USER_KEYS),
    agentName: spanKind === 'agent' ? entityName : null,
    input,
    output,
    tool: spanKind === 'tool' ? { name: entityName, arguments: toolArguments(input), result: output } : {},
  };
}
