import { describe, expect, it } from 'vitest';
import { normalizeFinishReason, normalizeProvider } from './vocabulary.js';

describe('normalizeProvider', () => {
  it.each([
    ['OpenAI', 'openai', 'legacy Traceloop gen_ai.system'],
    ['openai', 'openai', 'GenAI current'],
    ['openai.chat', 'openai', 'AI SDK chat API'],
    ['openai.responses', 'openai', 'AI SDK responses API'],
    ['anthropic.messages', 'anthropic', 'AI SDK Anthropic'],
    ['Anthropic', 'anthropic', 'Traceloop'],
    ['azure', 'azure.ai.openai', 'OpenInference llm.provider'],
    ['az.ai.openai', 'azure.ai.openai', 'semconv before 1.37'],
    ['amazon-bedrock', 'aws.bedrock', 'AI SDK'],
    ['aws', 'aws.bedrock', 'OpenInference llm.provider'],
    ['AWS Bedrock'.replace(' ', '_'), 'aws.bedrock', 'underscore'],
    ['vertexai', 'gcp.vertex_ai', 'OpenInference llm.system'],
    ['google.vertex.chat', 'gcp.vertex_ai', 'AI SDK Vertex'],
    ['google-vertex', 'gcp.vertex_ai', 'LangChain'],
    ['google.generative-ai', 'gcp.gemini', 'AI SDK Gemini'],
    ['mistralai', 'mistral_ai', 'OpenInference'],
    ['xai', 'x_ai', 'OpenInference'],
    ['groq.chat', 'groq', 'AI SDK'],
    ['deepseek', 'deepseek', 'registry value'],
    ['watsonx', 'ibm.watsonx.ai', 'alias'],
    ['cohere', 'cohere', 'registry value'],
    ['perplexity', 'perplexity', 'registry value'],
    ['  Ollama ', 'ollama', 'unknown: kept, lower-cased'],
  ])('%s → %s (%s)', (raw, expected) => {
    expect(normalizeProvider(raw)).toBe(expected);
  });

  it.each([null, '', '   '])('%j → null', (raw) => {
    expect(normalizeProvider(raw)).toBeNull();
  });
});

describe('normalizeFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['STOP', 'stop'],
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['length', 'length'],
    ['max_tokens', 'length'],
    ['MAX_TOKENS', 'length'],
    ['content_filter', 'content_filter'],
    ['content-filter', 'content_filter'],
    ['SAFETY', 'content_filter'],
    ['tool_calls', 'tool_call'],
    ['tool_call', 'tool_call'],
    ['tool-calls', 'tool_call'],
    ['tool_use', 'tool_call'],
    ['function_call', 'tool_call'],
    ['error', 'error'],
    ['other', 'other'],
    ['Unknown', 'unknown'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeFinishReason(raw)).toBe(expected);
  });
});
