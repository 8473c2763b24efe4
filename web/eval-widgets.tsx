import type { HumanCeiling } from '../core/calibration/reviewer-agreement.js';

/** Small pieces of the evaluator and cycle pages: status badges, the MCC interval bar, number formats. */

export const fmt2 = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toFixed(2));

export const fmtPct = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : `${(n * 100).toFixed(n > 0 && n < 0.1 ? 1 : 0)}%`;

/** "2026-03-10 09:00" from a Postgres or ISO timestamp. */
export const fmtWhen = (ts: string | null | undefined) => (ts ? ts.slice(0, 16).replace('T', ' ') : '–');

const statusClass: Record<string, string> = { gate: 'good', signal: 'info', revise: 'warn', retired: '' };

const statusHelp: Record<string, string> = {
  gate: 'agrees with the humans well enough to block a release',
  signal: 'reported alongside a release, never blocks it',
  revise: 'does not agree with the humans well enough to be used',
  retired: 'no longer used',
};

/** An evaluator status or agreement band (gate / signal / revise / retired) as a coloured badge. */
export const StatusBadge = ({ status }: { status: string }) => (
  <span class={`badge ${statusClass[status] ?? ''}`.trim()} title={statusHelp[status] ?? status} data-status={status}>
    {status}
  </span>
);

/** Who made a version: the generator, or a person's key name. */
export const CreatedBy = ({ by }: { by: string }) =>
  by === 'generator' ? (
    <span class="badge" title="generated from labels by the refresh cycle or POST /api/evaluators/generate">
      generator
    </span>
  ) : (
    <span title="written by hand and calibrated with POST /api/evaluators">{by}</span>
  );

const W = 168;
const PAD = 7;
const H = 16;

/**
 * MCC with its 95% bootstrap interval on [−1, 1]: the interval as a band, the point as a dot, a tick
 * at 0 and dashed ticks at the signal (0.4) and gate (0.6) cut-offs.
 */
export const MccBar = (props: {
  mcc: number | null;
  ci: { lower: number; upper: number } | null;
  status: string;
  width?: number;
}) => {
  const width = props.width ?? W;
  const x = (v: number) => PAD + ((Math.max(-1, Math.min(1, v)) + 1) / 2) * (width - 2 * PAD);
  const y = H / 2;
  const label =
    props.mcc === null
      ? 'MCC undefined'
      : `MCC ${fmt2(props.mcc)}${props.ci ? `, 95% CI ${fmt2(props.ci.lower)} to ${fmt2(props.ci.upper)}` : ''}`;
  return (
    <span class="row nowrap" style="gap:8px;flex-wrap:nowrap" data-mcc={props.mcc === null ? '' : fmt2(props.mcc)}>
      <svg
        class={`mccbar ${props.status}`}
        width={width}
        height={H}
        viewBox={`0 0 ${width} ${H}`}
        role="img"
        aria-label={label}
      >
        <title>{`${label} (scale −1 to 1; ticks: 0, signal 0.4, gate 0.6)`}</title>
        <line class="axis" x1={PAD} x2={width - PAD} y1={y} y2={y} />
        <line class="zero" x1={x(0)} x2={x(0)} y1={1} y2={H - 1} />
        {[0.4, 0.6].map((cut) => (
          <>
            <line class="cut" x1={x(cut)} x2={x(cut)} y1={0} y2={4} />
            <line class="cut" x1={x(cut)} x2={x(cut)} y1={H - 4} y2={H} />
          </>
        ))}
        {props.ci && <line class="ci" x1={x(props.ci.lower)} x2={x(props.ci.upper)} y1={y} y2={y} />}
        {props.mcc !== null && <circle class="pt" cx={x(props.mcc)} cy={y} r={5} />}
      </svg>
      <span class="small">
        <b>{props.mcc === null ? 'n/a' : fmt2(props.mcc)}</b>
        {props.ci && (
          <span class="muted mcc-ci">
            {' '}
            [{fmt2(props.ci.lower)}, {fmt2(props.ci.upper)}]
          </span>
        )}
      </span>
    </span>
  );
};

/**
 * Human–human agreement next to evaluator–human agreement: the reviewers' κ/α on double-reviewed
 * traces is the ceiling any evaluator can be shown to reach against their labels.
 */
export const HumanCeilingNote = ({ ceiling }: { ceiling: HumanCeiling | null }) => {
  if (!ceiling) return null;
  const waiting = ceiling.reviewers.awaitingAdjudication;
  return (
    <div class="msg" id="human-ceiling" data-at-ceiling={String(ceiling.atOrAboveCeiling)} style="margin-top:10px">
      <div class="small">
        <b>Human ceiling:</b> {ceiling.text}.
      </div>
      {ceiling.atOrAboveCeiling && (
        <div class="small">
          <span class="badge warn">at or above the human ceiling</span>
        </div>
      )}
      {waiting > 0 && (
        <div class="small" id="awaiting-adjudication">
          {waiting} double-reviewed trace{waiting === 1 ? '' : 's'} where the reviewers disagree{' '}
          {waiting === 1 ? 'is' : 'are'} left out of the ground truth until adjudicated.
        </div>
      )}
      <a class="small" href="/adjudication">
        reviewer agreement and adjudication
      </a>
    </div>
  );
};
