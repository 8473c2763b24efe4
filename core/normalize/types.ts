import type { JsonValue } from '../otlp/types.js';

/**
 * The canonical, convention-independent view of one span. Produced from a span's raw
 * attributes (and, for legacy GenAI instrumentations, the log events attached to it) by
 * `normalizeSpan`. Every field is optional in the sense that an instrumentation may not
 * record it: absent values are `null` or empty arrays, never guesses.
 */
export type SpanKind =
  | 'llm'
  | 'tool'
  | 'retrieval'
  | 'agent'
  | 'chain'
  | 'guardrail'
  | 'embedding'
  | 'prompt'
  | 'evaluator'
  | 'other';

export type MessageRole = 'system' | 'user' | 'assistant' | 'tool' | (string & {});

export interface ToolCall {
  /** The provider's call id (links a call to its result message), or null. */
  id: string | null;
  name: string;
  /** The arguments as sent by the model: usually a JSON string; kept verbatim. */
  arguments: string | null;
  /** The tool's result when known (a tool span's output, or a later `tool` message). */
  result: string | null;
  /** The error the tool raised, when it failed. */
  error: string | null;
}

export interface Message {
  role: MessageRole;
  /** Text content; multimodal non-text parts are summarized as `[image]`, `[audio]`, ... */
  content: string;
  /** Tool calls requested by an assistant message. */
  toolCalls: ToolCall[];
  /** For `tool` messages: the id of the call this message answers. */
  toolCallId: string | null;
  /** Per-choice finish reason on output messages, when reported there. */
  finishReason: string | null;
}

export interface ToolDefinition {
  name: string;
  description: string | null;
  /** JSON schema of the parameters, parsed when it was a JSON string. */
  parameters: JsonValue;
}

export interface RetrievedDocument {
  id: string | null;
  content: string;
  score: number | null;
  metadata: JsonValue;
  /** The document's title, lifted from `metadata` when the instrumentation only put it there. */
  title?: string | null;
  /** Where it came from (URL, file path, source name), lifted from `metadata` likewise. */
  source?: string | null;
}

export interface TokenUsage {
  input: number | null;
  output: number | null;
  total: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  reasoning: number | null;
}

/** Which attribute convention the span's GenAI fields were read from. */
export type Convention = 'otel-genai' | 'otel-genai-legacy' | 'openinference' | 'openllmetry' | 'vercel-ai' | 'none';

export interface NormalizedSpan {
  kind: SpanKind;
  convention: Convention;
  provider: string | null;
  requestModel: string | null;
  responseModel: string | null;
  systemInstructions: string | null;
  inputMessages: Message[];
  outputMessages: Message[];
  finishReasons: string[];
  toolDefinitions: ToolDefinition[];
  /** Tool calls this span represents or requested: a tool span's own call, or an LLM span's requested calls. */
  toolCalls: ToolCall[];
  retrievedDocuments: RetrievedDocument[];
  usage: TokenUsage;
  sessionId: string | null;
  userId: string | null;
  /** Free-form tags (OpenInference `tag.tags`, association properties, metadata) plus release/prompt/model/flag tags. */
  tags: Record<string, string>;
  /** Plain-text input / output for non-LLM spans (OpenInference `input.value`, Traceloop entity input). */
  input: string | null;
  output: string | null;
  isError: boolean;
  errorType: string | null;
  errorMessage: string | null;
}

/**
 * Which attributes become the trace's release / prompt version / model version / feature-flag
 * tags. Per project; the first key present (span attributes, then resource attributes) wins.
 */
export interface TagMapping {
  release: string[];
  environment: string[];
  promptVersion: string[];
  modelVersion: string[];
  /** Attribute-key prefixes whose entries become feature flags (`feature_flag.` → `{flag: value}`). */
  featureFlagPrefixes: string[];
}

export const defaultTagMapping: TagMapping = {
  release: ['evalloop.release', 'service.version', 'app.release'],
  environment: ['deployment.environment.name', 'deployment.environment'],
  promptVersion: [
    'gen_ai.prompt.version',
    'llm.prompt_template.version',
    'traceloop.prompt.version',
    'traceloop.entity.version',
    'evalloop.prompt_version',
  ],
  modelVersion: ['gen_ai.response.model', 'llm.model_name', 'gen_ai.request.model', 'evalloop.model_version'],
  featureFlagPrefixes: ['feature_flag.', 'evalloop.flag.'],
};
