import type { EvaluatorVersionView } from '../db/evaluators.js';
import type { FailureModeView } from '../db/failure-modes.js';
import type { GenerationRunView } from '../db/generation-runs.js';
import { AlertBanner } from './alerts.js';
import type { AlertSummary } from './drift-data.js';
import { CreatedBy, fmtPct, fmtWhen, MccBar, StatusBadge } from './eval-widgets.js';
import { readMetrics } from './evaluator-data.js';
import { FormsScript, GenerateForm } from './evaluator-forms.js';
import { GenerationRuns } from './generation-page.js';
import { Layout } from './layout.js';
import { GenerateButton } from './operator-forms.js';

export interface EvaluatorRow extends EvaluatorVersionView {
  /** How many versions this evaluator has (this one is the latest). */
  versionCount: number;
}

export interface EvaluatorsPageProps {
  who: string;
  /** Admins may trigger generation per failure mode. */
  canManage?: boolean;
  /** Failure modes that are not retired, or that have evaluators. */
  modes: Pick<FailureModeView, 'key' | 'title' | 'status'>[];
  /** The latest version of each evaluator. */
  latest: EvaluatorRow[];
  /** The project's open alerts (undelivered or from the last 7 days), null when none. */
  alerts?: AlertSummary | null;
  /** The latest generation runs, newest first. */
  runs?: Omit<GenerationRunView, 'report'>[];
}

const EmptyState = ({ modes, canManage }: { modes: EvaluatorsPageProps['modes']; canManage: boolean }) => {
  const active = modes.filter((m) => m.status === 'active');
  return (
    <div class="card empty" id="empty">
      <h2>No evaluator yet</h2>
      <p class="muted">
        Evaluators are made from your labels, and every one is measured against them before it is used:
      </p>
      <ol>
        <li>
          Review traces in the <a href="/">queue</a>: mark every failure mode a trace shows (or no failure) and write a
          short critique.
        </li>
        <li>
          Once a failure mode has a few failing <i>and</i> passing labels, generate evaluators for it
          {canManage ? ' (below, or on its failure mode page)' : ' (an admin does)'} — or let a{' '}
          <a href="/cycles">refresh cycle</a> do it when its review is done.
        </li>
        <li>
          Each candidate is calibrated by cross-validation against the labels; survivors appear here with their
          agreement (MCC) and a status: <b>gate</b>, <b>signal</b> or <b>revise</b>.
        </li>
      </ol>
      {canManage && active.length > 0 && (
        <div class="row" style="justify-content:center" id="empty-generate">
          {active.map((m) => (
            <span class="row" style="gap:6px">
              <span class="mono small">{m.key}</span> <GenerateButton failureMode={m.key} />
            </span>
          ))}
        </div>
      )}
      {active.length === 0 && (
        <p class="muted">
          No active failure mode yet: <a href="/failure-modes">activate or propose one</a>.
        </p>
      )}
    </div>
  );
};

const Row = ({ v }: { v: EvaluatorRow }) => {
  const m = readMetrics(v.metrics);
  return (
    <tr data-evaluator={v.name} data-version-id={v.id}>
      <td>
        <a href={`/evaluators/${v.id}`}>
          <b>{v.name}</b> v{v.version}
        </a>
        {v.versionCount > 1 && <div class="muted small">{v.versionCount} versions</div>}
      </td>
      <td>
        <span title={v.statusReason}>
          <StatusBadge status={v.status} />
        </span>
      </td>
      <td class="mono">{v.kind}</td>
      <td>
        <MccBar mcc={m.mcc} ci={m.mccCI} status={v.status} />
        {m.mcc === null && m.undefinedReason && <div class="muted small">{m.undefinedReason}</div>}
      </td>
      <td class="num nowrap">
        {m.nFail ?? '–'} / {m.nPass ?? '–'}
      </td>
      <td class="num">{v.kind === 'judge' ? fmtPct(m.flipRate) : <span class="muted">–</span>}</td>
      <td>
        <CreatedBy by={v.createdBy} />
        <div class="muted small">{fmtWhen(v.createdAt)}</div>
      </td>
    </tr>
  );
};

/** Every failure mode with the latest version of each of its evaluators and how well it agrees with the humans. */
export const EvaluatorsPage = (p: EvaluatorsPageProps) => {
  const byMode = new Map<string, EvaluatorRow[]>();
  for (const v of p.latest) byMode.set(v.failureMode, [...(byMode.get(v.failureMode) ?? []), v]);
  const modes = [
    ...p.modes.filter((m) => byMode.has(m.key)),
    ...[...byMode.keys()]
      .filter((k) => !p.modes.some((m) => m.key === k))
      .map((key) => ({ key, title: key, status: '' })),
  ];
  const without = p.modes.filter((m) => !byMode.has(m.key) && m.status === 'active');
  return (
    <Layout title="Evaluators" page="evaluators" who={p.who}>
      <div class="row" style="justify-content:space-between;margin-bottom:4px">
        <h1>Evaluators</h1>
        <span class="muted small">
          MCC against human labels, selection-aware (nested cross-validation), with its 95% bootstrap interval (scale −1
          to 1; ticks at 0, signal 0.4 and gate 0.6)
        </span>
      </div>
      <AlertBanner summary={p.alerts ?? null} />
      {p.canManage && <FormsScript />}
      {p.latest.length === 0 && !p.runs?.length && <EmptyState modes={p.modes} canManage={p.canManage ?? false} />}
      <GenerationRuns runs={p.runs ?? []} />
      {modes.map((mode) => (
        <section class="card" data-failure-mode={mode.key}>
          <div class="row" style="margin-bottom:6px">
            <h2 style="margin:0">{mode.title}</h2>
            <span class="muted mono small">{mode.key}</span>
            {mode.status && mode.status !== 'active' && <span class="badge">{mode.status}</span>}
            {p.canManage && mode.status === 'active' && <GenerateForm failureMode={mode.key} />}
          </div>
          <table class="queue evaluators">
            <thead>
              <tr>
                <th>Evaluator</th>
                <th style="width:80px">Status</th>
                <th style="width:120px">Kind</th>
                <th style="width:270px">MCC [95% CI]</th>
                <th class="num" style="width:100px" title="human labels: fail / pass">
                  n fail / pass
                </th>
                <th
                  class="num"
                  style="width:80px"
                  title="share of items whose verdict changed across repeated judge runs"
                >
                  flip rate
                </th>
                <th style="width:170px">Created by</th>
              </tr>
            </thead>
            <tbody>
              {(byMode.get(mode.key) ?? []).map((v) => (
                <Row v={v} />
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {p.latest.length > 0 && without.length > 0 && (
        <div class="card muted small" id="without">
          No evaluator yet for:{' '}
          {without.map((m, i) => (
            <>
              {i > 0 && ', '}
              <b>{m.title}</b> <span class="mono">({m.key})</span>
            </>
          ))}
          .{' '}
          {p.runs?.length
            ? 'The generation runs above say what was tried for them and why nothing was published.'
            : 'Label more traces for them (failing and passing), then generate.'}
        </div>
      )}
    </Layout>
  );
};
