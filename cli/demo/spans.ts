import type { Rng } from './rng.js';
import { toolDefinitions } from './tools.js';
import type { DemoSpan, Json, Topic } from './types.js';

export const AGENT_NAME = 'research-assistant';
export const REQUEST_MODEL = 'gpt-4o';
export const RESPONSE_MODEL = 'gpt-4o-2024-08-06';
/** The model's output-token limit: an answer that hits it is cut off (finish reason `length`). */
export const MAX_OUTPUT_TOKENS = 700;
export const DATA_SOURCE = 'kb-research';

export const SYSTEM_PROMPT =
  'You are a research assistant. Answer the question in a few sentences, at most 1,200 characters; if you need ' +
  'more, start with a line "TL;DR: <the answer>". Call exactly one tool that fits the question: web_search for ' +
  'recent or changing facts, encyclopedia_lookup for settled facts, calculator for arithmetic, get_weather for ' +
  'forecasts, convert_currency for money. Prefer the tool result over your own memory. Cite the retrieved sources ' +
  'below by their number, as [1] or [2]; never cite anything else.';

/** A GenAI message part list message. */
export type GenAiMessage = { role: string; parts: Record<string, Json>[]; finish_reason?: string };

const toolDefinitionsJson = JSON.stringify(toolDefinitions);

/** Rough token count of a text (≈ 4 characters per token). */
export const tokensOf = (text: string) => Math.ceil(text.length / 4);

/** The system instructions: the prompt, then the retrieved sources numbered as the answer cites them. */
export const systemInstructions = (topic: Topic) => [
  { type: 'text', content: SYSTEM_PROMPT },
  { type: 'text', content: `Retrieved sources:\n${topic.docs.map(([t, c], i) => `[${i + 1}] ${t}: ${c}`).join('\n')}` },
];

export const rootSpan = (durationMs: number, sessionId: string, userId: string): DemoSpan => ({
  ref: 'root',
  parentRef: null,
  name: `invoke_agent ${AGENT_NAME}`,
  kind: 'internal',
  startMs: 0,
  durationMs,
  attributes: {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': AGENT_NAME,
    'gen_ai.conversation.id': sessionId,
    'session.id': sessionId,
    'user.id': userId,
  },
});

export const retrievalSpan = (rng: Rng, topic: Topic, query: string, startMs: number): DemoSpan => {
  let score = rng.between(0.82, 0.95);
  const documents = topic.docs.map(([title, content], i) => {
    const doc = { id: `${topic.id}#${i + 1}`, score: Math.round(score * 1000) / 1000, content, metadata: { title } };
    score -= rng.between(0.03, 0.12);
    return doc;
  });
  return {
    ref: 'retrieval',
    parentRef: 'root',
    name: `retrieval ${DATA_SOURCE}`,
    kind: 'client',
    startMs,
    durationMs: rng.between(60, 350),
    attributes: {
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': DATA_SOURCE,
      'gen_ai.retrieval.query.text': query,
      'gen_ai.request.top_k': 4,
      'gen_ai.retrieval.documents': JSON.stringify(documents),
    },
  };
};

export interface ChatSpanInput {
  ref: string;
  startMs: number;
  durationMs: number;
  topic: Topic;
  input: GenAiMessage[];
  output: GenAiMessage;
  inputTokens: number;
  outputTokens: number;
  responseId: string;
}

export const chatSpan = (c: ChatSpanInput): DemoSpan => ({
  ref: c.ref,
  parentRef: 'root',
  name: `chat ${REQUEST_MODEL}`,
  kind: 'client',
  startMs: c.startMs,
  durationMs: c.durationMs,
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': REQUEST_MODEL,
    'gen_ai.response.model': RESPONSE_MODEL,
    'gen_ai.response.id': c.responseId,
    'gen_ai.request.temperature': 0.2,
    'gen_ai.request.max_tokens': MAX_OUTPUT_TOKENS,
    'server.address': 'api.openai.com',
    'server.port': 443,
    'gen_ai.system_instructions': JSON.stringify(systemInstructions(c.topic)),
    'gen_ai.tool.definitions': toolDefinitionsJson,
    'gen_ai.input.messages': JSON.stringify(c.input),
    'gen_ai.output.messages': JSON.stringify([c.output]),
    'gen_ai.response.finish_reasons': [c.output.finish_reason ?? 'stop'],
    'gen_ai.usage.input_tokens': c.inputTokens,
    'gen_ai.usage.output_tokens': c.outputTokens,
  },
});

export interface ToolSpanInput {
  ref: string;
  startMs: number;
  durationMs: number;
  name: string;
  callId: string;
  args: Record<string, Json>;
  /** The result, or the error the tool raised. */
  outcome: { result: Record<string, Json> } | { error: { type: string; message: string } };
}

export const toolSpan = (t: ToolSpanInput): DemoSpan => ({
  ref: t.ref,
  parentRef: 'root',
  name: `execute_tool ${t.name}`,
  kind: 'internal',
  startMs: t.startMs,
  durationMs: t.durationMs,
  attributes: {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': t.name,
    'gen_ai.tool.type': 'function',
    'gen_ai.tool.call.id': t.callId,
    'gen_ai.tool.call.arguments': JSON.stringify(t.args),
    ...('result' in t.outcome
      ? { 'gen_ai.tool.call.result': JSON.stringify(t.outcome.result) }
      : { 'error.type': t.outcome.error.type }),
  },
  ...('error' in t.outcome ? { error: t.outcome.error } : {}),
});
