import type { DecodedSpan } from '../otlp/types.js';
import { aiSdkOperation } from './ai-sdk.js';
import { asString, getAttr } from './attributes.js';
import { OPENINFERENCE_SPAN_KIND } from './openinference.js';
import { TRACELOOP_SPAN_KIND } from './openllmetry.js';
import type { SpanKind } from './types.js';

const GENAI_OPERATIONS = new Map<string, SpanKind>([
  ['chat', 'llm'],
  ['text_completion', 'llm'],
  ['generate_content', 'llm'],
  ['completion', 'llm'],
  ['embeddings', 'embedding'],
  ['embedding', 'embedding'],
  ['execute_tool', 'tool'],
  ['retrieval', 'retrieval'],
  ['invoke_agent', 'agent'],
  ['create_agent', 'agent'],
  ['invoke_workflow', 'chain'],
  // AI SDK v7 (`@ai-sdk/otel`): one `step {n}` span per model round trip, under `invoke_agent`.
  ['agent_step', 'chain'],
  ['rerank', 'retrieval'],
  ['evaluate', 'evaluator'],
]);

/** Vercel AI SDK operation ids (`ai.operationId`) that say what the span is. */
function aiSdkKind(operation: string | null): SpanKind | null {
  if (operation === null) return null;
  if (operation === 'ai.toolCall') return 'tool';
  if (/\.do(Generate|Stream)$/.test(operation)) {
    return operation.startsWith('ai.generateSpeech') || operation.startsWith('ai.transcribe') ? 'other' : 'llm';
  }
  if (operation.endsWith('.doEmbed')) return 'embedding';
  if (operation.endsWith('.doRerank')) return 'retrieval';
  return 'chain';
}

const OPENINFERENCE_KINDS = new Map<string, SpanKind>([
  ['LLM', 'llm'],
  ['EMBEDDING', 'embedding'],
  ['TOOL', 'tool'],
  ['RETRIEVER', 'retrieval'],
  ['RERANKER', 'retrieval'],
  ['AGENT', 'agent'],
  ['CHAIN', 'chain'],
  ['GUARDRAIL', 'guardrail'],
  ['PROMPT', 'prompt'],
  ['EVALUATOR', 'evaluator'],
]);

const TRACELOOP_KINDS = new Map<string, SpanKind>([
  ['workflow', 'chain'],
  ['task', 'chain'],
  ['agent', 'agent'],
  ['tool', 'tool'],
]);

const REQUEST_TYPES = new Map<string, SpanKind>([
  ['chat', 'llm'],
  ['completion', 'llm'],
  ['embedding', 'embedding'],
  ['rerank', 'retrieval'],
]);

/** Whether a name reads as a guardrail or moderation step. */
function soundsLikeGuardrail(text: string | null): boolean {
  if (text === null) return false;
  const lower = text.toLowerCase();
  return lower.includes('guardrail') || lower.includes('moderation');
}

/** What the span's attributes say it is, in cheat-sheet order; null when nothing recognizable is said. */
function declaredKind(span: DecodedSpan): SpanKind | null {
  const attrs = span.attributes;
  const operation = asString(getAttr(attrs, 'gen_ai.operation.name'))?.toLowerCase() ?? null;
  // Traceloop names its guardrail operations `guardrail.run` and `guard`.
  if (operation !== null && (operation === 'guard' || soundsLikeGuardrail(operation))) return 'guardrail';
  const fromOperation = operation === null ? undefined : GENAI_OPERATIONS.get(operation);
  if (fromOperation !== undefined) return fromOperation;
  const oiKind = asString(getAttr(attrs, OPENINFERENCE_SPAN_KIND))?.toUpperCase();
  const fromOpenInference = oiKind === undefined ? undefined : OPENINFERENCE_KINDS.get(oiKind);
  if (fromOpenInference !== undefined) return fromOpenInference;
  const tlKind = asString(getAttr(attrs, TRACELOOP_SPAN_KIND))?.toLowerCase();
  const fromTraceloop = tlKind === undefined ? undefined : TRACELOOP_KINDS.get(tlKind);
  if (fromTraceloop !== undefined) return fromTraceloop;
  const requestType = asString(getAttr(attrs, 'llm.request.type'))?.toLowerCase();
  const fromRequestType = requestType === undefined ? undefined : REQUEST_TYPES.get(requestType);
  return fromRequestType ?? aiSdkKind(aiSdkOperation(attrs));
}

/**
 * The span's kind. Declared kinds win (GenAI operation, OpenInference kind, Traceloop kind,
 * `llm.request.type`), except that a generic container (chain) or an undeclared span whose name or
 * attributes say guardrail/moderation is a guardrail. An undeclared span with a model and messages
 * is an LLM call; anything else is `other`.
 */
export function detectKind(span: DecodedSpan, hasModel: boolean, hasMessages: boolean): SpanKind {
  const declared = declaredKind(span);
  if (declared !== null && declared !== 'chain') return declared;
  const guardrail =
    soundsLikeGuardrail(span.name) ||
    getAttr(span.attributes, 'gen_ai.guardrail.name') !== undefined ||
    soundsLikeGuardrail(asString(getAttr(span.attributes, 'traceloop.entity.name')));
  if (guardrail) return 'guardrail';
  if (declared !== null) return declared;
  return hasModel && hasMessages ? 'llm' : 'other';
}
