import type { AgreementPoint } from './drift-data.js';
import { fmt2, fmtWhen } from './eval-widgets.js';

/**
 * "Agreement over time": an inline SVG line chart of one evaluator version's MCC with its 95%
 * interval as a band, over the time it was measured (calibration, scheduled re-measurement, a
 * judge model change, or by hand), the evaluator's other versions in grey behind it, and dashed
 * reference lines at the signal (0.4) and gate (0.6) cut-offs. No client script: every point
 * carries a <title> tooltip with its trigger, model, interval and sample size.
 */

const W = 1180;
const H = 250;
const L = 40;
const R = 76;
const T = 22;
const B = 28;
const DAY = 86_400_000;

const triggerText: Record<string, string> = {
  calibration: 'calibration',
  scheduled: 'scheduled',
  model_change: 'model change',
  manual: 'manual',
};

const band = (mcc: number | null) => (mcc === null ? 'undef' : mcc >= 0.6 ? 'gate' : mcc >= 0.4 ? 'signal' : 'revise');

/** A point's marker: its shape says what triggered the measurement. */
const Marker = ({ trigger, x, y }: { trigger: string; x: number; y: number }) => {
  if (trigger === 'calibration') return <circle class="m" cx={x} cy={y} r={5.5} />;
  if (trigger === 'model_change')
    return <polygon class="m" points={`${x},${y - 6.5} ${x + 6.5},${y} ${x},${y + 6.5} ${x - 6.5},${y}`} />;
  if (trigger === 'manual') return <rect class="m" x={x - 4.5} y={y - 4.5} width={9} height={9} />;
  return <circle class="m" cx={x} cy={y} r={3.8} />;
};

const ciText = (p: AgreementPoint) =>
  p.lower === null || p.upper === null ? '' : ` [${fmt2(p.lower)}, ${fmt2(p.upper)}]`;

const tooltip = (p: AgreementPoint) =>
  `v${p.version} · ${triggerText[p.trigger] ?? p.trigger} · ${fmtWhen(p.measuredAt)}\n` +
  `MCC ${p.mcc === null ? 'undefined' : fmt2(p.mcc)}${ciText(p)} · n ${p.n}${p.model ? `\nmodel ${p.model}` : ''}`;

/** Consecutive points that all have an interval (each becomes one band polygon). */
const runs = (points: AgreementPoint[]) => {
  const out: AgreementPoint[][] = [];
  let run: AgreementPoint[] | null = null;
  for (const p of points) {
    if (p.lower === null || p.upper === null) {
      run = null;
      continue;
    }
    if (!run) {
      run = [];
      out.push(run);
    }
    run.push(p);
  }
  return out;
};

