import type { Attributes, DecodedSpan, JsonValue } from '../otlp/types.js';
import {
  type AttrEntries,
  asCount,
  asString,
  asText,
  getAttr,
  getField,
  isObject,
  parseJsonish,
} from './attributes.js';
import { toolCallFromJson } from './content.js';
import { makeMessage, messagesFromJson } from './messages.js';
import type { PartialSource } from './source-fields.js';
import { toolDefinitionFromJson } from './tool-definitions.js';
import type { Message, ToolCall, ToolDefinition } from './types.js';

/**
 * The Vercel AI SDK's operation id (`ai.generateText`, `ai.generateText.doGenerate`,
 * `ai.streamText.doStream`, `ai.toolCall`, `ai.embed.doEmbed`, …). Set by `ai` ≤ v6 and by v7's
 * `LegacyOpenTelemetry` integration; v7's `OpenTelemetry` integration emits GenAI semconv instead.
 */
export const AI_SDK_OPERATION_ID = 'ai.operationId';

/** The AI SDK operation of a span (`ai.operationId`, else the `operation.name` it also sets), or null. */
export function aiSdkOperation(attrs: Attributes): string | null {
  const id = asString(getAttr(attrs, AI_SDK_OPERATION_ID));
  if (id !== null) return id;
  const name = asString(getAttr(attrs, 'operation.name'));
  // `operation.name` is `<operationId> <functionId>` when a functionId is set.
  return name?.startsWith('ai.') ? (name.split(' ')[0] ?? null) : null;
}

/**
 * Where the AI SDK records what the app attached to a call: `ai.telemetry.metadata.<key>` (≤ v6
 * `experimental_telemetry.metadata`), and `ai.settings.context.<key>` (v7 has no telemetry metadata:
 * `@ai-sdk/otel` records the `runtimeContext` keys that `telemetry.includeRuntimeContext` names, on
 * the `invoke_agent` and `step` spans only, when the integration has `runtimeContext: true`).
 */
const APP_CONTEXT_PREFIXES = ['ai.telemetry.metadata.', 'ai.settings.context.'];
const SESSION_KEYS = ['sessionId', 'session_id', 'session.id', 'conversationId'];
const USER_KEYS = ['userId', 'user_id', 'user.id'];

/** The first of `keys` present under an app-context prefix (metadata before runtime context). */
function appContextValue(attrs: Attributes, keys: string[]): string | null {
  for (const prefix of APP_CONTEXT_PREFIXES) {
    for (const key of keys) {
      const value = asText(getAttr(attrs, `${prefix}${key}`));
      if (value !== null && value !== '') return value;
    }
  }
  return null;
}

/** `ai.prompt.tools`: a string[] of JSON tool objects (`{type, name, description, inputSchema}`; v4 `parameters`). */
function toolDefinitions(value: JsonValue | undefined): ToolDefinition[] {
  const parsed = parseJsonish(value);
  const items = Array.isArray(parsed) ? parsed : [];
  const out: ToolDefinition[] = [];
  for (const item of items) {
    const definition = toolDefinitionFromJson(item);
    if (definition !== null) out.push(definition);
  }
  return out;
}

/** `ai.response.toolCalls`: `[{toolCallId, toolName, input | args}]` (JSON). */
function responseToolCalls(value: JsonValue | undefined): ToolCall[] {
  const parsed = parseJsonish(value);
  if (!Array.isArray(parsed)) return [];
  const out: ToolCall[] = [];
  for (const item of parsed) {
    if (!isObject(item)) continue;
    const call = toolCallFromJson({
      id: getField(item, 'toolCallId') ?? null,
      name: getField(item, 'toolName') ?? null,
      arguments: getField(item, 'input') ?? getField(item, 'args') ?? null,
    });
    if (call !== null) out.push(call);
  }
  return out;
}

/** The output message of a model call: `ai.response.text` plus `ai.response.toolCalls`. */
function outputMessages(attrs: Attributes, finishReason: string | null): Message[] {
  const text = asString(getAttr(attrs, 'ai.response.text'));
  const toolCalls = responseToolCalls(getAttr(attrs, 'ai.response.toolCalls'));
  if (text === null && toolCalls.length === 0) return [];
  return [makeMessage('assistant', text ?? '', { toolCalls, finishReason })];
}

