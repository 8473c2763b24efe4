import { signalNames } from '../core/signals/types.js';
import { fmtWhen } from './eval-widgets.js';
import { Layout } from './layout.js';
import { fmtMs } from './widgets.js';

/** One listed trace: its rollup row (redacted), and where its session link goes. */
export interface ExplorerRow {
  traceId: string;
  time: string;
  status: string;
  rootSpanName: string | null;
  input: string | null;
  output: string | null;
  hasError: boolean;
  latencyMs: number | null;
  release: string | null;
  models: string[];
  promptVersion: string | null;
  userId: string | null;
  session: { shown: string; href: string } | null;
  signals: string[];
}

export interface TracesPageProps {
  who: string;
  /** The form's current values (as the query string had them). */
  values: Record<string, string>;
  failureModes: { key: string; title: string }[];
  evaluators: { id: string; name: string; failureMode: string }[];
  rows: ExplorerRow[];
  /** Query string of the next page, or null on the last one. */
  nextHref: string | null;
  /** Text search only: how many traces this page scanned, and whether it stopped at the bound. */
  scan: { scanned: number; limited: boolean } | null;
  /** A bad filter or cursor: the message naming it (the page answers 400). */
  error: string | null;
}

/** Signal badges: dark amber on light amber (the shared `.warn` amber is too light for small text). */
export const SIGNAL_STYLE = 'background:#fff5d6;color:#6b4700';

/** Characters of input / output a list row shows (the trace page has all of it). */
const PREVIEW = 240;
const preview = (text: string | null) =>
  text === null ? '' : text.length > PREVIEW ? `${text.slice(0, PREVIEW)}…` : text;

const field = 'display:flex;flex-direction:column;gap:2px;min-width:0';
const control =
  'width:100%;font:inherit;padding:5px 6px;border:1px solid var(--line);border-radius:6px;box-sizing:border-box';

const TextField = (p: { name: string; label: string; value?: string; type?: string; placeholder?: string }) => (
  <label style={field} class="small">
    {p.label}
    <input
      type={p.type ?? 'text'}
      name={p.name}
      id={`f-${p.name}`}
      value={p.value ?? ''}
      placeholder={p.placeholder}
      style={control}
    />
  </label>
);

const Select = (p: { name: string; label: string; value?: string; options: [string, string][] }) => (
  <label style={field} class="small">
    {p.label}
    <select name={p.name} id={`f-${p.name}`} style={control}>
      <option value="">any</option>
      {p.options.map(([value, text]) => (
        <option value={value} selected={p.value === value}>
          {text}
        </option>
      ))}
    </select>
  </label>
);

