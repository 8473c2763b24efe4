/** A message as stored in a span's normalized content (read loosely: jsonb). */
type StoredMessage = Record<string, unknown>;

/** One span row with normalized content, as the trace view loads it. */
export interface HistorySpan {
  span_id: string;
  kind: string;
  content: { inputMessages?: unknown; outputMessages?: unknown } & Record<string, unknown>;
  repeated?: number;
  repeated_from?: string | null;
}

const messagesOf = (v: unknown): StoredMessage[] => (Array.isArray(v) ? (v as StoredMessage[]) : []);

const sameMessage = (a: StoredMessage, b: StoredMessage) => {
  const { finishReason: _a, ...x } = a ?? {};
  const { finishReason: _b, ...y } = b ?? {};
  return JSON.stringify(x) === JSON.stringify(y);
};

/**
 * Cuts each LLM span's repeated conversation history (rows in start order), as
 * db/trace-view-spans.ts does in SQL: `repeated` = the longest prefix of its input messages equal
 * (finish reasons aside) to the previous LLM span's input then output; only the rest is kept.
 */
export const compactHistory = <S extends HistorySpan>(rows: S[]): S[] => {
  let previous: S | null = null;
  return rows.map((row) => {
    if (row.kind !== 'llm') return { ...row, repeated: 0, repeated_from: null };
    const input = messagesOf(row.content.inputMessages);
    const before = previous
      ? [...messagesOf(previous.content.inputMessages), ...messagesOf(previous.content.outputMessages)]
      : [];
    let n = 0;
    while (n < input.length && n < before.length && sameMessage(input[n]!, before[n]!)) n++;
    const from = previous?.span_id ?? null;
    previous = row;
    return n === 0
      ? { ...row, repeated: 0, repeated_from: null }
      : { ...row, repeated: n, repeated_from: from, content: { ...row.content, inputMessages: input.slice(n) } };
  });
};
