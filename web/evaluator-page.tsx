import type { HumanCeiling } from '../core/calibration/reviewer-agreement.js';
import type { DiffLine } from '../core/evaluators/config-diff.js';
import type { EvaluatorVersionView } from '../db/evaluators.js';
import { AgreementChart } from './agreement-chart.js';
import { VersionAlerts } from './alerts.js';
import { Disagreements } from './disagreements.js';
import type { AgreementPoint, AlertView } from './drift-data.js';
import { CreatedBy, fmt2, fmtPct, fmtWhen, HumanCeilingNote, MccBar, StatusBadge } from './eval-widgets.js';
import { ConfigSummary } from './evaluator-config.js';
import { type Metrics, type Report, readMetrics } from './evaluator-data.js';
import { ConfigDiffView, EditEvaluatorForm, type EditState } from './evaluator-edit-form.js';
import { type TakeoverView, VersionTakeoverNotice } from './gating-notice.js';
import { Layout } from './layout.js';

export interface EvaluatorPageProps {
  who: string;
  version: EvaluatorVersionView;
  /** The config to draw (see `displayConfig`), redacted for non-admins. */
  config: Record<string, unknown>;
  history: { status: string; reason: string; createdBy: string; createdAt: string }[];
  /** Every version of the same evaluator, newest first. */
  versions: EvaluatorVersionView[];
  /** The newest calibration report, disagreements redacted for non-admins; null when none was stored. */
  report: (Report & { datasetVersionId: string | null; createdAt: string }) | null;
  /** The caller is an admin: sees configs and critiques as stored, and may edit the evaluator as a new version. */
  unredacted: boolean;
  /** Agreement measurements of every version of this evaluator, oldest first. */
  agreement: AgreementPoint[];
  /** Alerts about this version, newest first. */
  alerts: AlertView[];
  /** The reviewers' own agreement on this failure mode next to this evaluator's (null: no such mode). */
  humanCeiling?: HumanCeiling | null;
  /** When this version took over gating (its gating_takeover alerts), newest first. */
  takeovers?: TakeoverView[];
  /** The edit form's state (admins): its fields, and after a preview or a refused save the diff or the error. */
  edit?: EditState;
  /** What changed against the previous version of this evaluator (null for v1). */
  versionDiff?: { against: number; lines: DiffLine[] } | null;
}

const Confusion = ({ m }: { m: Metrics }) => {
  const c = m.confusion;
  if (!c) return <p class="muted">No confusion matrix was recorded.</p>;
  return (
    <table class="confusion" id="confusion">
      <thead>
        <tr>
          <th />
          <th>evaluator: fail</th>
          <th>evaluator: pass</th>
          <th class="rate" />
        </tr>
      </thead>
      <tbody>
        <tr>
          <th>human: fail</th>
          <td class="agree" data-cell="tp">
            {c.tp}
            <small>caught</small>
          </td>
          <td class="disagree" data-cell="fn">
            {c.fn}
            <small>missed</small>
          </td>
          <td class="rate" title="true positive rate: failures the evaluator catches">
            TPR <b>{fmtPct(m.tpr)}</b>
          </td>
        </tr>
        <tr>
          <th>human: pass</th>
          <td class="disagree" data-cell="fp">
            {c.fp}
            <small>false alarm</small>
          </td>
          <td class="agree" data-cell="tn">
            {c.tn}
            <small>agreed pass</small>
          </td>
          <td class="rate" title="true negative rate: passes the evaluator lets through">
            TNR <b>{fmtPct(m.tnr)}</b>
          </td>
        </tr>
      </tbody>
    </table>
  );
};

const Protocol = ({ m, report, n }: { m: Metrics; report: EvaluatorPageProps['report']; n: number }) => {
  const folds = report?.protocol.folds ?? m.folds;
  const samples = report?.protocol.samples ?? m.samples;
  return (
    <dl class="kv" id="protocol">
      <dt>folds</dt>
      <dd>
        {folds === null
          ? '–'
          : folds === n && !m.repeats
            ? `${folds} (leave-one-out, an earlier protocol)`
            : `${folds} (stratified k-fold${m.repeats && m.repeats > 1 ? `, repeated ${m.repeats}×` : ''})`}
        ; threshold and fitting inside the training folds only
      </dd>
      <dt>estimate</dt>
      <dd id="estimate">
        {m.nested
          ? `selection-aware: nested cross-validation, choosing among ${m.candidates ?? 'several'} candidates inside every outer training fold`
          : 'this evaluator’s own cross-validated score (no choice among candidates)'}
      </dd>
      {m.prevalenceNote && (
        <>
          <dt>class mix</dt>
          <dd id="prevalence">{m.prevalenceNote}</dd>
        </>
      )}
      <dt>runs per item</dt>
      <dd>{samples === null ? '–' : samples > 1 ? `${samples} (judge; flip rate ${fmtPct(m.flipRate)})` : samples}</dd>
      <dt>seed</dt>
      <dd class="mono">{report?.protocol.seed ?? '–'}</dd>
      <dt>labeled traces</dt>
      <dd>
        {n} ({m.nFail ?? '–'} fail / {m.nPass ?? '–'} pass)
        {report ? `; ${report.predictions} out-of-fold predictions` : ''}
      </dd>
      <dt>dataset version</dt>
      <dd class="mono">{report?.datasetVersionId ?? '–'}</dd>
      <dt>calibrated</dt>
      <dd>{fmtWhen(report?.createdAt)}</dd>
    </dl>
  );
};

