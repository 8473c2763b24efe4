import type { LabelView } from '../db/labels.js';
import { fmt2, fmtWhen } from './eval-widgets.js';
import { Layout } from './layout.js';
import type { UiSpan, UiTrace } from './trace-data.js';
import { TraceView } from './trace-view.js';
import { Text } from './widgets.js';

export interface TracePageProps {
  who: string;
  traceId: string;
  trace: UiTrace;
  spans: UiSpan[];
  /** The trace's human labels, newest first, critiques redacted with the trace. */
  labels: Pick<
    LabelView,
    'id' | 'failureMode' | 'failureModes' | 'covered' | 'verdict' | 'score' | 'critique' | 'reviewer' | 'createdAt'
  >[];
  /** Other reviewers' labels withheld while the trace is out for blind double review. */
  hiddenLabels?: number;
  /** A same-site page to return to (the report that linked here), else null. */
  back: string | null;
  unredacted: boolean;
  /** The trace's conversation session (shown as the viewer may see its id), or null. */
  session: { shown: string; href: string } | null;
}

const Labels = ({ labels, hidden }: { labels: TracePageProps['labels']; hidden: number }) => (
  <section class="card" id="labels">
    <h2>Human labels ({labels.length})</h2>
    {hidden > 0 && (
      <p class="small" id="labels-hidden">
        {hidden} label{hidden === 1 ? '' : 's'} by another reviewer hidden: this trace is out for blind double review
        until both reviewers have labeled it.
      </p>
    )}
    {labels.length === 0 ? (
      <p class="muted small" style="margin:0">
        Nobody has labeled this trace.
      </p>
    ) : (
      labels.map((l) => (
        <div class="msg">
          <div class="row" style="gap:8px">
            {l.failureModes.length === 0 ? (
              <span class="badge good">no failure</span>
            ) : (
              l.failureModes.map((m) => <b class="badge bad mono">{m}</b>)
            )}
            {l.covered
              .filter((c) => c.score !== null)
              .map((c) => (
                <span class="small">
                  {c.failureMode} score {fmt2(c.score)}
                </span>
              ))}
            <span class="muted small">
              {l.reviewer} · {fmtWhen(l.createdAt)}
            </span>
          </div>
          <div class="muted small" data-covered>
            judged:{' '}
            {l.covered.length === 0
              ? 'no failure mode'
              : l.covered
                  .map((c) => `${c.failureMode}${c.rubricVersion === null ? '' : ` (rubric v${c.rubricVersion})`}`)
                  .join(', ')}
          </div>
          {l.critique && <Text text={l.critique} />}
        </div>
      ))
    )}
  </section>
);

/** One trace, read-only: the same view as a review task's trace part, with its labels and no label form. */
export const TracePage = (p: TracePageProps) => (
  <Layout title={`Trace ${p.traceId.slice(0, 8)}`} page="trace" who={p.who} data={{ 'trace-id': p.traceId }}>
    <div class="row" style="margin-bottom:10px">
      {p.back ? <a href={p.back}>← back</a> : <a href="/traces">← traces</a>}
    </div>
    <section class="card" id="trace-head">
      <h1 style="margin:0">{p.trace.rootSpanName ?? 'Trace'}</h1>
      <div class="muted small mono" style="margin-bottom:6px">
        trace {p.traceId} · {p.trace.startTime ?? ''}
        {p.trace.release && ` · release ${p.trace.release}`}
        {p.trace.hasError && ' · has errors'}
      </div>
      {p.session && (
        <div class="small" style="margin-bottom:6px;overflow-wrap:anywhere">
          <a href={p.session.href} id="session-link">
            session {p.session.shown}: every turn
          </a>
        </div>
      )}
      <p class="muted small" style="margin:0">
        {p.unredacted
          ? 'You are an admin: personal data is shown as stored.'
          : 'Personal data is replaced by placeholders such as <EMAIL_1>, the same placeholder for the same value.'}
      </p>
    </section>
    <Labels labels={p.labels} hidden={p.hiddenLabels ?? 0} />
    <TraceView trace={p.trace} spans={p.spans} traceId={p.traceId} />
  </Layout>
);
