import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { type Candidate, fromLangfuse, fromLangsmith, fromPhoenix } from '../core/import/exports.js';
import {
  type EXPORT_FORMATS,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportReport,
  MAX_EXPORT_BYTES,
  MAX_LISTED_REJECTIONS,
  MAX_ROW_BYTES,
  parseExportText,
  type Rejection,
} from '../core/import/formats.js';
import { csvRecordToRow, describeRowIssue, importRowSchema } from '../core/import/row.js';
import { type ImportSource, importRowToSpans } from '../core/import/to-spans.js';
import { toPostgresJson } from '../core/ingest/postgres-json.js';
import { spanRow } from '../core/ingest/rows.js';
import { normalizeSpan } from '../core/normalize/normalize-span.js';
import type { ProjectSettings } from '../core/project-settings.js';
import type { IngestWriter } from '../db/ingest-writer.js';
import { type AppEnv, type KeyLookup, requirePermission } from './auth.js';
import { validate } from './validate.js';

export interface ImportRouteDeps {
  lookupKey: KeyLookup;
  settingsOf: (projectId: string) => Promise<ProjectSettings>;
  writer: IngestWriter;
  traceIdleSeconds: number;
}

const BATCH = 500;

export const importQuery = z.object({
  format: z.enum(IMPORT_FORMATS).optional().describe('default: from the content type (text/csv → csv, else jsonl)'),
  synthetic: z.enum(['true', 'false']).optional().describe('mark every row synthetic (generated, not observed)'),
});

/** A candidate row with where it came from. */
interface Located {
  at: string;
  value: Record<string, unknown> | { error: string };
}

/**
 * Validates, maps and stores rows in batches: each row becomes the spans of one trace
 * (core/import/to-spans.ts) written through the same normalizer and writer as OTLP. A bad row is
 * rejected with its reason; the others go on.
 */
const createImporter = (
  deps: ImportRouteDeps,
  projectId: string,
  settings: ProjectSettings,
  format: ImportFormat,
  synthetic: boolean,
) => {
  const report: ImportReport = {
    format,
    read: 0,
    imported: 0,
    rejectedCount: 0,
    rejected: [],
    note: `imported traces close after ${deps.traceIdleSeconds} s without a new span, like any trace; then they get signals and can be queued for review`,
  };
  const reject = (r: Rejection) => {
    report.rejectedCount += 1;
    if (report.rejected.length < MAX_LISTED_REJECTIONS) report.rejected.push(r);
  };
  const source: ImportSource = synthetic ? 'synthetic' : format;
  let pending: Located[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    const rows: string[] = [];
    let stored = 0;
    const now = Date.now();
    for (const item of batch) {
      if ('error' in item.value) {
        reject({ at: item.at, reason: String(item.value.error) });
        continue;
      }
      const candidate = synthetic ? { ...item.value, synthetic: true } : item.value;
      const parsed = importRowSchema.safeParse(candidate);
      const id = typeof item.value.id === 'string' ? item.value.id.slice(0, 200) : undefined;
      if (!parsed.success) {
        reject({ at: item.at, id, reason: describeRowIssue(parsed.error) });
        continue;
      }
      try {
        for (const span of importRowToSpans(parsed.data, source, now))
          rows.push(toPostgresJson(spanRow(projectId, span, normalizeSpan(span, [], settings.tagMapping))));
        stored += 1;
      } catch (err) {
        reject({ at: item.at, id, reason: `could not be mapped: ${(err as Error).message}` });
      }
    }
    if (rows.length > 0) {
      const written = await deps.writer.writeSpans(rows);
      for (const reason of written.rejected.slice(0, 10)) reject({ at: 'database', reason });
    }
    report.imported += stored;
  };
  return {
    report,
    add: async (item: Located) => {
      report.read += 1;
      pending.push(item);
      if (pending.length >= BATCH) await flush();
    },
    finish: async () => {
      await flush();
      return report;
    },
  };
};

type Importer = ReturnType<typeof createImporter>;

/** JSON lines, streamed: one example per line, bounded line length. */
const readJsonl = async (body: ReadableStream<Uint8Array>, importer: Importer) => {
  const decoder = new TextDecoder();
  let buffer = '';
  let line = 0;
  let skipping = false;
  const take = async (text: string) => {
    line += 1;
    if (text.trim() === '') return;
    if (text.length > MAX_ROW_BYTES) {
      await importer.add({ at: `line ${line}`, value: { error: `line longer than ${MAX_ROW_BYTES} bytes` } });
      return;
    }
    let value: Located['value'];
    try {
      const parsed = JSON.parse(text);
      value =
        parsed && typeof parsed === 'object' && !Array.isArray(parsed)
          ? parsed
          : { error: 'a line must hold one JSON object' };
    } catch (err) {
      value = { error: `not JSON: ${(err as Error).message}` };
    }
    await importer.add({ at: `line ${line}`, value });
  };
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (skipping) {
        skipping = false;
        line += 1;
      } else await take(text);
      newline = buffer.indexOf('\n');
    }
    if (buffer.length > MAX_ROW_BYTES) {
      if (!skipping)
        await importer.add({ at: `line ${line + 1}`, value: { error: `line longer than ${MAX_ROW_BYTES} bytes` } });
      skipping = true;
      buffer = '';
    }
  }
  buffer += decoder.decode();
  if (!skipping && buffer.length > 0) await take(buffer);
};

