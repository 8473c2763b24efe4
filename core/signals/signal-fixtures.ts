import type { Message, ToolCall } from '../normalize/types.js';
import { rollupTrace } from '../rollup.js';
import { defaultSignalSettings } from './settings.js';
import type { RobustBaseline, SignalInput, SignalSpan } from './types.js';

/**
 * Builders for the signal tests: spans in the shape the database layer hands over, and a
 * SignalInput whose rollup is computed from them with the real rollupTrace.
 */
let counter = 0;

/** What a test says about a span: any field, `content` in part, and its start / duration in ms after T0. */
export type SpanInit = Omit<Partial<SignalSpan>, 'content'> & {
  at?: number;
  durationMs?: number;
  content?: Partial<SignalSpan['content']>;
};

const T0 = Date.parse('2025-06-01T12:00:00.000Z');

export function span(init: SpanInit = {}): SignalSpan {
  counter++;
  const { at = 1_000, durationMs = 500, content, ...rest } = init;
  return {
    spanId: `span${counter}`,
    parentSpanId: 'root',
    name: `span ${counter}`,
    kind: 'other',
    startNs: BigInt(T0 + at) * 1_000_000n,
    startTime: new Date(T0 + at).toISOString(),
    endTime: new Date(T0 + at + durationMs).toISOString(),
    isError: false,
    requestModel: null,
    responseModel: null,
    inputTokens: null,
    outputTokens: null,
    totalTokens: null,
    sessionId: null,
    userId: null,
    tags: {},
    attributes: {},
    finishReasons: [],
    statusMessage: null,
    errorType: null,
    ...rest,
    content: { inputMessages: [], outputMessages: [], toolCalls: [], input: null, output: null, ...content },
  };
}

export const msg = (role: string, content: string, extra: Partial<Message> = {}): Message => ({
  role,
  content,
  toolCalls: [],
  toolCallId: null,
  finishReason: null,
  ...extra,
});

export const call = (name: string, args: string | null, extra: Partial<ToolCall> = {}): ToolCall => ({
  id: null,
  name,
  arguments: args,
  result: null,
  error: null,
  ...extra,
});

/** An LLM call of gpt-4o answering `answer` to `question`. */
export function llm(init: SpanInit & { question?: string; answer?: string } = {}): SignalSpan {
  const { question = 'How do I reset my password?', answer = 'Use the reset link.', content, ...rest } = init;
  return span({
    kind: 'llm',
    name: 'chat gpt-4o',
    requestModel: 'gpt-4o',
    responseModel: 'gpt-4o-2024-08-06',
    inputTokens: 1_200,
    outputTokens: 150,
    finishReasons: ['stop'],
    content: {
      inputMessages: [msg('user', question)],
      outputMessages: [msg('assistant', answer)],
      toolCalls: [],
      input: null,
      output: null,
      ...content,
    },
    ...rest,
  });
}

/** A tool span executing `name(args)`. */
export function tool(name: string, args: string, init: SpanInit & { result?: string } = {}): SignalSpan {
  const { result = '{"ok":true}', ...rest } = init;
  return span({
    kind: 'tool',
    name: `execute_tool ${name}`,
    content: {
      inputMessages: [],
      outputMessages: [],
      toolCalls: [call(name, args, { result, error: init.isError ? (init.statusMessage ?? 'error') : null })],
      input: null,
      output: null,
    },
    ...rest,
  });
}

/** A root span around the others (so the rollup has a route name). */
export const root = (init: SpanInit = {}): SignalSpan =>
  span({ spanId: 'root', parentSpanId: null, name: 'answer', kind: 'chain', at: 0, durationMs: 60_000, ...init });

export const baseline = (median: number, mad: number, n = 100): RobustBaseline => ({ median, mad, n });

/** A SignalInput over `spans` (a root is added when none is given) with default settings. */
export function signalInput(spans: SignalSpan[], overrides: Partial<Omit<SignalInput, 'spans'>> = {}): SignalInput {
  const all = spans.some((s) => s.parentSpanId === null) ? spans : [root(), ...spans];
  return {
    rollup: rollupTrace(all),
    spans: all,
    baselines: { totalTokens: null, outputTokens: null, latencyMs: null },
    previous: null,
    feedback: [],
    settings: defaultSignalSettings,
    ...overrides,
  };
}
