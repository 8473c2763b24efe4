import type { Message, RetrievedDocument, ToolCall, ToolDefinition } from '../normalize/types.js';
import {
  listOf,
  numberOf,
  readDocument,
  readMessages,
  readSpanToolCalls,
  readToolDefinition,
  stringOf,
} from './stored-span.js';
import type { EvalItem } from './types.js';

/** The columns of a `traces` rollup row that an EvalItem is built from (as pg returns them). */
export interface TraceRowInput {
  trace_id: string;
  input?: string | null;
  output?: string | null;
  has_error?: boolean | null;
  output_tokens?: number | string | null;
}

/** The columns of a `spans` row that an EvalItem is built from; `content` is the normalized JSON column. */
export interface SpanRowInput {
  kind?: string | null;
  /** Unix ns as decimal text (`start_ns::text`), a bigint, or a number. */
  start_ns?: string | number | bigint | null;
  start_time?: string | null;
  end_time?: string | null;
  output_tokens?: number | string | null;
  is_error?: boolean | null;
  content?: unknown;
}

interface Span {
  row: SpanRowInput;
  kind: string | null;
  inputMessages: Message[];
  outputMessages: Message[];
  toolCalls: ToolCall[];
}

/**
 * The EvalItem of a stored trace: input and output from the rollup row ('' when null); messages
 * of every LLM call in span start order (inputs, then outputs), where history a later call resends
 * is not repeated; tool definitions from every span, one per name (the first with parameters);
 * tool calls from tool spans, or — when the trace has none — the calls LLMs requested, each with
 * its result (and missing arguments) filled from matching `tool` messages and requested calls by
 * id; retrieved documents from retrieval and LLM spans, first occurrence of each id + content.
 * outputTokens is the last LLM call's (the one that wrote the answer), or the rollup's when the
 * trace has at most one LLM call. Rows from older versions with missing content fields are read
 * as empty; the rows are not mutated.
 */
export const evalItemFromTrace = (trace: TraceRowInput, spanRows: readonly SpanRowInput[]): EvalItem => {
  const spans = sortByStart(spanRows).map(readSpan);
  const llm = spans.filter((s) => s.kind === 'llm' || s.kind === null);
  const messages = collectMessages(llm);
  return {
    traceId: trace.trace_id,
    input: trace.input ?? '',
    output: trace.output ?? '',
    systemInstructions:
      llm.map((s) => stringOf(s.row.content, 'systemInstructions')).find((t) => !!t) ??
      messages.find((m) => m.role === 'system')?.content ??
      null,
    messages,
    toolDefinitions: collectToolDefinitions(spans),
    toolCalls: collectToolCalls(spans, llm, messages),
    retrievedDocuments: dedupeDocuments(
      spans
        .filter((s) => s.kind === 'retrieval' || s.kind === 'llm' || s.kind === null)
        .flatMap((s) => listOf(s.row.content, 'retrievedDocuments').map(readDocument)),
    ),
    outputTokens: finalOutputTokens(trace, llm),
    hasError: trace.has_error ?? spanRows.some((r) => r.is_error === true),
  };
};

/** Context an uploaded candidate output was produced with; everything optional. */
export interface CandidateContext {
  systemInstructions?: string | null;
  /** The conversation; by default the input as a user message and the output as the assistant's. */
  messages?: Message[];
  toolDefinitions?: ToolDefinition[];
  toolCalls?: ToolCall[];
  /** Documents the candidate could cite: full records, or plain texts (numbered from 1, no id). */
  retrievedDocuments?: (RetrievedDocument | string)[];
  outputTokens?: number | null;
}

/** The EvalItem of an uploaded candidate output (a release candidate's answer to a dataset input). */
export const evalItemFromOutput = (candidate: {
  traceId: string;
  input: string;
  output: string | null;
  context?: CandidateContext;
}): EvalItem => {
  const { traceId, input, context = {} } = candidate;
  const output = candidate.output ?? '';
  const message = (role: string, content: string): Message => ({
    role,
    content,
    toolCalls: [],
    toolCallId: null,
    finishReason: null,
  });
  return {
    traceId,
    input,
    output,
    systemInstructions: context.systemInstructions ?? null,
    messages: context.messages ?? [
      ...(input ? [message('user', input)] : []),
      ...(output ? [message('assistant', output)] : []),
    ],
    toolDefinitions: context.toolDefinitions ?? [],
    toolCalls: context.toolCalls ?? [],
    retrievedDocuments: dedupeDocuments((context.retrievedDocuments ?? []).map(readDocument)),
    outputTokens: context.outputTokens ?? null,
    hasError: false,
  };
};

