import { describe, expect, it } from 'vitest';
import type { Attributes } from '../otlp/types.js';
import { detectKind } from './kind.js';
import { normalizeSpan } from './normalize-span.js';
import { makeSpan } from './span-fixtures.js';
import { defaultTagMapping, type SpanKind } from './types.js';

describe('detectKind', () => {
  it.each<[string, Attributes, SpanKind]>([
    ['GenAI chat', { 'gen_ai.operation.name': 'chat' }, 'llm'],
    ['GenAI text_completion', { 'gen_ai.operation.name': 'text_completion' }, 'llm'],
    ['GenAI generate_content', { 'gen_ai.operation.name': 'generate_content' }, 'llm'],
    ['GenAI embeddings', { 'gen_ai.operation.name': 'embeddings' }, 'embedding'],
    ['GenAI execute_tool', { 'gen_ai.operation.name': 'execute_tool' }, 'tool'],
    ['GenAI retrieval', { 'gen_ai.operation.name': 'retrieval' }, 'retrieval'],
    ['GenAI invoke_agent', { 'gen_ai.operation.name': 'invoke_agent' }, 'agent'],
    ['GenAI create_agent', { 'gen_ai.operation.name': 'create_agent' }, 'agent'],
    ['GenAI invoke_workflow', { 'gen_ai.operation.name': 'invoke_workflow' }, 'chain'],
    ['GenAI guardrail', { 'gen_ai.operation.name': 'guardrail' }, 'guardrail'],
    ['Traceloop guardrail.run', { 'gen_ai.operation.name': 'guardrail.run' }, 'guardrail'],
    ['Traceloop guard', { 'gen_ai.operation.name': 'guard' }, 'guardrail'],
    ['OpenInference LLM', { 'openinference.span.kind': 'LLM' }, 'llm'],
    ['OpenInference TOOL', { 'openinference.span.kind': 'TOOL' }, 'tool'],
    ['OpenInference RETRIEVER', { 'openinference.span.kind': 'RETRIEVER' }, 'retrieval'],
    ['OpenInference RERANKER', { 'openinference.span.kind': 'RERANKER' }, 'retrieval'],
    ['OpenInference AGENT', { 'openinference.span.kind': 'AGENT' }, 'agent'],
    ['OpenInference CHAIN', { 'openinference.span.kind': 'CHAIN' }, 'chain'],
    ['OpenInference GUARDRAIL', { 'openinference.span.kind': 'GUARDRAIL' }, 'guardrail'],
    ['OpenInference EMBEDDING', { 'openinference.span.kind': 'EMBEDDING' }, 'embedding'],
    ['OpenInference lower-case', { 'openinference.span.kind': 'llm' }, 'llm'],
    ['OpenInference EVALUATOR', { 'openinference.span.kind': 'EVALUATOR' }, 'evaluator'],
    ['OpenInference PROMPT', { 'openinference.span.kind': 'PROMPT' }, 'prompt'],
    ['AI SDK v7 step', { 'gen_ai.operation.name': 'agent_step' }, 'chain'],
    ['GenAI rerank', { 'gen_ai.operation.name': 'rerank' }, 'retrieval'],
    ['AI SDK model call', { 'ai.operationId': 'ai.streamText.doStream' }, 'llm'],
    ['AI SDK tool call', { 'ai.operationId': 'ai.toolCall' }, 'tool'],
    ['AI SDK top-level call', { 'ai.operationId': 'ai.generateText' }, 'chain'],
    ['AI SDK embedding', { 'ai.operationId': 'ai.embed.doEmbed' }, 'embedding'],
    ['Traceloop workflow', { 'traceloop.span.kind': 'workflow' }, 'chain'],
    ['Traceloop task', { 'traceloop.span.kind': 'task' }, 'chain'],
    ['Traceloop agent', { 'traceloop.span.kind': 'agent' }, 'agent'],
    ['Traceloop tool', { 'traceloop.span.kind': 'tool' }, 'tool'],
    ['llm.request.type chat', { 'llm.request.type': 'chat' }, 'llm'],
    ['llm.request.type completion', { 'llm.request.type': 'completion' }, 'llm'],
    [
      'GenAI operation wins over OpenInference',
      { 'gen_ai.operation.name': 'chat', 'openinference.span.kind': 'CHAIN' },
      'llm',
    ],
    ['unknown operation falls through', { 'gen_ai.operation.name': 'plan', 'traceloop.span.kind': 'tool' }, 'tool'],
    ['Traceloop guardrail attribute', { 'gen_ai.guardrail.name': 'pii' }, 'guardrail'],
    ['wrong types are ignored', { 'gen_ai.operation.name': 7, 'openinference.span.kind': ['LLM'] }, 'other'],
    ['nothing', {}, 'other'],
  ])('%s', (_name, attributes, expected) => {
    expect(detectKind(makeSpan({ attributes }), false, false)).toBe(expected);
  });

  it.each<[string, string, Attributes, SpanKind]>([
    ['a guardrail-named chain', 'input_guardrail', { 'openinference.span.kind': 'CHAIN' }, 'guardrail'],
    ['a moderation span without kind', 'OpenAI Moderation', {}, 'guardrail'],
    ['a guardrail-named LLM call stays an LLM call', 'guardrail judge', { 'gen_ai.operation.name': 'chat' }, 'llm'],
    ['a plain chain', 'RunnableSequence', { 'openinference.span.kind': 'CHAIN' }, 'chain'],
  ])('names: %s', (_name, name, attributes, expected) => {
    expect(detectKind(makeSpan({ name, attributes }), false, false)).toBe(expected);
  });

  it('calls an undeclared span with a model and messages an LLM call, and one with only a model other', () => {
    const span = makeSpan({ attributes: { 'gen_ai.request.model': 'llama3', 'gen_ai.prompt.0.content': 'hi' } });
    expect(normalizeSpan(span, [], defaultTagMapping).kind).toBe('llm');
    const modelOnly = makeSpan({ attributes: { 'gen_ai.request.model': 'llama3' } });
    expect(normalizeSpan(modelOnly, [], defaultTagMapping).kind).toBe('other');
  });
});
