import type { ModeReport } from '../activities/generate-evaluators.js';
import type { GenerationRunView } from '../db/generation-runs.js';
import { fmt2, fmtWhen, MccBar, StatusBadge } from './eval-widgets.js';
import { Layout } from './layout.js';

/** A generation run as stored (the report is JSON written by the generate activity). */
export type GenerationRunPageProps = { who: string; run: GenerationRunView };

const Interval = ({ mcc, ci }: { mcc: number | null; ci: { lower: number; upper: number } | null }) =>
  mcc === null ? (
    <span class="muted">not measurable</span>
  ) : (
    <span class="mono">{`${fmt2(mcc)} [${fmt2(ci?.lower)}, ${fmt2(ci?.upper)}]`}</span>
  );

const Selected = ({ s }: { s: ModeReport['selected'][number] }) => (
  <div class="card" data-selected={s.name} data-family={s.family}>
    <div class="row">
      <b>{s.name}</b>
      <span class="mono small">{s.kind}</span>
      <StatusBadge status={s.band} />
      {s.published ? (
        <a href={`/evaluators/${s.published.id}`} data-published>
          published as v{s.published.version} ({s.published.status})
        </a>
      ) : (
        <span class="badge warn" data-not-published>
          not published
        </span>
      )}
    </div>
    <div class="row" style="margin-top:4px">
      <MccBar mcc={s.mcc} ci={s.mccCI} status={s.band} />
      <span class="small muted">{s.estimate}</span>
    </div>
    <p class="small" data-reason>
      {s.reason}
    </p>
    <p class="small muted" data-prevalence>
      {s.prevalence.note}
    </p>
  </div>
);

const Mode = ({ m }: { m: ModeReport }) => (
  <section class="card" data-failure-mode={m.failureMode}>
    <div class="row">
      <h2 style="margin:0">{m.failureMode}</h2>
      <span class="muted small">
        {m.nFail} failing / {m.nPass} passing labels
      </span>
    </div>
    <p data-outcome>{m.outcome}</p>
    {m.selected.map((s) => (
      <Selected s={s} />
    ))}
    {m.candidates.length > 0 && (
      <>
        <h3>Every candidate</h3>
        <p class="small muted">
          Each candidate's own cross-validated score, before selection. The best of several looks better than it is (the
          winner's curse): only the selection-aware figure above is published.
        </p>
        <table class="queue">
          <thead>
            <tr>
              <th>Candidate</th>
              <th>Kind</th>
              <th>Own MCC [95% CI]</th>
              <th>Band on its own</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {m.candidates.map((c) => (
              <tr data-candidate={c.name}>
                <td>{c.name}</td>
                <td class="mono small">{c.kind}</td>
                <td>
                  <Interval mcc={c.mcc} ci={c.mccCI} />
                </td>
                <td>
                  <StatusBadge status={c.band} />
                </td>
                <td class="small">{c.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    )}
  </section>
);

/** One generation run: what was tried for each failure mode, what was published, and why the rest was not. */
export const GenerationRunPage = ({ who, run }: GenerationRunPageProps) => {
  const report = run.report as { failureModes?: ModeReport[] } | null;
  return (
    <Layout title="Generation run" page="evaluators" who={who}>
      <p class="small">
        <a href="/evaluators">← Evaluators</a>
      </p>
      <h1>Generation run</h1>
      <p class="muted small">
        {fmtWhen(run.createdAt)} by {run.createdBy}; dataset version <span class="mono">{run.datasetVersionId}</span>
      </p>
      <p class={run.publishedCount ? 'card' : 'card warn'} data-summary>
        {run.summary}
      </p>
      {(report?.failureModes ?? []).map((m) => (
        <Mode m={m} />
      ))}
    </Layout>
  );
};

/** The latest generation runs, for the evaluators page: a run that published nothing says why. */
export const GenerationRuns = ({ runs }: { runs: Omit<GenerationRunView, 'report'>[] }) =>
  runs.length === 0 ? null : (
    <section class="card" id="generation-runs">
      <h2 style="margin-top:0">Generation runs</h2>
      <ul>
        {runs.map((r) => (
          <li data-run={r.id}>
            <a href={`/evaluators/generations/${r.id}`}>{fmtWhen(r.createdAt)}</a>{' '}
            <span class="muted small">by {r.createdBy}:</span>{' '}
            <span class={r.publishedCount ? 'small' : 'small warn'}>{r.summary}</span>
          </li>
        ))}
      </ul>
    </section>
  );
