import { fmtWhen } from './eval-widgets.js';
import type { GateListRow } from './gate-data.js';
import { GatesTakeoverNotice, type TakeoverView } from './gating-notice.js';
import { Layout } from './layout.js';

const verdictClass: Record<string, string> = {
  pass: 'good',
  blocked: 'bad',
  inconclusive: 'warn',
  running: 'info',
  error: 'bad',
  waived: 'info',
};

const verdictHelp: Record<string, string> = {
  pass: 'every gating evaluator had the evidence to vouch for the release, and none blocks',
  blocked: 'at least one gating evaluator found a significant regression',
  inconclusive:
    'not enough evidence to vouch for the release: too few of its items, no baseline, or no gating evaluator',
  running: 'the gate is still evaluating',
  error: 'the gate failed before deciding',
  waived: 'an admin let this blocked or inconclusive gate through, with a reason (see the gate page)',
};

/** A gate's state (pass / blocked / inconclusive / running / error) as a coloured badge (inconclusive: amber). */
export const VerdictBadge = ({ status }: { status: string }) => (
  <span
    class={`badge ${verdictClass[status] ?? ''}`.trim()}
    title={verdictHelp[status] ?? status}
    data-verdict={status}
  >
    {status}
  </span>
);

/** What an inconclusive gate lacked (core/gate/types.ts MissingEvidence), in words. */
export const missingLabel: Record<string, string> = {
  evaluators: 'no gating evaluator',
  candidate: 'no items of the release',
  items: 'too few items',
  baseline: 'no baseline to compare with',
};

export const releaseHref = (release: string) => `/gates?${new URLSearchParams({ release })}`;

const Empty = ({ release }: { release: string | null }) => (
  <div class="card empty" id="empty">
    <h2>{release ? `No gate for release ${release}` : 'No release gate yet'}</h2>
    <p class="muted">
      A gate compares a release with its baseline on every evaluator whose status is <b>gate</b> or <b>signal</b>:
    </p>
    <ol>
      <li>
        Tag your traces with the release (<span class="mono">service.version</span>), or upload outputs for a dataset
        version.
      </li>
      <li>
        In CI run <span class="mono">evalloop gate --release &lt;version&gt;</span> with a ci key (or{' '}
        <span class="mono">POST /api/gates</span>).
      </li>
      <li>The verdict, its numbers and the items that flipped appear here.</li>
    </ol>
  </div>
);

const Row = ({ g }: { g: GateListRow }) => (
  <tr data-gate-id={g.id} data-release={g.release}>
    <td>
      <a href={`/gates/${encodeURIComponent(g.id)}`}>
        <b>{g.release}</b>
      </a>
      <div class="muted small mono">{g.id}</div>
    </td>
    <td>{g.baseline ? <a href={releaseHref(g.baseline)}>{g.baseline}</a> : <span class="muted">none</span>}</td>
    <td class="mono">{g.source}</td>
    <td>
      <VerdictBadge status={g.waivedBy ? 'waived' : g.status} />
      {g.waivedBy && (
        <div class="muted small">
          was {g.status}, by {g.waivedBy}
        </div>
      )}
    </td>
    <td class="blocked-by">
      {g.blockedBy.length > 0 ? (
        g.blockedBy.map((name, i) => (
          <>
            {i > 0 && ', '}
            <b>{name}</b>
          </>
        ))
      ) : g.status === 'inconclusive' ? (
        <span class="small missing" style="color:var(--warn)">
          not enough evidence{g.missing.length > 0 ? `: ${g.missing.map((m) => missingLabel[m] ?? m).join(', ')}` : ''}
        </span>
      ) : g.status === 'error' ? (
        <span class="small" style="color:var(--bad)">
          {g.error ?? 'failed'}
        </span>
      ) : (
        <span class="muted">–</span>
      )}
      {g.summary && <div class="muted small snippet">{g.summary}</div>}
      {g.reuseCount > 0 && (
        <div class="small reused" data-reused={g.reuseCount}>
          verdict reused {g.reuseCount}× (evidence unchanged), last {fmtWhen(g.lastReusedAt)}
        </div>
      )}
    </td>
    <td class="num">{g.decisions ?? '–'}</td>
    <td class="nowrap">
      {g.decidedAt ? fmtWhen(g.decidedAt) : <span class="muted">running since</span>}
      {!g.decidedAt && <div>{fmtWhen(g.createdAt)}</div>}
      {g.decidedAt && <div class="muted small">started {fmtWhen(g.createdAt)}</div>}
    </td>
  </tr>
);

/** The release gates, newest first: each release's verdict against its baseline and what blocked it. */
export const GatesPage = ({
  who,
  rows,
  release,
  takeovers = [],
}: {
  who: string;
  rows: GateListRow[];
  release: string | null;
  /** Evaluator versions that recently took over gating, not yet acknowledged. */
  takeovers?: TakeoverView[];
}) => (
  <Layout title={release ? `Gates · ${release}` : 'Gates'} page="gates" who={who}>
    <GatesTakeoverNotice takeovers={takeovers} />
    <div class="row" style="justify-content:space-between;margin-bottom:4px">
      <h1>
        Release gates
        {release && (
          <>
            {' '}
            <span class="muted">· {release}</span>
          </>
        )}
      </h1>
      {release ? (
        <a href="/gates">all releases</a>
      ) : (
        <span class="muted small">
          newest first; a release is blocked when a <b>gate</b> evaluator shows a significant drop in pass rate,
          inconclusive when one lacks the evidence to vouch for it
        </span>
      )}
    </div>
    {rows.length === 0 ? (
      <Empty release={release} />
    ) : (
      <table class="queue" id="gates">
        <thead>
          <tr>
            <th>Release</th>
            <th style="width:130px">Baseline</th>
            <th style="width:80px">Source</th>
            <th style="width:90px">Verdict</th>
            <th>Blocked by · what was missing</th>
            <th class="num" style="width:90px" title="evaluators that decided">
              evaluators
            </th>
            <th style="width:150px">Decided</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <Row g={g} />
          ))}
        </tbody>
      </table>
    )}
  </Layout>
);