/** One evaluator version's calibration report: what it checks, how well it agrees, and every disagreement. */
export const EvaluatorPage = (p: EvaluatorPageProps) => {
  const v = p.version;
  const m = readMetrics(v.metrics);
  const n = (m.nFail ?? 0) + (m.nPass ?? 0);
  return (
    <Layout title={`${v.name} v${v.version}`} page="evaluators" who={p.who}>
      <div class="row" style="margin-bottom:4px">
        <a href="/evaluators">← evaluators</a>
      </div>
      <section class="card" id="summary">
        <div class="row" style="justify-content:space-between">
          <h1 style="margin:0">
            {v.name} <span class="muted">v{v.version}</span>
          </h1>
          <StatusBadge status={v.status} />
        </div>
        {v.statusReason && v.statusReason !== m.reason && (
          <div class="small" id="status-reason" style="margin:2px 0 0">
            {v.statusReason}
          </div>
        )}
        <div class="stats" style="margin-top:8px">
          <div>
            <span class="muted small">failure mode</span>
            <b class="mono">{v.failureMode}</b>
          </div>
          <div>
            <span class="muted small">kind</span>
            <b class="mono">{v.kind}</b>
          </div>
          <div>
            <span class="muted small">threshold (score ≥ → pass)</span>
            <b>{fmt2(v.threshold)}</b>
          </div>
          {v.model && (
            <div>
              <span class="muted small">model pin</span>
              <b class="mono small">
                {v.model}
                {v.provider ? ` @ ${v.provider}` : ''}
              </b>
            </div>
          )}
          <div>
            <span class="muted small">created by</span>
            <b>
              <CreatedBy by={v.createdBy} />
            </b>
          </div>
          <div>
            <span class="muted small">created</span>
            <b>{fmtWhen(v.createdAt)}</b>
          </div>
        </div>
      </section>
      <VersionTakeoverNotice takeovers={p.takeovers ?? []} />
      {p.versionDiff && (
        <ConfigDiffView
          lines={p.versionDiff.lines}
          title={`Changes against v${p.versionDiff.against}`}
          id="version-diff"
        />
      )}
      <VersionAlerts alerts={p.alerts} />
      <section class="card" id="agreement-over-time">
        <div class="row" style="justify-content:space-between">
          <h2>Agreement over time</h2>
          <span class="muted small">MCC with its 95% interval at each measurement; grey: other versions</span>
        </div>
        <AgreementChart points={p.agreement} versionId={v.id} />
      </section>
      <div class="grid2">
        <section class="card" id="agreement">
          <div class="row" style="justify-content:space-between">
            <h2>Agreement with human labels</h2>
            {m.band && <StatusBadge status={m.band} />}
          </div>
          <section style="overflow-x:auto" tabindex={0} aria-label="MCC with its interval">
            <MccBar mcc={m.mcc} ci={m.mccCI} status={m.band ?? v.status} width={300} />
          </section>
          <p class="small" id="band-reason" style="margin:6px 0 10px">
            {m.reason ?? m.undefinedReason ?? ''}
          </p>
          <section style="overflow-x:auto" tabindex={0} aria-label="confusion matrix">
            <Confusion m={m} />
          </section>
          <div class="muted small">accuracy {fmtPct(m.accuracy)} · "fail" is the positive class</div>
          <HumanCeilingNote ceiling={p.humanCeiling ?? null} />
        </section>
        <div class="stack">
          <section class="card" id="config">
            <h2>What it checks</h2>
            <ConfigSummary config={p.config} />
            {!p.unredacted && (
              <p class="muted small" style="margin-bottom:0">
                Text drawn from traces is shown with personal data replaced.
              </p>
            )}
          </section>
          <section class="card">
            <h2>Calibration protocol</h2>
            <Protocol m={m} report={p.report} n={n} />
          </section>
        </div>
        <section class="card" id="history">
          <h2>Status history</h2>
          <section style="overflow-x:auto" tabindex={0} aria-label="status history">
            <table class="queue small">
              <tbody>
                {p.history.map((h) => (
                  <tr>
                    <td class="nowrap">
                      <StatusBadge status={h.status} />
                    </td>
                    <td>{h.reason || <span class="muted">(no reason)</span>}</td>
                    <td class="nowrap">
                      <CreatedBy by={h.createdBy} />
                      <div class="muted">{fmtWhen(h.createdAt)}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </section>
        <section class="card" id="versions">
          <h2>Versions of {v.name}</h2>
          <section style="overflow-x:auto" tabindex={0} aria-label="versions">
            <table class="queue small">
              <tbody>
                {p.versions.map((o) => {
                  const om = readMetrics(o.metrics);
                  return (
                    <tr class={o.id === v.id ? 'current' : ''}>
                      <td class="nowrap">
                        {o.id === v.id ? <b>v{o.version} (this)</b> : <a href={`/evaluators/${o.id}`}>v{o.version}</a>}
                      </td>
                      <td>
                        <StatusBadge status={o.status} />
                      </td>
                      <td>
                        <MccBar mcc={om.mcc} ci={om.mccCI} status={o.status} width={110} />
                      </td>
                      <td class="nowrap">
                        <CreatedBy by={o.createdBy} />
                        <div class="muted">{fmtWhen(o.createdAt)}</div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        </section>
      </div>
      {p.report ? (
        <Disagreements versionId={v.id} threshold={v.threshold} items={p.report.disagreements} />
      ) : (
        <section class="card muted">No calibration report was stored with this version.</section>
      )}
      {p.unredacted && p.edit && <EditEvaluatorForm version={v} state={p.edit} />}
    </Layout>
  );
};
