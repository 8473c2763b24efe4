import { formatPoints, formatRate, formatTolerance } from '../core/gate/format.js';
import type { GateVerdictExplanation } from '../db/gate-evidence.js';
import type { GateRunRow } from '../db/gate-runs.js';
import type { GateWaiver } from '../db/gate-waivers.js';
import { fmt2, fmtWhen, StatusBadge } from './eval-widgets.js';
import { GateActions } from './gate-actions.js';
import type { DecisionView, FlipView } from './gate-data.js';
import { releaseHref, VerdictBadge } from './gates-page.js';
import { Layout } from './layout.js';
import { isUuid } from './web-env.js';

/** An evaluator's verdict on one side of a flipped item, named. */
export type SideVerdict = GateVerdictExplanation & { evaluator: string };

/** A flipped item with every evaluator's verdict and explanation on both of its traces. */
export interface FlipRow extends FlipView {
  candidate: SideVerdict[];
  baseline: SideVerdict[];
}

export interface GateDecisionRow extends Omit<DecisionView, 'flipped'> {
  /** The first flipped items of the decision (texts redacted for non-admins). */
  flipped: FlipRow[];
  /** Every flipped item of the decision. */
  flippedTotal: number;
  /** Flipped items left out for this viewer: their traces have no consent to review (core/consent.ts). */
  hiddenNoConsent?: number;
}

export interface GatePageProps {
  who: string;
  run: Pick<GateRunRow, 'id' | 'release' | 'baseline' | 'source' | 'datasetVersionId' | 'status' | 'error'> &
    Pick<GateRunRow, 'createdAt' | 'decidedAt' | 'evidence' | 'evidenceSummary' | 'reuseCount' | 'lastReusedAt'>;
  summary: string | null;
  decisions: GateDecisionRow[];
  unredacted: boolean;
  /** Admins see the waive form and the re-run button. */
  admin?: boolean;
  waiver?: GateWaiver | null;
}

/** A gating evaluator that could not vouch for the release (amber). */
const lacksEvidence = (d: DecisionView) =>
  (d.decision === 'inconclusive' || d.decision === 'insufficient') && d.evaluator.status === 'gate';

const DecisionBadge = ({ d }: { d: DecisionView }) =>
  lacksEvidence(d) ? (
    <span class="badge warn" data-decision="inconclusive" title="too little evidence to vouch for the release">
      INCONCLUSIVE
    </span>
  ) : d.blocking ? (
    <span class="badge bad" data-decision="block">
      BLOCK
    </span>
  ) : d.decision === 'block' ? (
    <span class="badge warn" data-decision="regressed" title="a signal evaluator regressed: reported, never blocks">
      regressed (signal)
    </span>
  ) : (
    <span class={`badge ${d.decision === 'pass' ? 'good' : ''}`} data-decision={d.decision}>
      {d.decision}
    </span>
  );

const Rate = ({ rate, n, corrected }: { rate: number | null; n: number | null; corrected: number | null }) => (
  <>
    <b>{formatRate(rate)}</b>
    {n !== null && <div class="small">n {n}</div>}
    {corrected !== null && (
      <div class="small" title="Rogan–Gladen corrected for the evaluator's TPR and TNR">
        corr. {formatRate(corrected)}
      </div>
    )}
  </>
);

const EvaluatorName = ({ d }: { d: DecisionView }) => {
  const text = `${d.evaluator.name} v${d.evaluator.version}`;
  return isUuid(d.evaluator.id) ? <a href={`/evaluators/${d.evaluator.id}`}>{text}</a> : <span>{text}</span>;
};