/** CSV with a header row, streamed; a malformed record is rejected with its number, the rest go on. */
const readCsv = async (body: ReadableStream<Uint8Array>, importer: Importer) => {
  const parser = Readable.fromWeb(body as import('node:stream/web').ReadableStream).pipe(
    parseCsv({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_ROW_BYTES,
      info: true,
    }),
  );
  const skipped: Located[] = [];
  parser.on('skip', (err: Error & { lines?: number }) => {
    skipped.push({ at: `line ${err.lines ?? '?'}`, value: { error: `malformed CSV: ${err.message}` } });
  });
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    for (const s of skipped.splice(0)) await importer.add(s);
    await importer.add({ at: `line ${info.lines}`, value: csvRecordToRow(record) });
  }
  for (const s of skipped.splice(0)) await importer.add(s);
};

/** An export file, read whole (bounded) and grouped by trace by its tool's mapper. */
const readExport = async (
  body: ReadableStream<Uint8Array>,
  format: (typeof EXPORT_FORMATS)[number],
  csv: boolean,
  importer: Importer,
) => {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_EXPORT_BYTES)
      throw new AppError('payload_too_large', `an export file may be at most ${MAX_EXPORT_BYTES} bytes; split it`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const { items, bad } = csv ? await csvItems(text) : parseExportText(text);
  for (const b of bad) await importer.add({ at: b.at, value: { error: b.reason } });
  const mapper = { langfuse: fromLangfuse, langsmith: fromLangsmith, phoenix: fromPhoenix }[format];
  for (const [i, candidate] of mapper(items).entries()) await importer.add(locate(candidate, i));
};

/** A dataframe exported as CSV: cells that hold JSON (lists, objects) are read as JSON. */
const csvItems = async (text: string) => {
  const items: unknown[] = [];
  const bad: Rejection[] = [];
  const parser = Readable.from([text]).pipe(
    parseCsv({ columns: true, bom: true, skip_empty_lines: true, skip_records_with_error: true }),
  );
  parser.on('skip', (err: Error & { lines?: number }) =>
    bad.push({ at: `line ${err.lines ?? '?'}`, reason: `malformed CSV: ${err.message}` }),
  );
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    const item: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) {
      if (v === '') continue;
      const t = v.trim();
      if (t.startsWith('{') || t.startsWith('[')) {
        try {
          item[k] = JSON.parse(t);
          continue;
        } catch {}
      }
      item[k] = /^-?\d+(\.\d+)?$/.test(t) && !k.endsWith('id') ? Number(t) : v;
    }
    items.push(item);
  }
  return { items, bad };
};

const locate = (c: Candidate, i: number): Located =>
  'row' in c ? { at: `trace ${String(c.row.id ?? i + 1)}`, value: c.row } : { at: c.ref, value: { error: c.error } };

/**
 * Imports one body (a stream) into the project: rows streamed, exports read whole. Shared by the
 * API route and the web page's upload form.
 */
export const importBody = async (
  deps: ImportRouteDeps,
  projectId: string,
  body: ReadableStream<Uint8Array>,
  options: { format: ImportFormat; csv: boolean; synthetic: boolean },
): Promise<ImportReport> => {
  const { format, csv, synthetic } = options;
  const importer = createImporter(deps, projectId, await deps.settingsOf(projectId), format, synthetic);
  if (format === 'jsonl') await readJsonl(body, importer);
  else if (format === 'csv') await readCsv(body, importer);
  else await readExport(body, format, csv, importer);
  const report = await importer.finish();
  if (report.read === 0) throw new AppError('bad_request', `no ${format} rows in the body`);
  return report;
};

/** Imports rows already in memory (e.g. synthetic variants) through the same validation and mapping. */
export const importRows = async (
  deps: ImportRouteDeps,
  projectId: string,
  rows: Record<string, unknown>[],
  synthetic: boolean,
): Promise<ImportReport> => {
  const importer = createImporter(deps, projectId, await deps.settingsOf(projectId), 'jsonl', synthetic);
  for (const [i, row] of rows.entries()) await importer.add({ at: `row ${i + 1}`, value: row });
  return importer.finish();
};

/**
 * Cold start: existing examples imported as traces (`POST /api/import`, ingest or admin key).
 * JSONL and CSV are streamed row by row; Langfuse, LangSmith and Phoenix exports are mapped onto
 * the same fields. Idempotent by row id; every rejected row is reported with its reason.
 */
export const createImportRoutes = (deps: ImportRouteDeps) => {
  const app = new Hono<AppEnv>();
  app.post('/', requirePermission(deps.lookupKey, 'ingest'), validate('query', importQuery), async (c) => {
    const q = c.req.valid('query');
    const csv = /text\/csv/i.test(c.req.header('content-type') ?? '');
    const body = c.req.raw.body;
    if (!body) throw new AppError('bad_request', 'the body is empty: send JSONL, CSV or an export file');
    const projectId = c.get('caller').projectId;
    const report = await importBody(deps, projectId, body, {
      format: q.format ?? (csv ? 'csv' : 'jsonl'),
      csv,
      synthetic: q.synthetic === 'true',
    });
    return c.json(report);
  });
  return app;
};
