import { raw } from 'hono/html';
import type { Grouping, Scorecard } from '../core/scorecard/build.js';
import { Layout } from './layout.js';
import { cellText, ScorecardCharts, scorecardStyles } from './scorecard-chart.js';

const groupingText: Record<Grouping, string> = {
  release: 'release',
  prompt_version: 'prompt version',
  model_version: 'model version',
};

export interface ScorecardPageProps {
  who: string;
  s: Scorecard;
  /** Admins may compute a release's missing results. */
  canCompute: boolean;
  /** After a compute: what ran. */
  computed: { release: string; evaluated: number } | null;
}

const GroupingSelector = ({ by }: { by: Grouping }) => (
  <form
    method="get"
    action="/scorecard"
    class="row"
    id="scorecard-by"
    style="gap:8px;align-items:center;flex-wrap:wrap"
  >
    <label for="by">Group by</label>
    <select id="by" name="by">
      {(Object.keys(groupingText) as Grouping[]).map((g) => (
        <option value={g} selected={g === by}>
          {groupingText[g]}
        </option>
      ))}
    </select>
    <button type="submit">Show</button>
    <span class="small">
      Download: <a href={`/api/scorecard?by=${by}&format=csv`}>CSV</a> ·{' '}
      <a href={`/api/scorecard?by=${by}&format=json`}>JSON</a>
    </span>
  </form>
);

/** Groups with traces but no results for some evaluator: said plainly, with the way to compute them. */
const Missing = ({ s, canCompute }: { s: Scorecard; canCompute: boolean }) => {
  if (s.missing.length === 0) return null;
  const name = new Map(s.evaluators.map((e) => [e.versionId, `${e.failureMode} · ${e.name} v${e.version}`]));
  return (
    <section class="card" id="scorecard-missing" aria-labelledby="sc-missing-h">
      <h2 id="sc-missing-h">No results yet</h2>
      <p class="small muted">
        These have traces but no evaluation results for some evaluator, so their figures are not measured. Gate runs and
        evaluator runs record results.
      </p>
      <ul class="small">
        {s.missing.map((m) => (
          <li data-group={m.group}>
            <b>{m.group}</b>: {m.versionIds.map((id) => name.get(id)).join(', ')}
            {canCompute && s.by === 'release' && (
              <form method="post" action="/scorecard/compute" style="display:inline;margin-left:8px">
                <input type="hidden" name="release" value={m.group} />
                <button type="submit" aria-label={`Compute results for release ${m.group}`}>
                  Compute
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {!canCompute && (
        <p class="small muted">
          An admin can compute them: <span class="mono">POST /api/scorecard/compute</span> or{' '}
          <span class="mono">evalloop scorecard compute --release R</span> (the 2,000 most recent closed traces).
        </p>
      )}
    </section>
  );
};

/** Every figure as a table, for screen readers and exact values. */
const DataTable = ({ s }: { s: Scorecard }) => {
  const ev = new Map(s.evaluators.map((e) => [e.versionId, e]));
  return (
    <details class="card" id="scorecard-table">
      <summary>The figures as a table ({s.cells.length} rows)</summary>
      <table class="queue small">
        <thead>
          <tr>
            <th>{groupingText[s.by]}</th>
            <th>failure mode · evaluator</th>
            <th class="num">n</th>
            <th>corrected pass rate [95% CI]</th>
          </tr>
        </thead>
        <tbody>
          {s.cells.map((c) => {
            const e = ev.get(c.versionId)!;
            return (
              <tr data-group={c.group} data-evaluator={c.versionId}>
                <td class="mono">{c.group}</td>
                <td>
                  {e.failureMode} · {e.name} v{e.version} ({e.status})
                </td>
                <td class="num">{c.n}</td>
                <td>{cellText(c)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
};

export const ScorecardPage = (p: ScorecardPageProps) => (
  <Layout title="Scorecard" page="scorecard" who={p.who}>
    <style>{raw(scorecardStyles)}</style>
    <h1>Scorecard</h1>
    <p class="small muted" style="max-width:70em">
      The corrected pass rate of every gating and signal evaluator per {groupingText[p.s.by]}, oldest first: the
      observed pass rate corrected for the evaluator's measured errors (Rogan–Gladen, TPR and TNR from calibration),
      with a 95% interval that carries both the calibration's and this {groupingText[p.s.by]}'s sampling error. No
      number where it is not measurable.
    </p>
    <GroupingSelector by={p.s.by} />
    {p.computed && (
      <p class="card small" id="scorecard-computed" role="status">
        Computed release <b>{p.computed.release}</b>: {p.computed.evaluated} results.
      </p>
    )}
    {p.s.groups.length === 0 || p.s.evaluators.length === 0 ? (
      <div class="card empty" id="empty">
        <h2>Nothing to score yet</h2>
        <p class="muted">
          {p.s.evaluators.length === 0
            ? 'No evaluator has the status gate or signal.'
            : `No closed trace carries a ${groupingText[p.s.by]}.`}
        </p>
      </div>
    ) : (
      <>
        <Missing s={p.s} canCompute={p.canCompute} />
        <ScorecardCharts s={p.s} />
        <DataTable s={p.s} />
      </>
    )}
  </Layout>
);