const Decisions = ({ decisions }: { decisions: GateDecisionRow[] }) => (
  <table class="queue gate-decisions" id="decisions">
    <thead>
      <tr>
        <th>Evaluator</th>
        <th>Failure mode</th>
        <th>Status</th>
        <th class="num">Baseline</th>
        <th class="num">Candidate</th>
        <th class="num" title="candidate − baseline pass rate, in percentage points">
          Δ points
        </th>
        <th>Test</th>
        <th>Decision</th>
        <th>Reason</th>
      </tr>
    </thead>
    <tbody>
      {decisions.map((d) => (
        <tr
          class={d.blocking ? 'blocking' : lacksEvidence(d) ? 'inconclusive' : ''}
          style={lacksEvidence(d) ? 'background:var(--warn-bg)' : undefined}
          data-evaluator={d.evaluator.name}
        >
          <td class="nowrap">
            <EvaluatorName d={d} />
            {d.evaluator.mcc !== null && <div class="small">MCC {fmt2(d.evaluator.mcc)}</div>}
          </td>
          <td class="mono">{d.evaluator.failureMode}</td>
          <td>
            <StatusBadge status={d.evaluator.status} />
          </td>
          <td class="num nowrap">
            <Rate rate={d.baselineRate} n={d.nBaseline} corrected={d.correctedBaselineRate} />
          </td>
          <td class="num nowrap">
            <Rate rate={d.candidateRate} n={d.nCandidate} corrected={d.correctedCandidateRate} />
          </td>
          <td class={`num nowrap ${d.diff !== null && d.diff < 0 ? 'drop' : ''}`}>{formatPoints(d.diff)}</td>
          <td class="small">{d.test}</td>
          <td>
            <DecisionBadge d={d} />
          </td>
          <td class="small">{d.reason}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

const traceHref = (traceId: string, gateId: string) =>
  `/traces/${encodeURIComponent(traceId)}?${new URLSearchParams({ back: `/gates/${gateId}` })}`;

const SideVerdicts = ({
  label,
  traceId,
  gateId,
  verdicts,
}: {
  label: string;
  traceId: string;
  gateId: string;
  verdicts: SideVerdict[];
}) => (
  <div class="side" data-side={label} style="min-width:0">
    <div class="small">
      <b>{label}</b>{' '}
      <a href={traceHref(traceId, gateId)} data-link={label} title={traceId} class="mono">
        {traceId.slice(0, 16)}…
      </a>
    </div>
    {verdicts.length === 0 ? (
      <div class="muted small">no evaluator verdict stored</div>
    ) : (
      <ul class="small" style="margin:4px 0 0;padding-left:18px">
        {verdicts.map((v) => (
          <li data-evaluator-verdict={v.evaluator} style="overflow-wrap:anywhere">
            <span class="nowrap">{v.evaluator}</span>{' '}
            <span class={`badge ${v.verdict === 'pass' ? 'good' : v.verdict === 'fail' ? 'bad' : ''}`}>
              {v.verdict ?? 'no verdict'}
            </span>
            {v.score !== null && <span class="muted"> score {fmt2(v.score)}</span>}
            {(v.explanation || v.error) && <div class="explanation">{v.explanation ?? v.error}</div>}
          </li>
        ))}
      </ul>
    )}
  </div>
);

const Flip = ({ f, gateId }: { f: FlipRow; gateId: string }) => (
  <li
    data-key={f.key}
    class={`flip ${f.to === 'fail' ? 'to-fail' : 'to-pass'}`}
    style="border-top:1px solid var(--line, #ddd);padding:8px 0"
  >
    <div class="row" style="flex-wrap:wrap;gap:6px">
      <span class="snippet" style="overflow-wrap:anywhere">
        {f.key || <span class="muted">(no key)</span>}
      </span>
      <span class="nowrap">
        <span class={`badge ${f.from === 'pass' ? 'good' : 'bad'}`}>{f.from}</span> →{' '}
        <span class={`badge ${f.to === 'pass' ? 'good' : 'bad'}`}>{f.to}</span>
      </span>
    </div>
    <div
      class="why-flipped"
      style="display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,280px),1fr));gap:10px;margin-top:6px"
    >
      <SideVerdicts label="baseline" traceId={f.baselineTraceId} gateId={gateId} verdicts={f.baseline} />
      <SideVerdicts label="candidate" traceId={f.traceId} gateId={gateId} verdicts={f.candidate} />
    </div>
  </li>
);

const Flipped = ({ d, gateId }: { d: GateDecisionRow; gateId: string }) => {
  const down = d.flipped.filter((f) => f.from === 'pass' && f.to === 'fail').length;
  return (
    <section class="card flips" data-evaluator={d.evaluator.name}>
      <div class="row" style="margin-bottom:6px">
        <h2 style="margin:0">
          <EvaluatorName d={d} /> · flipped items
        </h2>
        <DecisionBadge d={d} />
        <span class="muted small">
          {d.flippedTotal} shared items changed verdict
          {d.flipped.length < d.flippedTotal ? `; the first ${d.flipped.length} are listed` : ''} (of those listed:{' '}
          {down} pass → fail, {d.flipped.length - down} fail → pass)
        </span>
      </div>
      <p class="muted small" style="margin:0">
        Each item is a user input both releases answered; every evaluator's verdict and explanation on the baseline's
        trace sits beside the candidate's.
      </p>
      <ul class="flip-list" style="list-style:none;margin:0;padding:0">
        {d.flipped.map((f) => (
          <Flip f={f} gateId={gateId} />
        ))}
      </ul>
    </section>
  );
};

/** Says how many flipped items this viewer does not see for want of consent to review. */
const HiddenNoConsent = ({ decisions }: { decisions: GateDecisionRow[] }) => {
  const hidden = decisions.reduce((n, d) => n + (d.hiddenNoConsent ?? 0), 0);
  if (hidden === 0) return null;
  return (
    <p class="small" id="hidden-no-consent">
      {hidden} flipped item{hidden === 1 ? ' is' : 's are'} not listed:{' '}
      {hidden === 1 ? 'its traces have' : 'their traces have'} no consent to review. They still count in the verdict; an
      admin can see them.
    </p>
  );
};

/** One release gate: its verdict and summary, every evaluator's numbers and decision, and the items that flipped. */
export const GatePage = (p: GatePageProps) => {
  const r = p.run;
  const policy = p.decisions[0]?.policy;
  return (
    <Layout title={`Gate ${r.release}`} page="gates" who={p.who}>
      <div class="row" style="margin-bottom:4px">
        <a href="/gates">← gates</a>
        <a href={releaseHref(r.release)}>every gate of {r.release}</a>
      </div>
      <section
        class={`card verdict ${r.status}`}
        id="verdict"
        style={r.status === 'inconclusive' ? 'border-left:4px solid var(--warn)' : undefined}
      >
        <div class="row" style="justify-content:space-between">
          <h1 style="margin:0">
            {r.release} <span class="muted">vs {r.baseline ?? 'no baseline'}</span>
          </h1>
          <span>
            <VerdictBadge status={p.waiver ? 'waived' : r.status} />
            {p.waiver && <span class="muted small"> (was {r.status})</span>}
          </span>
        </div>
        {p.waiver && (
          <div class="banner" id="waiver" style="background:var(--accent-bg)">
            <b>Waived</b> by {p.waiver.waivedBy} at {fmtWhen(p.waiver.createdAt)}: <q>{p.waiver.reason}</q>. CI treats
            this gate as passed (exit 0); the verdict and evidence below are unchanged.
          </div>
        )}
        {p.summary && (
          <p id="summary" style="margin:6px 0 8px">
            {p.summary}
          </p>
        )}
        {r.status === 'error' && <div class="banner bad">{r.error ?? 'The gate failed before deciding.'}</div>}
        {r.status === 'inconclusive' && (
          <div class="banner warn" id="inconclusive">
            Not enough evidence to vouch for this release: it is neither passed nor blocked. CI exits 3 unless{' '}
            <span class="mono">--allow-inconclusive</span> is given.
          </div>
        )}
        {r.reuseCount > 0 && (
          <div class="banner" id="reused" style="background:var(--accent-bg)">
            This verdict was reused {r.reuseCount}× because its evidence was unchanged (last at{' '}
            {fmtWhen(r.lastReusedAt)}); new traces of the release, another evaluator version or{' '}
            <span class="mono">--rerun</span> start a new gate.
          </div>
        )}
        {r.status === 'running' && <p class="muted">The gate is still evaluating; reload for its verdict.</p>}
        <div class="stats small">
          <div>
            <span class="muted">source</span>
            <b class="mono">{r.source}</b>
          </div>
          {r.datasetVersionId && (
            <div>
              <span class="muted">dataset version</span>
              <b class="mono">{r.datasetVersionId}</b>
            </div>
          )}
          {r.evidenceSummary && (
            <div title={r.evidence ?? ''}>
              <span class="muted">evidence</span>
              <b>
                {r.evidenceSummary.candidate} candidate · {r.evidenceSummary.baseline} baseline items ·{' '}
                {r.evidenceSummary.evaluators} evaluators
              </b>
            </div>
          )}
          <div>
            <span class="muted">started</span>
            <b>{fmtWhen(r.createdAt)}</b>
          </div>
          <div>
            <span class="muted">decided</span>
            <b>{fmtWhen(r.decidedAt)}</b>
          </div>
          {policy && (
            <div>
              <span class="muted">policy</span>
              <b>
                tolerance {policy.tolerance === null ? '–' : formatTolerance(policy.tolerance)} pts · α{' '}
                {policy.alpha ?? '–'}
                {policy.floor ? ` · floor ${formatRate(policy.floor)}` : ''} · min {policy.minItems ?? '–'} items
              </b>
            </div>
          )}
        </div>
      </section>
      {p.decisions.length > 0 ? (
        <div style="overflow-x:auto;max-width:100%">
          <Decisions decisions={p.decisions} />
        </div>
      ) : (
        r.status !== 'running' && <div class="card muted">No evaluator decided on this gate.</div>
      )}
      <div style="margin-top:14px">
        {p.decisions
          .filter((d) => d.flippedTotal > 0)
          .sort((a, b) => Number(b.blocking) - Number(a.blocking))
          .map((d) => (
            <Flipped d={d} gateId={r.id} />
          ))}
      </div>
      <HiddenNoConsent decisions={p.decisions} />
      {p.admin && r.status !== 'running' && <GateActions run={r} waived={!!p.waiver} />}
      {!p.unredacted && p.decisions.some((d) => d.flippedTotal > 0) && (
        <p class="muted small">Item text comes from traces and is shown with personal data replaced.</p>
      )}
    </Layout>
  );
};