/** The same measurements as a table (newest first), for reading exact values. */
const Measurements = ({ points }: { points: AgreementPoint[] }) => (
  <details class="small" id="agreement-table">
    <summary>{points.length} measurements of this version</summary>
    <section style="overflow-x:auto" tabindex={0} aria-label="measurements">
      <table class="queue small">
        <thead>
          <tr>
            <th>measured</th>
            <th>trigger</th>
            <th>model</th>
            <th>MCC [95% CI]</th>
            <th class="num">n</th>
          </tr>
        </thead>
        <tbody>
          {[...points].reverse().map((p) => (
            <tr>
              <td class="nowrap">{fmtWhen(p.measuredAt)}</td>
              <td>{triggerText[p.trigger] ?? p.trigger}</td>
              <td class="mono">{p.model ?? '–'}</td>
              <td class="nowrap">
                {p.mcc === null ? 'undefined' : fmt2(p.mcc)}
                {ciText(p)}
              </td>
              <td class="num">{p.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  </details>
);

const Legend = () => (
  <div class="legend" id="agreement-legend">
    {Object.entries(triggerText).map(([trigger, text]) => (
      <span>
        <svg width={16} height={16} viewBox="0 0 16 16" class="agreement-chart" aria-hidden="true">
          <g class="pt signal">
            <Marker trigger={trigger} x={8} y={8} />
          </g>
        </svg>{' '}
        {text}
      </span>
    ))}
    <span>
      <span class="swatch band" /> 95% interval
    </span>
    <span>
      <span class="swatch other" /> other versions
    </span>
    <span>point colour: MCC ≥ 0.6 green, ≥ 0.4 blue, lower orange</span>
  </div>
);

export const AgreementChart = ({ points, versionId }: { points: AgreementPoint[]; versionId: string }) => {
  const mine = points.filter((p) => p.versionId === versionId);
  if (points.length === 0)
    return (
      <p class="muted small" id="agreement-empty">
        No measurements yet. Calibration records the first; drift watch re-measures agreement on a schedule and when the
        judge model changes.
      </p>
    );
  let [t0, t1] = [Math.min(...points.map((p) => p.t)), Math.max(...points.map((p) => p.t))];
  if (t1 - t0 < DAY) [t0, t1] = [t0 - DAY / 2, t1 + DAY / 2];
  const pad = (t1 - t0) * 0.03;
  [t0, t1] = [t0 - pad, t1 + pad];
  const values = points.flatMap((p) => [p.mcc, p.lower]).filter((v): v is number => v !== null);
  const lo = Math.max(-1, Math.floor(Math.min(0, ...values) * 5) / 5);
  const x = (t: number) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
  const y = (v: number | null) => T + ((1 - Math.max(lo, Math.min(1, v ?? lo))) / (1 - lo)) * (H - T - B);
  const yTicks = Array.from({ length: Math.round((1 - lo) * 5) + 1 }, (_, i) => Math.round((lo + i * 0.2) * 10) / 10);
  const xTicks = [0, 1, 2, 3, 4].map((i) => t0 + ((t1 - t0) * i) / 4);
  const tickText = (t: number) =>
    new Date(t).toISOString().slice(t1 - t0 < 3 * DAY ? 5 : 0, t1 - t0 < 3 * DAY ? 16 : 10);
  const line = (ps: AgreementPoint[]) =>
    ps
      .filter((p) => p.mcc !== null)
      .map((p) => `${x(p.t).toFixed(1)},${y(p.mcc).toFixed(1)}`)
      .join(' ');
  const others = [...new Set(points.filter((p) => p.versionId !== versionId).map((p) => p.versionId))];
  const latest = mine[mine.length - 1];
  const first = mine[0];
  const change = latest && first && latest !== first && latest.mcc !== null && first.mcc !== null;
  return (
    <>
      <svg
        class="agreement-chart"
        id="agreement-chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`MCC over time: ${mine.length} measurements of this version${latest ? `, latest ${fmt2(latest.mcc)}` : ''}`}
      >
        {yTicks.map((v) => (
          <>
            <line class={v === 0 ? 'grid zero' : 'grid'} x1={L} x2={W - R} y1={y(v)} y2={y(v)} />
            <text class="tick" x={L - 6} y={y(v) + 3} text-anchor="end">
              {v.toFixed(1)}
            </text>
          </>
        ))}
        {xTicks.map((t, i) => (
          <text class="tick" x={x(t)} y={H - 8} text-anchor={i === 0 ? 'start' : i === 4 ? 'end' : 'middle'}>
            {tickText(t)}
          </text>
        ))}
        {[
          [0.6, 'gate'],
          [0.4, 'signal'],
        ].map(([v, name]) => (
          <>
            <line class={`ref ${name}`} x1={L} x2={W - R} y1={y(v as number)} y2={y(v as number)} />
            <text class={`ref-label ${name}`} x={W - R + 6} y={y(v as number) + 4}>
              {`${name} ${v}`}
            </text>
          </>
        ))}
        {others.map((id) => {
          const ps = points.filter((p) => p.versionId === id);
          return (
            <g class="other-version" data-version-id={id}>
              <polyline class="other" points={line(ps)} />
              {ps.map((p) => (
                <circle class="other-pt" cx={x(p.t)} cy={y(p.mcc)} r={3.4}>
                  <title>{tooltip(p)}</title>
                </circle>
              ))}
            </g>
          );
        })}
        {runs(mine).map((run) =>
          run.length > 1 ? (
            <polygon
              class="band"
              points={[...run.map((p) => [p.t, p.upper]), ...[...run].reverse().map((p) => [p.t, p.lower])]
                .map(([t, v]) => `${x(t!).toFixed(1)},${y(v!).toFixed(1)}`)
                .join(' ')}
            />
          ) : (
            <line class="whisker" x1={x(run[0]!.t)} x2={x(run[0]!.t)} y1={y(run[0]!.upper)} y2={y(run[0]!.lower)} />
          ),
        )}
        {mine
          .filter((p) => p.trigger === 'model_change')
          .map((p) => (
            <>
              <line class="event" x1={x(p.t)} x2={x(p.t)} y1={T - 8} y2={H - B} />
              <text
                class="event-label"
                x={x(p.t) + (x(p.t) > W / 2 ? -4 : 4)}
                y={T - 10 + 8}
                text-anchor={x(p.t) > W / 2 ? 'end' : 'start'}
              >
                {`model → ${(p.model ?? '?').slice(0, 40)}`}
              </text>
            </>
          ))}
        <polyline class="line" points={line(mine)} />
        {mine.map((p) => (
          <g class={`pt ${band(p.mcc)}`} data-trigger={p.trigger} data-mcc={p.mcc === null ? '' : fmt2(p.mcc)}>
            <title>{tooltip(p)}</title>
            <Marker trigger={p.trigger} x={x(p.t)} y={y(p.mcc)} />
            {(p.trigger === 'calibration' || p.trigger === 'manual') && (
              <text class="pt-label" x={x(p.t)} y={y(p.mcc) + (y(p.mcc) > H - B - 20 ? -10 : 18)} text-anchor="middle">
                {triggerText[p.trigger]}
              </text>
            )}
          </g>
        ))}
      </svg>
      <Legend />
      {latest ? (
        <p class="small" id="agreement-latest" style="margin:6px 0 0">
          Latest: MCC <b>{latest.mcc === null ? 'undefined' : fmt2(latest.mcc)}</b>
          {ciText(latest)} · {triggerText[latest.trigger] ?? latest.trigger} · {fmtWhen(latest.measuredAt)} · n{' '}
          {latest.n}
          {latest.model ? ` · model ${latest.model}` : ''}
          {change &&
            ` (${latest.mcc! < first.mcc! ? 'down' : 'up'} ${fmt2(Math.abs(latest.mcc! - first.mcc!))} since ${triggerText[first.trigger] ?? first.trigger} on ${fmtWhen(first.measuredAt)})`}
        </p>
      ) : (
        <p class="muted small">This version has no measurements yet; grey: the evaluator's other versions.</p>
      )}
      {mine.length > 0 && <Measurements points={mine} />}
    </>
  );
};
