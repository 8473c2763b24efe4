import type { DecodedLogRecord, DecodedSpan } from '../otlp/types.js';
import { aiSdkOperation } from './ai-sdk.js';
import type { AttrEntries } from './attributes.js';
import { INFERENCE_DETAILS_EVENT } from './genai-current.js';
import { COMPLETION_SPAN_EVENT, PROMPT_SPAN_EVENT } from './genai-legacy.js';
import { hasLegacyMessageEvents, logEventName } from './log-events.js';
import { OPENINFERENCE_SPAN_KIND } from './openinference.js';
import { TRACELOOP_SPAN_KIND } from './openllmetry.js';
import type { Convention } from './types.js';

/** Keys only the current (≥1.37) GenAI conventions set. */
const GENAI_CURRENT_KEYS = [
  'gen_ai.provider.name',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
];

/** Keys only OpenLLMetry sets (exact keys; the indexed families are matched by prefix). */
const OPENLLMETRY_KEYS = [TRACELOOP_SPAN_KIND, 'llm.request.type', 'llm.usage.total_tokens', 'traceloop.entity.name'];
const OPENLLMETRY_INDEXED = /^gen_ai\.(prompt|completion)\.\d/;

/** Key prefixes that identify OpenInference when `openinference.span.kind` is missing. */
const OPENINFERENCE_PREFIXES = [
  'llm.input_messages.',
  'llm.output_messages.',
  'llm.model_name',
  'llm.token_count.',
  'input.value',
  'output.value',
  'retrieval.documents.',
];

/**
 * Which convention the span's GenAI fields come from. Checked in the cheat-sheet order, most
 * specific marker first: current GenAI keys (or the inference-details event), OpenInference's
 * required span kind, OpenLLMetry's indexed/traceloop keys, legacy GenAI (`gen_ai.system`, content
 * events), any other `gen_ai.*` key, then OpenInference keys without a kind.
 */
export function detectConvention(span: DecodedSpan, logs: DecodedLogRecord[], entries: AttrEntries): Convention {
  const attrs = span.attributes;
  const has = (key: string): boolean => Object.hasOwn(attrs, key);
  const keys = entries.map(([key]) => key);
  if (aiSdkOperation(attrs) !== null) return 'vercel-ai';
  if (GENAI_CURRENT_KEYS.some(has) || logs.some((log) => logEventName(log) === INFERENCE_DETAILS_EVENT)) {
    return 'otel-genai';
  }
  if (has(OPENINFERENCE_SPAN_KIND)) return 'openinference';
  if (OPENLLMETRY_KEYS.some(has) || keys.some((key) => OPENLLMETRY_INDEXED.test(key))) return 'openllmetry';
  const legacyEvent = span.events.some((e) => e.name === PROMPT_SPAN_EVENT || e.name === COMPLETION_SPAN_EVENT);
  if (has('gen_ai.system') || has('gen_ai.usage.prompt_tokens') || legacyEvent || hasLegacyMessageEvents(logs))
    return 'otel-genai-legacy';
  if (keys.some((key) => key.startsWith('gen_ai.'))) return 'otel-genai';
  if (keys.some((key) => OPENINFERENCE_PREFIXES.some((prefix) => key.startsWith(prefix)))) return 'openinference';
  return 'none';
}
