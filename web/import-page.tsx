import { IMPORT_FORMATS, type ImportReport } from '../core/import/formats.js';
import { Layout } from './layout.js';

const formatHelp: Record<(typeof IMPORT_FORMATS)[number], string> = {
  jsonl: 'JSON lines of examples',
  csv: 'CSV of examples (header row)',
  langfuse: 'Langfuse trace download or table export',
  langsmith: 'LangSmith runs or dataset examples',
  phoenix: 'Arize Phoenix spans (JSON lines or dataframe CSV)',
};

export interface ImportPageProps {
  who: string;
  report?: ImportReport;
  error?: string;
}

/** Cold start from the UI: upload examples or another tool's export; the report lists every rejected row. */
export const ImportPage = (p: ImportPageProps) => (
  <Layout title="Import" page="keys" who={p.who}>
    <h1>Import examples</h1>
    <p class="small">
      No production traffic yet? Import existing examples as traces: each row becomes one trace (input, output, system
      prompt, documents, tool calls, session, user, release, model, tags) and goes through the same loop — signals,
      review queue, labels, evaluators. Rows are keyed by their <code>id</code>: importing a file again changes nothing.
    </p>
    {p.error && (
      <p class="banner bad" role="alert" id="import-error">
        {p.error}
      </p>
    )}
    {p.report && (
      <section class="card" id="import-report" aria-live="polite">
        <h2>
          Imported {p.report.imported} of {p.report.read} ({p.report.format})
        </h2>
        {p.report.rejectedCount > 0 ? (
          <>
            <p class="small">{p.report.rejectedCount} rejected:</p>
            <ul class="small" id="import-rejected">
              {p.report.rejected.map((r) => (
                <li>
                  <b>{r.at}</b>
                  {r.id ? ` (${r.id})` : ''}: {r.reason}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p class="small">No row was rejected.</p>
        )}
        <p class="small muted">{p.report.note}</p>
      </section>
    )}
    <section class="card">
      <h2>Upload a file</h2>
      <form method="post" action="/import" enctype="multipart/form-data" id="import-form">
        <p>
          <label for="import-file">File</label>{' '}
          <input id="import-file" type="file" name="file" required accept=".jsonl,.json,.ndjson,.csv" />
        </p>
        <p>
          <label for="import-format">Format</label>{' '}
          <select id="import-format" name="format">
            {IMPORT_FORMATS.map((f) => (
              <option value={f}>
                {f} — {formatHelp[f]}
              </option>
            ))}
          </select>
        </p>
        <p class="small">
          <label>
            <input type="checkbox" name="synthetic" value="on" /> These rows were generated, not observed (marked
            synthetic everywhere)
          </label>
        </p>
        <button class="primary" type="submit">
          Import
        </button>
      </form>
      <p class="small muted">
        Or from a shell: <code>npm run evalloop -- import examples.jsonl</code>, or{' '}
        <code>POST /api/import?format=…</code> with an ingest key.
      </p>
    </section>
  </Layout>
);
