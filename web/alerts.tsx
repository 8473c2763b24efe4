import { type Child, createContext, useContext } from 'hono/jsx';
import type { AlertSummary, AlertView } from './drift-data.js';
import { fmtWhen } from './eval-widgets.js';

/**
 * The project's open alerts for the nav bar. Routes that load them wrap their page in
 * `<AlertsContext.Provider value={summary}>`; the layout reads it (pages need no extra prop).
 */
export const AlertsContext = createContext<AlertSummary | null>(null);

export const WithAlerts = ({ summary, children }: { summary: AlertSummary | null; children?: Child }) => (
  <AlertsContext.Provider value={summary}>{children}</AlertsContext.Provider>
);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const alertHref = (a: AlertView) => (a.versionId ? `/evaluators/${a.versionId}` : '/evaluators');

const countText = (s: AlertSummary) =>
  `${plural(s.count, 'alert')}${s.undelivered > 0 ? ` (${s.undelivered} undelivered)` : ''}`;

/** A small badge in the nav bar when the project has open alerts (nothing otherwise). */
export const NavAlerts = () => {
  const s = useContext(AlertsContext);
  if (!s) return null;
  return (
    <a
      class="badge warn nav-alerts"
      id="nav-alerts"
      href={alertHref(s.latest)}
      title={`${countText(s)} — latest: ${s.latest.message}`}
    >
      ⚠ {plural(s.count, 'alert')}
    </a>
  );
};

/** The banner on the evaluator list: how many open alerts, and the latest one linking to its evaluator. */
export const AlertBanner = ({ summary: s }: { summary: AlertSummary | null }) => {
  if (!s) return null;
  return (
    <div class="banner warn" id="alert-banner" role="status">
      <span>
        ⚠ {plural(s.count, 'alert')} from the last 7 days or not yet delivered
        {s.undelivered > 0 ? ` (${s.undelivered} undelivered)` : ''}. Latest ({fmtWhen(s.latest.createdAt)}):{' '}
      </span>
      <a href={alertHref(s.latest)} data-alert-id={s.latest.id}>
        {s.latest.message}
      </a>
    </div>
  );
};

/** Every alert about one evaluator version, newest first (nothing when there is none). */
export const VersionAlerts = ({ alerts }: { alerts: AlertView[] }) => {
  if (alerts.length === 0) return null;
  return (
    <section class="card alerts" id="alerts">
      <h2>Alerts about this version ({alerts.length})</h2>
      <table class="queue small">
        <tbody>
          {alerts.map((a) => (
            <tr data-alert-id={a.id}>
              <td class="nowrap">
                <span class="badge warn">{a.kind}</span>
              </td>
              <td>{a.message}</td>
              <td class="nowrap muted">
                {fmtWhen(a.createdAt)}
                <div>{a.delivered ? 'delivered' : 'not delivered'}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};
