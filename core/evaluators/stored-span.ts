import type { Message, RetrievedDocument, ToolCall, ToolDefinition } from '../normalize/types.js';
import type { JsonValue } from '../otlp/types.js';

/**
 * Reading the normalized `content` column of stored span rows defensively: rows written by older
 * versions may lack fields or hold them in another shape. Every reader returns fresh objects (the
 * rows are never mutated) and skips what it cannot make sense of instead of throwing.
 */

type Loose = Record<string, unknown>;

const isLoose = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Text of a value that should be a string: objects are serialized, other scalars stringified. */
const text = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

/** The array under `key` of a row's content, or []. */
export const listOf = (content: unknown, key: string): unknown[] => {
  const v = isLoose(content) ? content[key] : undefined;
  return Array.isArray(v) ? v : [];
};

/** The string under `key` of a row's content, or null. */
export const stringOf = (content: unknown, key: string): string | null => (isLoose(content) ? str(content[key]) : null);

export const readToolCall = (v: unknown): ToolCall | null => {
  if (!isLoose(v)) return null;
  const name = str(v.name);
  if (name === null) return null;
  return { id: str(v.id), name, arguments: text(v.arguments), result: text(v.result), error: text(v.error) };
};

const readToolCalls = (list: unknown[]) => list.map(readToolCall).filter((c): c is ToolCall => c !== null);

export const readMessage = (v: unknown): Message | null => {
  if (typeof v === 'string') return { role: 'user', content: v, toolCalls: [], toolCallId: null, finishReason: null };
  if (!isLoose(v)) return null;
  return {
    role: str(v.role) ?? 'unknown',
    content: text(v.content) ?? '',
    toolCalls: readToolCalls(Array.isArray(v.toolCalls) ? v.toolCalls : []),
    toolCallId: str(v.toolCallId),
    finishReason: str(v.finishReason),
  };
};

export const readMessages = (content: unknown, key: 'inputMessages' | 'outputMessages'): Message[] =>
  listOf(content, key)
    .map(readMessage)
    .filter((m): m is Message => m !== null);

/** A span's own tool calls; for LLM rows without the column, the calls its output messages requested. */
export const readSpanToolCalls = (content: unknown, outputMessages: Message[]): ToolCall[] => {
  const own = listOf(content, 'toolCalls');
  if (own.length > 0 || (isLoose(content) && Array.isArray(content.toolCalls))) return readToolCalls(own);
  return outputMessages.flatMap((m) => m.toolCalls.map((c) => ({ ...c })));
};

export const readToolDefinition = (v: unknown): ToolDefinition | null => {
  if (!isLoose(v)) return null;
  const name = str(v.name);
  if (name === null) return null;
  let parameters = (v.parameters ?? null) as JsonValue;
  if (typeof parameters === 'string') {
    try {
      parameters = JSON.parse(parameters) as JsonValue;
    } catch {
      // kept as the string; evaluators treat a non-object schema as absent
    }
  }
  return { name, description: str(v.description), parameters };
};

export const readDocument = (v: unknown): RetrievedDocument | null => {
  if (typeof v === 'string') return { id: null, content: v, score: null, metadata: null };
  if (!isLoose(v)) return null;
  const id = typeof v.id === 'number' ? String(v.id) : str(v.id);
  const score = typeof v.score === 'number' ? v.score : null;
  return { id, content: text(v.content) ?? '', score, metadata: (v.metadata ?? null) as JsonValue };
};

/** A number column that pg may return as a string (bigint, numeric). */
export const numberOf = (v: unknown): number | null => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
};
