/** Admin forms that replace CLI or `POST /api/...` calls: plain form posts (the app's CSRF check applies). */

/** Where traces go and how: the OTLP endpoint, the header, and a short snippet (empty states show it). */
export const IngestHelp = ({ origin }: { origin: string }) => (
  <div class="ingest-help" id="ingest-help">
    <h3>Send traces</h3>
    <p class="small">
      OTLP/HTTP endpoint <code class="mono">{origin}/v1/traces</code> (protobuf or JSON) with the header{' '}
      <code class="mono">Authorization: Bearer &lt;ingest key&gt;</code>; create an ingest key on the{' '}
      <a href="/keys">keys page</a> (admins). Any OpenTelemetry SDK works:
    </p>
    <pre class="code">
      {`export OTEL_EXPORTER_OTLP_ENDPOINT=${origin}
export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer%20<ingest key>"
export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
export OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`}
    </pre>
  </div>
);

export const FormError = ({ error }: { error?: string | null }) =>
  error ? (
    <p class="form-error" role="alert" data-form-error="">
      {error}
    </p>
  ) : null;

/** Start a refresh cycle: a window (UTC; default the last 7 days) and a review budget. */
export const StartCycleForm = ({ error, values = {} }: { error?: string | null; values?: Record<string, string> }) => (
  <section class="card" id="start-cycle">
    <h2>Start a cycle</h2>
    <p class="small muted">
      Closes the window's traces, fills the review queue (budget), waits for labels, then generates and calibrates
      evaluators. Leave the window empty for the last 7 days. Starting the same window again opens the running cycle.
    </p>
    <form method="post" action="/cycles" class="stack">
      <div class="row">
        <label>
          from (UTC) <input type="datetime-local" name="from" value={values.from ?? ''} />
        </label>
        <label>
          to (UTC) <input type="datetime-local" name="to" value={values.to ?? ''} />
        </label>
        <label>
          review budget{' '}
          <input
            type="number"
            name="budget"
            min="0"
            max="10000"
            step="1"
            value={values.budget ?? ''}
            placeholder="200"
          />
        </label>
        <button type="submit">Start cycle</button>
      </div>
      <FormError error={error} />
    </form>
  </section>
);

/** Generate and calibrate candidate evaluators for one failure mode (opens the run's page when done). */
export const GenerateButton = ({ failureMode }: { failureMode: string }) => (
  <form method="post" action={`/failure-modes/${encodeURIComponent(failureMode)}/generate`} class="inline-form">
    <button type="submit" data-generate={failureMode}>
      Generate evaluators
    </button>
  </form>
);

/** Activate, retire (or re-open) a failure mode. */
export const ModeStatusButtons = ({ mode }: { mode: { key: string; status: string } }) => {
  const to =
    mode.status === 'proposed'
      ? [
          ['active', 'Activate'],
          ['retired', 'Retire'],
        ]
      : mode.status === 'active'
        ? [['retired', 'Retire']]
        : [['active', 'Reactivate']];
  return (
    <>
      {to.map(([status, label]) => (
        <form method="post" action={`/failure-modes/${encodeURIComponent(mode.key)}/status`} class="inline-form">
          <input type="hidden" name="status" value={status} />
          <button type="submit" data-set-status={status} aria-label={`${label} ${mode.key}`}>
            {label}
          </button>
        </form>
      ))}
    </>
  );
};
