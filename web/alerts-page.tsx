import { fmtWhen } from './eval-widgets.js';
import { Layout } from './layout.js';

export interface AlertRow {
  id: string;
  kind: string;
  message: string;
  delivered: boolean;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  details: Record<string, unknown>;
}

export interface AlertsFilter {
  kind: string;
  state: 'open' | 'acknowledged' | 'all';
}

const versionOf = (a: AlertRow) => {
  const id = a.details.versionId ?? a.details.evaluatorVersionId;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
};

const query = (f: AlertsFilter) => new URLSearchParams({ ...(f.kind ? { kind: f.kind } : {}), state: f.state });

/** The project's alerts (drift, gating takeovers, …) with filters; admins acknowledge them. */
export const AlertsPage = (p: {
  who: string;
  alerts: AlertRow[];
  kinds: string[];
  filter: AlertsFilter;
  canManage: boolean;
}) => (
  <Layout title="Alerts" page="alerts" who={p.who}>
    <h1>Alerts</h1>
    <form method="get" action="/alerts" class="row card" id="alert-filter">
      <label>
        kind{' '}
        <select name="kind">
          <option value="">all kinds</option>
          {p.kinds.map((k) => (
            <option value={k} selected={k === p.filter.kind}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label>
        state{' '}
        <select name="state">
          {(['open', 'acknowledged', 'all'] as const).map((s) => (
            <option value={s} selected={s === p.filter.state}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Filter</button>
    </form>
    {p.alerts.length === 0 ? (
      <div class="card empty" id="empty">
        <h2>No {p.filter.state === 'all' ? '' : `${p.filter.state} `}alert</h2>
        <p class="muted">
          Drift watch raises an alert when an evaluator's agreement with the humans drops; a new evaluator version that
          takes over gating raises one too.
        </p>
      </div>
    ) : (
      <table class="queue" id="alerts-list">
        <thead>
          <tr>
            <th style="width:130px">Kind</th>
            <th>Alert</th>
            <th style="width:190px">When</th>
          </tr>
        </thead>
        <tbody>
          {p.alerts.map((a) => {
            const version = versionOf(a);
            return (
              <tr data-alert-id={a.id} data-kind={a.kind} data-acknowledged={a.acknowledgedAt ? 'yes' : 'no'}>
                <td>
                  <span class={`badge ${a.acknowledgedAt ? '' : 'warn'}`}>{a.kind}</span>
                </td>
                <td>
                  {version ? <a href={`/evaluators/${version}`}>{a.message}</a> : a.message}
                  {a.acknowledgedAt && (
                    <div class="muted small">
                      acknowledged by {a.acknowledgedBy} {fmtWhen(a.acknowledgedAt)}
                    </div>
                  )}
                </td>
                <td class="small">
                  {fmtWhen(a.createdAt)}
                  <div class="muted">{a.delivered ? 'delivered' : 'not delivered'}</div>
                  {p.canManage && !a.acknowledgedAt && (
                    <form method="post" action={`/alerts/${a.id}/acknowledge?${query(p.filter)}`} class="inline-form">
                      <button type="submit" data-acknowledge={a.id}>
                        Acknowledge
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    )}
  </Layout>
);
