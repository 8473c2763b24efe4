import type { ModeDisagreement, ModeReviewerAgreement } from '../core/calibration/reviewer-agreement.js';
import { fmt2, fmtPct, fmtWhen } from './eval-widgets.js';
import { FormsScript } from './evaluator-forms.js';
import { Layout } from './layout.js';
import { Text } from './widgets.js';

export interface AdjudicationPageProps {
  who: string;
  agreement: ModeReviewerAgreement[];
  /** Disagreements, critiques and notes redacted for non-admins; open ones first. */
  disagreements: ModeDisagreement[];
  canAdjudicate: boolean;
  doubleReviewShare: number;
}

const symbol = (m: string) => (m === 'cohen_kappa' ? 'κ' : 'α');

/** Per failure mode: the reviewers' agreement on double-reviewed traces, with its interval or why it is not measurable. */
export const ReviewerAgreementTable = ({ rows }: { rows: ModeReviewerAgreement[] }) => (
  <table class="queue small" id="reviewer-agreement">
    <thead>
      <tr>
        <th>failure mode</th>
        <th>agreement (95% interval)</th>
        <th class="num">traces</th>
        <th class="num">to adjudicate</th>
      </tr>
    </thead>
    <tbody>
      {rows.map((r) => (
        <tr data-mode={r.failureMode}>
          <td class="mono">{r.failureMode}</td>
          <td>
            {r.agreement.value === null ? (
              <span class="muted">not measurable: {r.agreement.undefinedReason}</span>
            ) : (
              <span>
                {symbol(r.agreement.method)} <b>{fmt2(r.agreement.value)}</b> [{fmt2(r.agreement.interval?.lower)},{' '}
                {fmt2(r.agreement.interval?.upper)}] · {r.agreement.raters} reviewers ·{' '}
                {fmtPct(r.agreement.observedAgreement)} raw agreement
              </span>
            )}
          </td>
          <td class="num">{r.agreement.units}</td>
          <td class="num">{r.awaitingAdjudication}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

const Verdict = ({ v }: { v: 'pass' | 'fail' }) => <span class={`badge ${v === 'fail' ? 'bad' : 'good'}`}>{v}</span>;

const Disagreement = ({ d, canAdjudicate }: { d: ModeDisagreement; canAdjudicate: boolean }) => {
  const id = `d-${d.traceId}-${d.failureMode}`;
  return (
    <section class="card" id={id} data-trace={d.traceId} data-mode={d.failureMode}>
      <div class="row" style="justify-content:space-between">
        <h3 style="margin:0">
          <span class="mono">{d.failureMode}</span> on trace{' '}
          <a class="mono" href={`/traces/${d.traceId}?back=/adjudication`}>
            {d.traceId.slice(0, 12)}…
          </a>
        </h3>
        {d.adjudication ? (
          <span class="badge good" data-settled>
            settled: {d.adjudication.verdict}
          </span>
        ) : (
          <span class="badge warn">open · left out of ground truth</span>
        )}
      </div>
      {d.verdicts.map((v) => (
        <div class="msg">
          <div class="row" style="gap:8px">
            <Verdict v={v.verdict} />
            <span class="small">
              {v.reviewer} · {fmtWhen(v.createdAt)}
            </span>
          </div>
          {v.critique ? <Text text={v.critique} /> : <span class="muted small">no critique</span>}
        </div>
      ))}
      {d.adjudication ? (
        <div class="msg" data-adjudication>
          <div class="row" style="gap:8px">
            <b>Adjudicated</b> <Verdict v={d.adjudication.verdict} />
            <span class="small">
              by {d.adjudication.by} · {fmtWhen(d.adjudication.at)}
            </span>
          </div>
          {d.adjudication.note && <Text text={d.adjudication.note} />}
        </div>
      ) : canAdjudicate ? (
        <form
          data-api="/api/adjudications"
          data-busy="recording…"
          data-body={JSON.stringify({ traceId: d.traceId, failureMode: d.failureMode })}
        >
          <fieldset style="border:0;padding:0;margin:6px 0">
            <legend class="small">Outcome for {d.failureMode}</legend>
            <label>
              <input type="radio" name="verdict" value="fail" data-field required /> fail
            </label>{' '}
            <label>
              <input type="radio" name="verdict" value="pass" data-field /> pass
            </label>
          </fieldset>
          <label class="small" for={`${id}-note`}>
            Why (kept with the outcome)
          </label>
          <textarea id={`${id}-note`} name="note" data-field rows={2} required style="width:100%" />
          <div class="row" style="margin-top:6px">
            <button type="submit">Adjudicate</button>
            <span class="small" data-out />
          </div>
        </form>
      ) : (
        <p class="muted small">An admin or a designated adjudicator settles this.</p>
      )}
    </section>
  );
};

/** Double-reviewed traces whose reviewers disagree, per failure mode, with the form that settles each (final). */
export const AdjudicationPage = (p: AdjudicationPageProps) => {
  const open = p.disagreements.filter((d) => !d.adjudication);
  const settled = p.disagreements.filter((d) => d.adjudication);
  return (
    <Layout title="Adjudication" page="evaluators" who={p.who}>
      <h1>Reviewer agreement and adjudication</h1>
      <p class="muted">
        {Math.round(p.doubleReviewShare * 100)}% of each cycle's traces go blind to two reviewers (project setting{' '}
        <span class="mono">review.doubleReviewShare</span>). How well they agree is the ceiling for any evaluator. Where
        they disagree, the trace is left out of calibration until someone settles it here; the outcome is final and
        becomes the ground truth.
      </p>
      <section class="card">
        <h2>How well reviewers agree</h2>
        {p.agreement.length ? (
          <section style="overflow-x:auto" tabindex={0} aria-label="reviewer agreement per failure mode">
            <ReviewerAgreementTable rows={p.agreement} />
          </section>
        ) : (
          <p class="muted small">No failure modes yet.</p>
        )}
        <p class="muted small" style="margin-bottom:0">
          Cohen's κ when the same two reviewers labeled every trace, Krippendorff's α otherwise; 95% bootstrap interval
          over traces.
        </p>
      </section>
      <h2 id="open">Open disagreements ({open.length})</h2>
      {open.length === 0 && <p class="muted">Nothing to adjudicate.</p>}
      {open.map((d) => (
        <Disagreement d={d} canAdjudicate={p.canAdjudicate} />
      ))}
      {settled.length > 0 && <h2 id="settled">Settled ({settled.length})</h2>}
      {settled.map((d) => (
        <Disagreement d={d} canAdjudicate={false} />
      ))}
      {p.canAdjudicate && <FormsScript />}
    </Layout>
  );
};