const startKey = (row: SpanRowInput): bigint | null => {
  const ns = row.start_ns;
  if (typeof ns === 'bigint') return ns;
  if (typeof ns === 'number' && Number.isFinite(ns)) return BigInt(Math.trunc(ns));
  if (typeof ns === 'string' && /^\d+$/.test(ns)) return BigInt(ns);
  const ms = row.start_time ? Date.parse(row.start_time) : Number.NaN;
  return Number.isFinite(ms) ? BigInt(ms) * 1_000_000n : null;
};

/** Start order; rows without a start time keep their place relative to each other, after the rest. */
const sortByStart = (rows: readonly SpanRowInput[]) =>
  rows
    .map((row, i) => ({ row, i, key: startKey(row) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) return a.key === b.key ? a.i - b.i : a.key === null ? 1 : -1;
      return a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i;
    })
    .map((s) => s.row);

const readSpan = (row: SpanRowInput): Span => {
  const outputMessages = readMessages(row.content, 'outputMessages');
  return {
    row,
    kind: typeof row.kind === 'string' ? row.kind : null,
    inputMessages: readMessages(row.content, 'inputMessages'),
    outputMessages,
    toolCalls: readSpanToolCalls(row.content, outputMessages),
  };
};

const messageKey = (m: Message) =>
  `${m.role}\u0000${m.content}\u0000${m.toolCallId ?? ''}\u0000${m.toolCalls.map((c) => `${c.id}:${c.name}`).join(',')}`;

/** Each call's messages, skipping the longest leading run of its inputs already emitted in sequence. */
const collectMessages = (llm: Span[]): Message[] => {
  const out: Message[] = [];
  const keys: string[] = [];
  for (const span of llm) {
    const inputKeys = span.inputMessages.map(messageKey);
    let skip = 0;
    for (let j = 0; j < keys.length && skip < inputKeys.length; j++) {
      let k = 0;
      while (k < inputKeys.length && j + k < keys.length && keys[j + k] === inputKeys[k]) k++;
      skip = Math.max(skip, k);
    }
    for (const m of [...span.inputMessages.slice(skip), ...span.outputMessages]) {
      out.push(m);
      keys.push(messageKey(m));
    }
  }
  return out;
};

const collectToolDefinitions = (spans: Span[]): ToolDefinition[] => {
  const byName = new Map<string, ToolDefinition>();
  for (const span of spans) {
    for (const raw of listOf(span.row.content, 'toolDefinitions')) {
      const d = readToolDefinition(raw);
      if (d === null) continue;
      const known = byName.get(d.name);
      if (known === undefined || (known.parameters === null && d.parameters !== null)) byName.set(d.name, d);
    }
  }
  return [...byName.values()];
};

const collectToolCalls = (spans: Span[], llm: Span[], messages: Message[]): ToolCall[] => {
  const requested = new Map<string, ToolCall>();
  const anonymous: ToolCall[] = [];
  for (const call of llm.flatMap((s) => s.toolCalls)) {
    if (call.id === null) anonymous.push(call);
    else if (!requested.has(call.id)) requested.set(call.id, call);
  }
  const answers = new Map<string, string>();
  for (const m of messages)
    if (m.toolCallId !== null && !answers.has(m.toolCallId)) answers.set(m.toolCallId, m.content);
  const fromToolSpans = spans.filter((s) => s.kind === 'tool').flatMap((s) => s.toolCalls);
  const calls = fromToolSpans.length > 0 ? fromToolSpans : [...requested.values(), ...anonymous];
  return calls.map((call) => {
    if (call.id === null) return { ...call };
    return {
      ...call,
      arguments: call.arguments ?? requested.get(call.id)?.arguments ?? null,
      result: call.result ?? answers.get(call.id) ?? null,
    };
  });
};

const dedupeDocuments = (docs: (RetrievedDocument | null)[]): RetrievedDocument[] => {
  const seen = new Set<string>();
  const out: RetrievedDocument[] = [];
  for (const d of docs) {
    if (d === null) continue;
    const key = `${d.id ?? ''}\u0000${d.content}`;
    if (!seen.has(key)) out.push(d);
    seen.add(key);
  }
  return out;
};

const finalOutputTokens = (trace: TraceRowInput, llm: Span[]): number | null => {
  const endOf = (s: Span) => (s.row.end_time ? Date.parse(s.row.end_time) : Number.NaN);
  const last = llm.reduce<Span | undefined>((a, s) => (a === undefined || !(endOf(s) < endOf(a)) ? s : a), undefined);
  const own = last ? numberOf(last.row.output_tokens) : null;
  if (own !== null) return own;
  return llm.length <= 1 ? numberOf(trace.output_tokens) : null;
};
