import { EXCLUSION_WORDS } from '../core/consent.js';
import type { CycleInfo } from './cycles-data.js';
import { CycleProgress, CycleState, cycleError, cycleState, type EngineView, windowText } from './cycles-page.js';
import { fmtPct, fmtWhen, MccBar, StatusBadge } from './eval-widgets.js';
import { Layout } from './layout.js';
import type { Progress } from './widgets.js';

export interface CyclePageProps {
  who: string;
  cycle: CycleInfo;
  engine: EngineView | null;
  progress: Progress;
  /**
   * This cycle's labels: per failure mode the traces marked failing ('(no failure)': traces with no
   * failing mode), per mode the traces judged either way (older reports lack it), and the quota.
   */
  labels: { labelsByMode: Record<string, number>; judgedByMode?: Record<string, number>; quota: number };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** How many of the window's traces the queue left out for want of consent to review, and why. */
const ConsentExcluded = ({ fill }: { fill: Obj }) => {
  const total = num(fill.excludedNoConsent);
  if (!total) return null;
  const by = obj(fill.excludedByReason);
  const parts = (Object.keys(EXCLUSION_WORDS) as (keyof typeof EXCLUSION_WORDS)[])
    .filter((k) => (num(by[k]) ?? 0) > 0)
    .map((k) => `${num(by[k])} ${EXCLUSION_WORDS[k]}`);
  return (
    <p class="small" id="consent-excluded">
      {total} trace{total === 1 ? '' : 's'} of this window kept out of review for want of consent
      {parts.length > 0 ? `: ${parts.join('; ')}` : ''}. They still count in aggregate rates.
    </p>
  );
};

const Counts = ({ p }: { p: CyclePageProps }) => {
  const fill = obj(p.cycle.fillStats);
  const modes = Object.entries(p.labels.labelsByMode);
  return (
    <section class="card" id="counts">
      <h2>Review</h2>
      {p.progress.total > 0 ? <CycleProgress progress={p.progress} /> : <p class="muted">No task queued yet.</p>}
      <div class="stats" style="margin-top:10px">
        {(['candidates', 'anomalous', 'clusters', 'duplicatesCollapsed', 'randomPicked'] as const).map((k) =>
          num(fill[k]) === null ? null : (
            <div>
              <span class="muted small">{k.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}</span>
              <b>{num(fill[k])}</b>
            </div>
          ),
        )}
        <div>
          <span class="muted small">budget</span>
          <b>{p.cycle.budget}</b>
        </div>
      </div>
      <ConsentExcluded fill={fill} />
      <h3>Failing traces per failure mode (quota {p.labels.quota})</h3>
      {modes.length === 0 ? (
        <p class="muted small">No label yet.</p>
      ) : (
        <div class="row" style="gap:6px">
          {modes.map(([mode, n]) => (
            <span
              class={`badge ${mode === '(no failure)' ? '' : n >= p.labels.quota ? 'good' : 'info'}`}
              title={
                p.labels.judgedByMode?.[mode] === undefined
                  ? undefined
                  : `${p.labels.judgedByMode[mode]} traces judged for this mode`
              }
            >
              {mode}: {n}
            </span>
          ))}
        </div>
      )}
    </section>
  );
};

const Learned = ({ learned }: { learned: Obj }) => {
  const candidates = list(learned.candidates);
  const published = list(learned.published);
  return (
    <div class="card" data-failure-mode={text(learned.failureMode)}>
      <div class="row">
        <h2 style="margin:0" class="mono">
          {text(learned.failureMode)}
        </h2>
        <span class="muted small">
          {text(learned.nFail)} fail / {text(learned.nPass)} pass labels
        </span>
        {published.map((v) => (
          <a href={`/evaluators/${text(v.id)}`} class="small">
            published {text(v.name)} v{text(v.version)} <StatusBadge status={text(v.status)} />
          </a>
        ))}
      </div>
      {learned.skipped ? <p class="muted small">Skipped: {text(learned.skipped)}</p> : null}
      {learned.outcome ? (
        <p class="small" data-outcome>
          {text(learned.outcome)}
          {learned.runId ? (
            <>
              {' '}
              <a href={`/evaluators/generations/${text(learned.runId)}`}>the generation run</a>
            </>
          ) : null}
        </p>
      ) : null}
      {candidates.length > 0 && <p class="muted small">Each candidate's own score, before selection:</p>}
      {candidates.length > 0 && (
        <table class="queue small" style="margin-top:8px">
          <thead>
            <tr>
              <th>Candidate</th>
              <th>Band</th>
              <th style="width:250px">MCC [95% CI]</th>
              <th class="num">flip rate</th>
              <th class="num">disagreements</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {candidates.map((c) => {
              const ci = obj(c.mccCI);
              const lower = num(ci.lower);
              const upper = num(ci.upper);
              return (
                <tr>
                  <td>
                    <b>{text(c.name)}</b> <span class="muted mono">{text(c.kind)}</span>
                  </td>
                  <td>
                    <StatusBadge status={text(c.band)} />
                  </td>
                  <td>
                    <MccBar
                      mcc={num(c.mcc)}
                      ci={lower === null || upper === null ? null : { lower, upper }}
                      status={text(c.band)}
                      width={130}
                    />
                  </td>
                  <td class="num">{fmtPct(num(c.flipRate))}</td>
                  <td class="num">{text(c.disagreements)}</td>
                  <td class="muted">{text(c.reason)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
};

const ReportView = ({ report }: { report: Obj }) => {
  const reviewed = obj(report.reviewed);
  const dataset = obj(report.dataset);
  const learned = list(report.learned);
  return (
    <section id="report">
      <h2 style="margin:18px 0 8px">Report</h2>
      <div class="card">
        <dl class="kv">
          <dt>traces closed</dt>
          <dd>{text(report.closedTraces)}</dd>
          <dt>queued for review</dt>
          <dd>{text(reviewed.queued)}</dd>
          <dt>review ended because</dt>
          <dd>{text(reviewed.reviewEnded) || '–'}</dd>
          <dt>dataset version</dt>
          <dd>
            {dataset.id ? (
              <>
                v{text(dataset.version)} of <span class="mono">{text(dataset.id)}</span> · {text(dataset.labels)} labels
                · <span class="mono muted">{text(dataset.hash).slice(0, 12)}</span>
              </>
            ) : (
              '–'
            )}
          </dd>
        </dl>
      </div>
      {learned.length === 0 ? (
        <div class="card muted">No failure mode had labels to learn from.</div>
      ) : (
        learned.map((l) => <Learned learned={l} />)
      )}
    </section>
  );
};

/** One cycle: its stage, what it waits for, its error, its counts and (once done) its report. */
export const CyclePage = (p: CyclePageProps) => {
  const state = cycleState(p.cycle, p.engine);
  const error = cycleError(p.cycle, p.engine);
  const stage = obj(p.engine?.stage);
  const waitingFor = typeof stage.waitingFor === 'string' ? stage.waitingFor : null;
  return (
    <Layout title={`Cycle ${windowText(p.cycle)}`} page="cycles" who={p.who}>
      <div class="row" style="margin-bottom:4px">
        <a href="/cycles">← cycles</a>
        <a href={`/?cycle=${encodeURIComponent(p.cycle.id)}`}>review queue of this cycle</a>
      </div>
      <section class="card" id="cycle">
        <div class="row" style="justify-content:space-between">
          <h1 style="margin:0">{windowText(p.cycle)}</h1>
          <CycleState state={state} />
        </div>
        <div class="muted small mono">{p.cycle.id}</div>
        <div class="stats" style="margin-top:8px">
          <div>
            <span class="muted small">stage</span>
            <b id="stage">{text(stage.stage) || p.cycle.stage || '–'}</b>
          </div>
          <div>
            <span class="muted small">workflow</span>
            <b class="small" title="the workflow engine's state of this cycle's run">
              {p.engine?.state.toLowerCase() ?? '–'}
            </b>
          </div>
          {typeof stage.failureMode === 'string' && (
            <div>
              <span class="muted small">failure mode</span>
              <b class="mono small">{stage.failureMode}</b>
            </div>
          )}
          <div>
            <span class="muted small">updated</span>
            <b class="small">{fmtWhen(p.cycle.updatedAt)}</b>
          </div>
        </div>
      </section>
      {error && (
        <div class="banner bad" id="cycle-error" role="alert">
          Failed: {error}
          <div class="small" style="font-weight:400">
            An admin can resume it from the failed step:{' '}
            <span class="mono">POST /api/cycles/{encodeURIComponent(p.cycle.id)}/resume</span>.
          </div>
        </div>
      )}
      {waitingFor && state !== 'done' && (
        <div class="banner warn" id="waiting">
          Waiting for {waitingFor}.
        </div>
      )}
      <Counts p={p} />
      {p.cycle.report ? (
        <ReportView report={p.cycle.report} />
      ) : (
        <div class="card muted">No report yet: it is written when the cycle is done.</div>
      )}
    </Layout>
  );
};
