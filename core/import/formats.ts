/** The import formats: rows of examples (streamed) and the exports of other tools (read whole, grouped by trace). */
export const ROW_FORMATS = ['jsonl', 'csv'] as const;
export const EXPORT_FORMATS = ['langfuse', 'langsmith', 'phoenix'] as const;
export const IMPORT_FORMATS = [...ROW_FORMATS, ...EXPORT_FORMATS] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Longest JSONL line or CSV record accepted (one example); a longer one is rejected, the rest go on. */
export const MAX_ROW_BYTES = 2 * 1024 * 1024;
/** Largest export file read whole (exports are grouped by trace before mapping). */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;
/** Rejections listed in a report (all are counted). */
export const MAX_LISTED_REJECTIONS = 100;

/** One rejected row: where (1-based line or record number, or the item's id), which row id, and why. */
export interface Rejection {
  at: string;
  id?: string;
  reason: string;
}

/** What an import did. */
export interface ImportReport {
  format: ImportFormat;
  /** Rows read (lines, records or export traces). */
  read: number;
  /** Rows stored as traces (a row imported before counts again: nothing changes). */
  imported: number;
  rejectedCount: number;
  rejected: Rejection[];
  /** Traces close like any trace, after TRACE_IDLE_SECONDS without a new span; then they reach signals and queues. */
  note: string;
}

/** Parses an export file: a JSON document (array or object) or JSON lines. */
export const parseExportText = (text: string): { items: unknown[]; bad: Rejection[] } => {
  const trimmed = text.trim();
  if (trimmed === '') return { items: [], bad: [] };
  try {
    const doc = JSON.parse(trimmed);
    return { items: Array.isArray(doc) ? doc : [doc], bad: [] };
  } catch {
    const items: unknown[] = [];
    const bad: Rejection[] = [];
    trimmed.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        items.push(JSON.parse(line));
      } catch (err) {
        bad.push({ at: `line ${i + 1}`, reason: `not JSON: ${(err as Error).message}` });
      }
    });
    return { items, bad };
  }
};
