import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { IMPORT_FORMATS, type ImportFormat, type ImportReport } from '../core/import/formats.js';
import { createApiClient } from './api-client.js';

const USAGE = `usage: evalloop import <file> [--format ${IMPORT_FORMATS.join('|')}] [--synthetic] [--url U] [--key K]
  JSONL or CSV of examples (id, input, output, system, documents, toolCalls, session, user, release, model, tags,
  timestamp), or a Langfuse, LangSmith or Arize Phoenix export. Needs an ingest or admin key.`;

/** The format a file's name suggests when --format is not given. */
const guessFormat = (file: string): ImportFormat => (file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');

/**
 * `evalloop import <file>`: streams the file to `POST /api/import` and prints the report (how many
 * rows were read and imported, and each rejected row with its reason). Exit 0 when every row was
 * imported, 1 when some were rejected, 2 on an error.
 */
export const runImport = async (argv: string[]): Promise<number> => {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      synthetic: { type: 'boolean', default: false },
      url: { type: 'string' },
      key: { type: 'string' },
    },
  });
  const [file] = positionals;
  if (!file) throw new Error(USAGE);
  if (values.format && !(IMPORT_FORMATS as readonly string[]).includes(values.format))
    throw new Error(`--format must be one of ${IMPORT_FORMATS.join(', ')}\n${USAGE}`);
  await stat(file).catch(() => {
    throw new Error(`cannot read ${file}`);
  });
  const format = (values.format as ImportFormat | undefined) ?? guessFormat(file);
  const api = createApiClient({ url: values.url, key: values.key });
  const query = new URLSearchParams({ format, ...(values.synthetic ? { synthetic: 'true' } : {}) });
  const contentType = file.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/x-ndjson';
  const report = await api.upload<ImportReport>(
    `/api/import?${query}`,
    Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
    contentType,
  );
  process.stdout.write(
    `${format}: read ${report.read}, imported ${report.imported}, rejected ${report.rejectedCount}\n`,
  );
  for (const r of report.rejected) process.stdout.write(`  ${r.at}${r.id ? ` (${r.id})` : ''}: ${r.reason}\n`);
  if (report.rejectedCount > report.rejected.length)
    process.stdout.write(`  … and ${report.rejectedCount - report.rejected.length} more\n`);
  process.stdout.write(`${report.note}\n`);
  return report.rejectedCount > 0 ? 1 : 0;
};
