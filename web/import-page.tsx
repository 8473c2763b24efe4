import { IMPORT_FORMATS, type ImportReport } from '../core/import/formats.js';
import { KIND_BRIEF, type SyntheticVariant, VARIANT_KINDS } from '../core/import/synthetic.js';
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
  /** Active failure modes the synthetic variants may probe. */
  modes: string[];
  report?: ImportReport;
  error?: string;
  /** A synthetic bootstrap's outcome: the variants and whether they were stored. */
  bootstrap?: { variants: SyntheticVariant[]; seeds: string[]; imported: ImportReport | null };
  bootstrapError?: string;
}

const Bootstrap = (p: ImportPageProps) => (
  <section class="card" id="bootstrap">
    <h2>Synthetic bootstrap</h2>
    <p class="small">
      Input variants per failure mode — paraphrases, adversarial and malformed inputs, other languages, prompt-injection
      attempts — written by the configured LLM, or without one from your templates. They are marked synthetic everywhere
      (tags <code>synthetic</code>, <code>source: synthetic</code>; dataset versions count them; calibration reports
      give their share).
    </p>
    {p.bootstrapError && (
      <p class="banner bad" role="alert" id="bootstrap-error">
        {p.bootstrapError}
      </p>
    )}
    {p.bootstrap && (
      <div id="bootstrap-result" aria-live="polite">
        <p class="small">
          {p.bootstrap.variants.length} variant(s) from {p.bootstrap.seeds.length} seed(s)
          {p.bootstrap.imported ? `; ${p.bootstrap.imported.imported} stored as synthetic traces` : '; not stored'}.
        </p>
        <ul class="small" id="bootstrap-variants">
          {p.bootstrap.variants.map((v) => (
            <li>
              <span class="badge">{v.kind}</span> {v.input}
            </li>
          ))}
        </ul>
      </div>
    )}
    <form method="post" action="/import/bootstrap" id="bootstrap-form">
      <p>
        <label for="bootstrap-mode">Failure mode</label>{' '}
        <select id="bootstrap-mode" name="failureMode">
          <option value="">(none: general variants)</option>
          {p.modes.map((m) => (
            <option value={m}>{m}</option>
          ))}
        </select>
      </p>
      <fieldset>
        <legend>Kinds</legend>
        {VARIANT_KINDS.map((k) => (
          <label class="small" style="display:block">
            <input type="checkbox" name="kinds" value={k} checked /> {k} — {KIND_BRIEF[k]}
          </label>
        ))}
      </fieldset>
      <p>
        <label for="bootstrap-seeds">Seeds (one user message per line; empty: the newest inputs of your traces)</label>
        <textarea id="bootstrap-seeds" name="seeds" rows={3} maxlength={100000} />
      </p>
      <p>
        <label for="bootstrap-templates">
          Templates (one per line, <code>kind: text</code>, <code>{'{input}'}</code> is the seed; required without an
          LLM)
        </label>
        <textarea id="bootstrap-templates" name="templates" rows={3} maxlength={100000} />
      </p>
      <p>
        <label for="bootstrap-per-seed">Variants per seed and kind</label>{' '}
        <input id="bootstrap-per-seed" type="number" name="perSeed" min={1} max={10} value="2" />
      </p>
      <button class="primary" type="submit">
        Generate
      </button>
    </form>
  </section>
);

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
    <Bootstrap {...p} />
  </Layout>
);
