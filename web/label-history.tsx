import type { LabelView } from '../db/labels.js';

export interface LabelHistoryProps {
  /** Every label on the trace, newest first (critiques already redacted). */
  labels: LabelView[];
  /** Titles of the failure modes, by key. */
  titles: Map<string, string>;
  who: string;
}

const day = (ts: string) => ts.slice(0, 19).replace('T', ' ');

/** Every label on this trace, dated and attributed; superseded ones marked as such. */
export const LabelHistory = ({ labels, titles, who }: LabelHistoryProps) => (
  <section class="card" id="label-history" aria-labelledby="history-title">
    <h2 id="history-title" style="margin-top:0">
      Labels on this trace
    </h2>
    {labels.length === 0 ? (
      <p class="muted small" style="margin:0">
        None yet.
      </p>
    ) : (
      <ol style="list-style:none;padding:0;margin:0">
        {labels.map((l) => (
          <li
            data-label-id={l.id}
            data-state={l.supersededBy ? 'superseded' : 'current'}
            style="border-top:1px solid var(--line);padding:6px 0"
          >
            <div class="row" style="gap:6px;flex-wrap:wrap">
              {l.supersededBy ? <span class="badge">superseded</span> : <span class="badge good">current</span>}
              <b>{l.failureModes.length ? l.failureModes.map((k) => titles.get(k) ?? k).join(', ') : 'No failure'}</b>
            </div>
            <div class="muted small">
              {l.reviewer === who ? `${l.reviewer} (you)` : l.reviewer} · {day(l.createdAt)} UTC
              {l.supersedes && ' · a correction'}
            </div>
            {l.critique && <p style="margin:2px 0;white-space:pre-wrap;overflow-wrap:anywhere">{l.critique}</p>}
          </li>
        ))}
      </ol>
    )}
  </section>
);
