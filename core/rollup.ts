import type { Message, SpanKind, ToolCall } from './normalize/types.js';
import { errorInToolResult } from './signals/looks-like-error.js';
import { collectToolInvocations } from './signals/tool-calls.js';

/** What the rollup needs of each span of a trace (the normalized columns of `spans`). */
export interface RollupSpan {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKind;
  /** Unix ns, as a decimal string or bigint. */
  startNs: bigint;
  startTime: string;
  endTime: string;
  isError: boolean;
  requestModel: string | null;
  responseModel: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  sessionId: string | null;
  userId: string | null;
  tags: Record<string, string>;
  content: {
    inputMessages: Message[];
    outputMessages: Message[];
    toolCalls: ToolCall[];
    input: string | null;
    output: string | null;
  };
}

/** The trace-level summary stored on `traces` (see db/schema.ts). */
export interface TraceRollup {
  rootSpanName: string | null;
  sessionId: string | null;
  userId: string | null;
  release: string | null;
  environment: string | null;
  promptVersion: string | null;
  modelVersion: string | null;
  featureFlags: Record<string, string>;
  tags: Record<string, string>;
  models: string[];
  input: string | null;
  output: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  spanCount: number;
  llmCalls: number;
  toolCalls: number;
  toolErrors: number;
  hasError: boolean;
  startTime: string | null;
  endTime: string | null;
  latencyMs: number | null;
}

const RESERVED_TAGS = new Set(['release', 'environment', 'prompt_version', 'model_version']);

const firstOf = <T>(spans: RollupSpan[], pick: (s: RollupSpan) => T | null | undefined): T | null => {
  for (const s of spans) {
    const v = pick(s);
    if (v !== null && v !== undefined && v !== '') return v;
  }
  return null;
};

const sumOf = (values: (number | null)[]) => {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) : null;
};

const lastUserText = (messages: Message[]) => {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user') return messages[i]!.content || null;
  return null;
};

const assistantText = (messages: Message[]) => {
  const text = messages
    .filter((m) => m.role === 'assistant' || m.role === 'model')
    .map((m) => m.content)
    .filter(Boolean);
  return text.length ? text.join('\n') : null;
};

const toMs = (iso: string) => Date.parse(iso);

/**
 * Failed tool calls, counted exactly as the tool_error signal sees them (core/signals/tool-error.ts):
 * a recorded error, or a result that reads as one. Counting only error statuses left the column at
 * 0 while the signal fired on `{"error": …}` results.
 */
const countToolErrors = (spans: RollupSpan[]): number =>
  collectToolInvocations(spans.map((s) => ({ ...s, attributes: {}, finishReasons: [], statusMessage: null }))).filter(
    (call) => call.error !== null || (call.result !== null && errorInToolResult(call.result) !== null),
  ).length;

/**
 * Summarizes a trace from its spans: root first, then by start time, decides which session,
 * user and tags win; the first user input is the newest user message the first LLM call saw,
 * the final output what the last LLM call (or else the root span) answered.
 */
export const rollupTrace = (input: RollupSpan[]): TraceRollup => {
  const spans = [...input].sort((a, b) => {
    const rootA = a.parentSpanId ? 1 : 0;
    const rootB = b.parentSpanId ? 1 : 0;
    return rootA - rootB || (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0);
  });
  const byTime = [...input].sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
  const llm = byTime.filter((s) => s.kind === 'llm');
  const root = spans.find((s) => !s.parentSpanId) ?? spans[0];
  const toolSpans = byTime.filter((s) => s.kind === 'tool');
  const requestedCalls = llm.flatMap((s) => s.content.toolCalls);

  const featureFlags: Record<string, string> = {};
  const tags: Record<string, string> = {};
  for (const s of spans) {
    for (const [k, v] of Object.entries(s.tags)) {
      if (k.startsWith('flag.')) featureFlags[k.slice(5)] ??= v;
      else if (!RESERVED_TAGS.has(k)) tags[k] ??= v;
    }
  }
  const models = [...new Set(llm.map((s) => s.responseModel ?? s.requestModel).filter((m): m is string => !!m))];
  const lastLlm = [...llm].sort((a, b) => toMs(a.endTime) - toMs(b.endTime)).at(-1);
  const firstLlm = llm[0];
  const starts = input.map((s) => toMs(s.startTime));
  const ends = input.map((s) => toMs(s.endTime));
  const start = starts.length ? Math.min(...starts) : null;
  const end = ends.length ? Math.max(...ends) : null;

  return {
    rootSpanName: root?.name ?? null,
    sessionId: firstOf(spans, (s) => s.sessionId),
    userId: firstOf(spans, (s) => s.userId),
    release: firstOf(spans, (s) => s.tags.release),
    environment: firstOf(spans, (s) => s.tags.environment),
    promptVersion: firstOf(spans, (s) => s.tags.prompt_version),
    modelVersion: firstOf(spans, (s) => s.tags.model_version),
    featureFlags,
    tags,
    models,
    input: (firstLlm && lastUserText(firstLlm.content.inputMessages)) ?? root?.content.input ?? null,
    output: (lastLlm && assistantText(lastLlm.content.outputMessages)) ?? root?.content.output ?? null,
    inputTokens: sumOf(llm.map((s) => s.inputTokens)),
    outputTokens: sumOf(llm.map((s) => s.outputTokens)),
    totalTokens: sumOf(llm.map((s) => s.totalTokens ?? sumOf([s.inputTokens, s.outputTokens]))),
    spanCount: input.length,
    llmCalls: llm.length,
    toolCalls: toolSpans.length || requestedCalls.length,
    toolErrors: countToolErrors(input),
    hasError: input.some((s) => s.isError),
    startTime: start === null ? null : new Date(start).toISOString(),
    endTime: end === null ? null : new Date(end).toISOString(),
    latencyMs: start === null || end === null ? null : end - start,
  };
};
