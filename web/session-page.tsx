import type { SessionView } from '../api/session-view.js';
import type { SessionTurn } from '../core/session-turns.js';
import { fmtWhen } from './eval-widgets.js';
import { Layout } from './layout.js';
import { SIGNAL_STYLE } from './traces-page.js';
import { fmtMs, Text } from './widgets.js';

export interface SessionPageProps {
  who: string;
  view: SessionView;
  /** The explorer filtered to this session, or null when the id is redacted (a placeholder filters nothing). */
  listHref: string | null;
}

const Turn = ({ t }: { t: SessionTurn }) => (
  <article class="card" id={`turn-${t.turn}`} data-trace={t.traceId}>
    <h2 style="margin:0 0 4px">
      Turn {t.turn}{' '}
      <a href={`/traces/${t.traceId}`} class="mono small">
        trace {t.traceId.slice(0, 8)}
      </a>
    </h2>
    <div class="row muted small" style="gap:8px">
      <span>{fmtWhen(t.startTime)}</span>
      <span>{fmtMs(t.latencyMs)}</span>
      {t.status !== 'closed' && <span class="badge">{t.status}</span>}
      {t.hasError && <span class="badge bad">error</span>}
    </div>
    {t.repeats && (
      <p class="banner small resubmission" style={`margin:8px 0;${SIGNAL_STYLE}`}>
        Re-submission: this turn asks again what{' '}
        {t.repeats.turn === null ? (
          <a href={`/traces/${t.repeats.traceId}`}>trace {t.repeats.traceId.slice(0, 8)}</a>
        ) : (
          <a href={`#turn-${t.repeats.turn}`}>turn {t.repeats.turn}</a>
        )}{' '}
        asked.
      </p>
    )}
    <h3>Input</h3>
    <Text text={t.input} />
    <h3>Output</h3>
    <Text text={t.output} />
    {t.signals.length > 0 && (
      <>
        <h3>Signals</h3>
        <ul class="small" style="margin:0;padding-left:18px">
          {t.signals.map((s) => (
            <li>
              <b>{s.name}</b> <span class="muted">({s.strength.toFixed(2)})</span> {s.explanation}
            </li>
          ))}
        </ul>
      </>
    )}
  </article>
);

/** One conversation session: every turn in time order with its input, output and signals. */
export const SessionPage = ({ who, view, listHref }: SessionPageProps) => (
  <Layout title={`Session ${view.sessionId.slice(0, 24)}`} page="session" section="traces" who={who}>
    <div class="row" style="margin-bottom:10px">
      <a href={listHref ?? '/traces'}>{listHref ? '← traces of this session' : '← traces'}</a>
    </div>
    <section class="card">
      <h1 style="margin:0;overflow-wrap:anywhere">Session {view.sessionId}</h1>
      <p class="muted small" style="margin:4px 0 0">
        {view.turns.length} turn{view.turns.length === 1 ? '' : 's'}
        {view.more ? ' (the first ones; the session has more)' : ''}, oldest first.
      </p>
    </section>
    {view.turns.map((t) => (
      <Turn t={t} />
    ))}
  </Layout>
);
