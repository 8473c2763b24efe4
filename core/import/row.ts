import { z } from 'zod';

/**
 * One example imported as a trace (cold start: a system with no production traffic yet). JSONL
 * lines and CSV rows both read into this shape; the exports of other tools (Langfuse, LangSmith,
 * Arize Phoenix) are mapped onto it too, so every source reaches the same normalized fields.
 */
const text = (max: number) => z.string().max(max);

const documentSchema = z.object({
  id: z.string().max(500).optional(),
  title: z.string().max(2_000).optional(),
  content: text(200_000),
  score: z.number().finite().optional(),
  source: z.string().max(2_000).optional(),
});

const toolCallSchema = z.object({
  name: z.string().min(1).max(500),
  arguments: z.union([z.string().max(200_000), z.record(z.string(), z.unknown())]).optional(),
  result: z.string().max(200_000).optional(),
  /** The tool failed: its error message. */
  error: z.string().max(20_000).optional(),
});

const timestampSchema = z.union([
  z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time with a time zone' }),
  z.number().int().min(0).max(4_102_444_800_000).describe('ms since the epoch'),
]);

export const importRowSchema = z
  .object({
    /** The row's own id: importing the same id again changes nothing (idempotent). */
    id: z.string().trim().min(1, 'every row needs an id (its re-import key)').max(200),
    input: text(1_000_000).min(1, 'input is empty'),
    output: text(1_000_000).optional(),
    system: text(200_000).optional(),
    documents: z.array(documentSchema).max(200).optional(),
    toolCalls: z.array(toolCallSchema).max(200).optional(),
    session: z.string().max(500).optional(),
    user: z.string().max(500).optional(),
    release: z.string().max(200).optional(),
    environment: z.string().max(200).optional(),
    promptVersion: z.string().max(200).optional(),
    model: z.string().max(200).optional(),
    tags: z.record(z.string().max(200), z.union([z.string().max(2_000), z.number(), z.boolean()])).optional(),
    timestamp: timestampSchema.optional(),
    latencyMs: z.number().finite().min(0).max(86_400_000).optional(),
    inputTokens: z.number().int().min(0).optional(),
    outputTokens: z.number().int().min(0).optional(),
    /** The row was generated, not observed (synthetic bootstrap): marked so everywhere. */
    synthetic: z.boolean().optional(),
  })
  .strict();

export type ImportRow = z.infer<typeof importRowSchema>;
export type ImportDocument = z.infer<typeof documentSchema>;
export type ImportToolCall = z.infer<typeof toolCallSchema>;

/** Columns of a CSV import whose cells hold JSON (arrays or objects). */
export const JSON_COLUMNS = new Set(['documents', 'toolCalls', 'tags']);
/** Columns of a CSV import whose cells are numbers or booleans. */
const NUMBER_COLUMNS = new Set(['latencyMs', 'inputTokens', 'outputTokens']);

/**
 * A CSV record (header → cell) as an import row candidate: empty cells are absent, JSON columns
 * parsed, `tags.<name>` columns gathered into `tags`, numbers and booleans read. Unreadable
 * cells are left as text so validation names the field.
 */
export const csvRecordToRow = (record: Record<string, string>): Record<string, unknown> => {
  const row: Record<string, unknown> = {};
  const tags: Record<string, string> = {};
  for (const [column, cell] of Object.entries(record)) {
    if (cell === '' || cell === undefined) continue;
    if (column.startsWith('tags.')) tags[column.slice(5)] = cell;
    else if (JSON_COLUMNS.has(column)) row[column] = parseJsonCell(cell);
    else if (NUMBER_COLUMNS.has(column)) row[column] = Number.isFinite(Number(cell)) ? Number(cell) : cell;
    else if (column === 'synthetic')
      row[column] = /^(true|1|yes)$/i.test(cell) ? true : /^(false|0|no)$/i.test(cell) ? false : cell;
    else if (column === 'timestamp' && /^\d+$/.test(cell)) row[column] = Number(cell);
    else row[column] = cell;
  }
  if (Object.keys(tags).length > 0) row.tags = { ...(row.tags as object | undefined), ...tags };
  return row;
};

const parseJsonCell = (cell: string): unknown => {
  try {
    return JSON.parse(cell);
  } catch {
    return cell;
  }
};

/** The first validation problem of a candidate row, as one readable sentence. */
export const describeRowIssue = (error: z.ZodError) =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : 'row'}: ${i.message}`)
    .join('; ');