/** datetime-local wants `YYYY-MM-DDTHH:MM`; the query holds ISO instants (UTC). */
const localValue = (iso: string | undefined) => (iso ? iso.replace(/(:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/, '$1') : '');

const Filters = (p: TracesPageProps) => {
  const v = p.values;
  return (
    <search>
      <form method="get" action="/traces" class="card" id="filters" aria-label="trace filters">
        <div style="display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:8px 10px">
          <TextField name="text" label="text in input / output" value={v.text} placeholder="refund" />
          <TextField name="from" label="from (UTC)" type="datetime-local" value={localValue(v.from)} />
          <TextField name="to" label="to (UTC)" type="datetime-local" value={localValue(v.to)} />
          <TextField name="release" label="release" value={v.release} />
          <TextField name="model" label="model" value={v.model} />
          <TextField name="promptVersion" label="prompt version" value={v.promptVersion} />
          <TextField name="session" label="session" value={v.session} />
          <TextField name="user" label="user" value={v.user} />
          <Select name="signal" label="signal" value={v.signal} options={signalNames.map((s) => [s, s])} />
          <Select
            name="labeled"
            label="labeled"
            value={v.labeled}
            options={[
              ['true', 'labeled'],
              ['false', 'not labeled'],
            ]}
          />
          <Select
            name="failureMode"
            label="label: failure mode"
            value={v.failureMode}
            options={p.failureModes.map((m) => [m.key, m.title])}
          />
          <Select
            name="evaluator"
            label="evaluator"
            value={v.evaluator}
            options={p.evaluators.map((e) => [e.id, `${e.name} (${e.failureMode})`])}
          />
          <Select
            name="verdict"
            label="evaluator verdict"
            value={v.verdict}
            options={[
              ['fail', 'fail'],
              ['pass', 'pass'],
            ]}
          />
          <Select
            name="hasError"
            label="error"
            value={v.hasError}
            options={[
              ['true', 'has an error'],
              ['false', 'no error'],
            ]}
          />
        </div>
        <div class="row" style="margin-top:10px">
          <button type="submit">Filter</button>
          <a href="/traces">clear</a>
        </div>
      </form>
    </search>
  );
};

const Row = ({ r }: { r: ExplorerRow }) => (
  <li class="card" style="margin-bottom:8px" data-trace={r.traceId}>
    <div class="row" style="gap:8px">
      <a href={`/traces/${r.traceId}?back=${encodeURIComponent('/traces')}`} class="mono">
        <b>{r.rootSpanName ?? 'trace'}</b> {r.traceId.slice(0, 8)}
      </a>
      <span class="muted small">{fmtWhen(r.time)}</span>
      <span class="muted small">{fmtMs(r.latencyMs)}</span>
      {r.status !== 'closed' && <span class="badge">{r.status}</span>}
      {r.hasError && <span class="badge bad">error</span>}
      {r.signals.map((s) => (
        <span class="badge" style={SIGNAL_STYLE}>
          {s}
        </span>
      ))}
    </div>
    <div class="small" style="overflow-wrap:anywhere;margin-top:4px">
      <span class="muted">in:</span> {preview(r.input)}
    </div>
    <div class="small" style="overflow-wrap:anywhere">
      <span class="muted">out:</span> {preview(r.output)}
    </div>
    <div class="row muted small" style="gap:10px;margin-top:4px;overflow-wrap:anywhere">
      {r.release && <span>release {r.release}</span>}
      {r.models.length > 0 && <span>{r.models.join(', ')}</span>}
      {r.promptVersion && <span>prompt {r.promptVersion}</span>}
      {r.userId && <span>user {r.userId}</span>}
      {r.session && (
        <a href={r.session.href} class="session-link">
          session {r.session.shown}
        </a>
      )}
    </div>
  </li>
);

/** The trace explorer: the filters as a GET form, one page of matching traces, newest first, and a next-page link. */
export const TracesPage = (p: TracesPageProps) => (
  <Layout title="Traces" page="traces" who={p.who}>
    <h1>Traces</h1>
    <Filters {...p} />
    {p.error && (
      <div class="banner bad" role="alert" id="filter-error">
        {p.error}
      </div>
    )}
    {p.scan && (
      <p class="muted small" id="scan-note">
        Text search read {p.scan.scanned.toLocaleString('en')} traces for this page
        {p.scan.limited ? ' (its bound): older traces are searched on the next page.' : '.'}
      </p>
    )}
    {!p.error && p.rows.length === 0 && <p class="muted">No trace matches these filters.</p>}
    <ol id="trace-list" style="list-style:none;padding:0;margin:0">
      {p.rows.map((r) => (
        <Row r={r} />
      ))}
    </ol>
    <nav class="row" aria-label="pages" style="margin-top:10px">
      {p.values.cursor && <a href={`/traces?${pageQuery(p.values, null)}`}>← newest</a>}
      {p.nextHref && (
        <a href={p.nextHref} id="next-page" rel="next">
          next page →
        </a>
      )}
    </nav>
  </Layout>
);

/** The query string of these filters at another cursor (null: the first page). */
export const pageQuery = (values: Record<string, string>, cursor: string | null) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (k !== 'cursor' && v !== '') q.set(k, v);
  if (cursor) q.set('cursor', cursor);
  return q.toString();
};
