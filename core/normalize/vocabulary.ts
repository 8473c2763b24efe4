/**
 * One vocabulary for providers and finish reasons, whatever the instrumentation wrote: the GenAI
 * registry's `gen_ai.provider.name` values and `finish_reason` values. Unknown values are kept,
 * lower-cased, rather than dropped (a new provider must not disappear from the data).
 */

/** Aliases seen in the wild (OpenInference `llm.system`/`llm.provider`, LangChain `ls_provider`, Traceloop, AI SDK). */
const PROVIDER_ALIASES = new Map<string, string>([
  ['openai', 'openai'],
  ['azure', 'azure.ai.openai'],
  ['azure_openai', 'azure.ai.openai'],
  ['azureopenai', 'azure.ai.openai'],
  ['azure-openai', 'azure.ai.openai'],
  ['az.ai.openai', 'azure.ai.openai'],
  ['azure.ai.openai', 'azure.ai.openai'],
  ['azure.ai.inference', 'azure.ai.inference'],
  ['az.ai.inference', 'azure.ai.inference'],
  ['anthropic', 'anthropic'],
  ['aws', 'aws.bedrock'],
  ['bedrock', 'aws.bedrock'],
  ['amazon', 'aws.bedrock'],
  ['amazon-bedrock', 'aws.bedrock'],
  ['amazon_bedrock', 'aws.bedrock'],
  ['aws.bedrock', 'aws.bedrock'],
  ['aws_bedrock', 'aws.bedrock'],
  ['vertexai', 'gcp.vertex_ai'],
  ['vertex_ai', 'gcp.vertex_ai'],
  ['google-vertex', 'gcp.vertex_ai'],
  ['google_vertexai', 'gcp.vertex_ai'],
  ['gcp.vertex_ai', 'gcp.vertex_ai'],
  ['gemini', 'gcp.gemini'],
  ['google', 'gcp.gemini'],
  ['google.generative-ai', 'gcp.gemini'],
  ['google_genai', 'gcp.gemini'],
  ['google-genai', 'gcp.gemini'],
  ['gcp.gemini', 'gcp.gemini'],
  ['gcp.gen_ai', 'gcp.gen_ai'],
  ['cohere', 'cohere'],
  ['mistral', 'mistral_ai'],
  ['mistralai', 'mistral_ai'],
  ['mistral_ai', 'mistral_ai'],
  ['groq', 'groq'],
  ['deepseek', 'deepseek'],
  ['watsonx', 'ibm.watsonx.ai'],
  ['ibm', 'ibm.watsonx.ai'],
  ['ibm.watsonx.ai', 'ibm.watsonx.ai'],
  ['perplexity', 'perplexity'],
  ['xai', 'x_ai'],
  ['x_ai', 'x_ai'],
  ['x-ai', 'x_ai'],
  ['grok', 'x_ai'],
  ['moonshotai', 'moonshot_ai'],
  ['moonshot', 'moonshot_ai'],
  ['moonshot_ai', 'moonshot_ai'],
]);

/**
 * A provider name in the GenAI registry's vocabulary: `OpenAI` → `openai`, `openai.chat` /
 * `openai.responses` (AI SDK `provider.api`) → `openai`, `amazon-bedrock` → `aws.bedrock`,
 * `mistralai` → `mistral_ai`. Unknown names come back lower-cased and trimmed; empty → null.
 */
export function normalizeProvider(raw: string | null): string | null {
  if (raw === null) return null;
  const lower = raw.trim().toLowerCase();
  if (lower === '') return null;
  const direct = PROVIDER_ALIASES.get(lower);
  if (direct !== undefined) return direct;
  if (lower.startsWith('google.vertex') || lower.startsWith('vertex.')) return 'gcp.vertex_ai';
  // AI SDK providers are `<provider>.<api>` (openai.chat, anthropic.messages, google.generative-ai).
  const head = lower.split('.')[0] ?? lower;
  return PROVIDER_ALIASES.get(head) ?? lower;
}

const FINISH_REASONS = new Map<string, string>([
  ['stop', 'stop'],
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  ['end', 'stop'],
  ['complete', 'stop'],
  ['completed', 'stop'],
  ['eos', 'stop'],
  ['finish_reason_stop', 'stop'],
  ['length', 'length'],
  ['max_tokens', 'length'],
  ['max_output_tokens', 'length'],
  ['model_length', 'length'],
  ['token_limit', 'length'],
  ['finish_reason_max_tokens', 'length'],
  ['incomplete', 'length'],
  ['content_filter', 'content_filter'],
  ['content-filter', 'content_filter'],
  ['safety', 'content_filter'],
  ['recitation', 'content_filter'],
  ['blocklist', 'content_filter'],
  ['prohibited_content', 'content_filter'],
  ['spii', 'content_filter'],
  ['refusal', 'content_filter'],
  ['guardrail_intervened', 'content_filter'],
  ['tool_call', 'tool_call'],
  ['tool_calls', 'tool_call'],
  ['tool-calls', 'tool_call'],
  ['tool_use', 'tool_call'],
  ['function_call', 'tool_call'],
  ['function-call', 'tool_call'],
  ['error', 'error'],
]);

/**
 * A finish reason in the GenAI vocabulary (`stop`, `length`, `content_filter`, `tool_call`,
 * `error`): `tool_calls` (OpenAI), `tool-calls` (AI SDK), `tool_use` (Anthropic), `end_turn`,
 * `max_tokens`, Gemini's `STOP`/`SAFETY`/`MAX_TOKENS`… Unknown values are kept lower-cased.
 */
export function normalizeFinishReason(raw: string): string {
  const lower = raw.trim().toLowerCase();
  return FINISH_REASONS.get(lower) ?? lower;
}
