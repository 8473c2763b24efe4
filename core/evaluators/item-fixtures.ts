import type { Message, RetrievedDocument, ToolCall, ToolDefinition } from '../normalize/types.js';
import type { EvalItem } from './types.js';

/** Test fixtures: an EvalItem with sensible empty defaults, and its parts. */
export const makeItem = (over: Partial<EvalItem> = {}): EvalItem => ({
  traceId: 'a'.repeat(32),
  input: '',
  output: '',
  systemInstructions: null,
  messages: [],
  toolDefinitions: [],
  toolCalls: [],
  retrievedDocuments: [],
  outputTokens: null,
  hasError: false,
  ...over,
});

export const toolCall = (name: string, args: string | null, over: Partial<ToolCall> = {}): ToolCall => ({
  id: null,
  name,
  arguments: args,
  result: null,
  error: null,
  ...over,
});

export const toolDefinition = (name: string, parameters: ToolDefinition['parameters']): ToolDefinition => ({
  name,
  description: null,
  parameters,
});

export const message = (role: string, content: string, over: Partial<Message> = {}): Message => ({
  role,
  content,
  toolCalls: [],
  toolCallId: null,
  finishReason: null,
  ...over,
});

export const document = (content: string, id: string | null = null): RetrievedDocument => ({
  id,
  content,
  score: null,
  metadata: null,
});

/** About 1 MB of varied prose (no JSON, no citations), for bounded-time tests. */
export const hugeText = (bytes = 1_000_000): string => {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'naïve', 'café', 'résumé', '😀', 'שלום', 'x'.repeat(50)];
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const w = words[(i * 7919) % words.length]!;
    out.push(w);
    size += w.length + 1;
  }
  return out.join(' ');
};