/** `ai.prompt` of a top-level call: `{system?, prompt?, messages?}` as messages. */
function promptMessages(value: JsonValue | undefined): Message[] {
  const parsed = parseJsonish(value);
  if (!isObject(parsed)) return typeof parsed === 'string' ? [makeMessage('user', parsed)] : [];
  const out: Message[] = [];
  const system = asString(getField(parsed, 'system'));
  if (system !== null) out.push(makeMessage('system', system));
  const messages = getField(parsed, 'messages');
  if (messages !== undefined && messages !== null) out.push(...messagesFromJson(messages, 'user'));
  const prompt = getField(parsed, 'prompt');
  if (typeof prompt === 'string') out.push(makeMessage('user', prompt));
  else if (prompt !== undefined && prompt !== null) out.push(...messagesFromJson(prompt, 'user'));
  return out;
}

/** The last user message's text (what a top-level AI SDK call was asked). */
function lastUserText(messages: Message[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === 'user' && message.content !== '') return message.content;
  }
  return null;
}

/**
 * Reads the Vercel AI SDK's `ai.*` attributes (v4–v6, and v7's LegacyOpenTelemetry): prompt
 * messages, tools, response text and tool calls, usage (v6 `inputTokens`/`outputTokens`, v4
 * `promptTokens`/`completionTokens`), finish reason, tool calls of `ai.toolCall` spans, and the
 * session and user from `experimental_telemetry.metadata` (≤ v6) or the v7 runtime context.
 */
export function readAiSdk(span: DecodedSpan, _entries: AttrEntries): PartialSource {
  const attrs = span.attributes;
  const sessionId = appContextValue(attrs, SESSION_KEYS);
  const userId = appContextValue(attrs, USER_KEYS);
  const operation = aiSdkOperation(attrs);
  // v7's `@ai-sdk/otel` spans carry no operation id (GenAI semconv, read elsewhere) but may carry
  // the runtime context.
  if (operation === null) return { sessionId, userId };
  const finishReason = asString(getAttr(attrs, 'ai.response.finishReason'));
  const isModelCall = /\.do(Generate|Stream)$/.test(operation);
  const prompt = promptMessages(getAttr(attrs, 'ai.prompt'));
  const inputMessages = isModelCall ? messagesFromJson(getAttr(attrs, 'ai.prompt.messages'), 'user') : [];
  const isToolCall = operation === 'ai.toolCall';
  const toolArgs = asText(getAttr(attrs, 'ai.toolCall.args')) ?? asText(getAttr(attrs, 'ai.toolCall.input'));
  const toolResult = asText(getAttr(attrs, 'ai.toolCall.result')) ?? asText(getAttr(attrs, 'ai.toolCall.output'));
  return {
    provider: asString(getAttr(attrs, 'ai.model.provider')),
    requestModel: asString(getAttr(attrs, 'ai.model.id')),
    responseModel: asString(getAttr(attrs, 'ai.response.model')),
    inputMessages,
    outputMessages: isModelCall ? outputMessages(attrs, finishReason) : [],
    finishReasons: finishReason === null ? [] : [finishReason],
    toolDefinitions: toolDefinitions(getAttr(attrs, 'ai.prompt.tools')),
    usage: {
      input: asCount(getAttr(attrs, 'ai.usage.inputTokens')) ?? asCount(getAttr(attrs, 'ai.usage.promptTokens')),
      output: asCount(getAttr(attrs, 'ai.usage.outputTokens')) ?? asCount(getAttr(attrs, 'ai.usage.completionTokens')),
      total: asCount(getAttr(attrs, 'ai.usage.totalTokens')),
      cacheRead:
        asCount(getAttr(attrs, 'ai.usage.inputTokenDetails.cacheReadTokens')) ??
        asCount(getAttr(attrs, 'ai.usage.cachedInputTokens')),
      cacheWrite: asCount(getAttr(attrs, 'ai.usage.inputTokenDetails.cacheWriteTokens')),
      reasoning:
        asCount(getAttr(attrs, 'ai.usage.outputTokenDetails.reasoningTokens')) ??
        asCount(getAttr(attrs, 'ai.usage.reasoningTokens')),
    },
    sessionId,
    userId,
    agentName: asString(getAttr(attrs, 'ai.telemetry.functionId')),
    input: isToolCall ? toolArgs : lastUserText(prompt),
    output: isToolCall ? toolResult : asString(getAttr(attrs, 'ai.response.text')),
    tool: isToolCall
      ? {
          id: asText(getAttr(attrs, 'ai.toolCall.id')),
          name: asString(getAttr(attrs, 'ai.toolCall.name')),
          arguments: toolArgs,
          result: toolResult,
        }
      : {},
  };
}
