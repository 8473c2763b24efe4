import type { Scorecard, ScorecardCell } from '../core/scorecard/build.js';
import { notMeasurableText } from '../core/scorecard/build.js';
import { fmt2 } from './eval-widgets.js';

/**
 * The scorecard as pictures (no client script): small multiples, one panel per gating or signal
 * evaluator, with its corrected pass rate per release (or prompt / model version) as a line and
 * the 95% interval as a band; and a heat strip of every evaluator × group, so trade-offs between
 * failure modes show at a glance. Every mark carries a <title>; each SVG has a title and desc.
 */

const PW = 360;
const PH = 178;
const L = 34;
const R = 12;
const T = 12;
const B = 40;

/** The scorecard's own styles (kept with the chart; style-src allows inline styles). */
export const scorecardStyles = `
.sc-panels { display:grid; grid-template-columns:repeat(auto-fill, minmax(300px, 1fr)); gap:12px; }
.sc-panel { margin:0; }
.sc-panel figcaption { font-size:13px; font-weight:600; margin-bottom:2px; overflow-wrap:anywhere; }
.sc-chart { display:block; width:100%; height:auto; }
.sc-chart text { font-family:system-ui,sans-serif; } .sc-chart .tick { fill:var(--muted); font-size:10.5px; }
.sc-chart .grid { stroke:var(--line); } .sc-chart .band { fill:var(--accent); opacity:.16; }
.sc-chart .whisker { stroke:var(--accent); stroke-width:4; opacity:.3; stroke-linecap:round; }
.sc-chart .line { fill:none; stroke:var(--accent); stroke-width:2; } .sc-chart .pt { fill:var(--accent); stroke:#fff; stroke-width:1.5; }
.sc-chart .nm { fill:#fff; stroke:#8a93a3; stroke-width:1.5; } .sc-chart .observed { fill:none; stroke:#8a93a3; stroke-width:1.2; }
.sc-strip-wrap { overflow-x:auto; }
.sc-strip text { font-family:system-ui,sans-serif; font-size:11px; } .sc-strip .row-label { fill:var(--fg); }
.sc-strip .col-label { fill:var(--muted); } .sc-strip .v { font-weight:600; }
.sc-strip .cell-nm { fill:#f2f4f7; stroke:#d0d5dd; stroke-dasharray:3 2; }
.sc-legend { display:flex; gap:4px 12px; flex-wrap:wrap; align-items:center; font-size:12px; color:var(--muted); margin:6px 0; }
.sc-legend .ramp { display:inline-flex; } .sc-legend .ramp span { width:22px; height:10px; display:inline-block; }
`;

/** Five steps from a low pass rate (dark red) to a high one (dark green); text colour with AA contrast on each. */
const RAMP: [string, string][] = [
  ['#9f1c13', '#fff'],
  ['#d4622a', '#1d2330'],
  ['#f1d27a', '#1d2330'],
  ['#8cc48f', '#1d2330'],
  ['#1a6e45', '#fff'],
];
const rampOf = (v: number) => RAMP[Math.min(4, Math.floor(v * 5))]!;

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);

/** One cell's figures in words (tooltips and the data table). */
export const cellText = (c: ScorecardCell) =>
  c.notMeasurable
    ? `not measurable: ${notMeasurableText[c.notMeasurable]}${c.n ? ` (n ${c.n}, observed ${pct(c.observedPassRate)})` : ''}`
    : `corrected pass rate ${pct(c.correctedPassRate)}, 95% CI ${pct(c.lower)}–${pct(c.upper)}, observed ${pct(c.observedPassRate)}, mean score ${fmt2(c.meanScore)}, n ${c.n}`;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** At most n characters, the middle elided: versions usually differ at their end ("gpt-4o-2024-08-06"). */
const short = (s: string, n: number) => {
  if (s.length <= n) return s;
  const head = Math.floor((n - 1) / 3);
  return `${s.slice(0, head)}…${s.slice(s.length - (n - 1 - head))}`;
};

const PAD = 14;
const x = (i: number, count: number) =>
  count === 1 ? (L + PW - R) / 2 : L + PAD + (i * (PW - L - R - 2 * PAD)) / (count - 1);
const y = (v: number) => T + (1 - v) * (PH - T - B);

/** Consecutive measurable cells (a band and a line per run). */
const runsOf = (cells: { c: ScorecardCell; i: number }[]) => {
  const out: { c: ScorecardCell; i: number }[][] = [];
  let run: { c: ScorecardCell; i: number }[] | null = null;
  for (const p of cells) {
    if (p.c.correctedPassRate === null) {
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

const Panel = ({ s, index }: { s: Scorecard; index: number }) => {
  const e = s.evaluators[index]!;
  const cells = s.groups.map((g, i) => ({
    c: s.cells.find((c) => c.group === g.key && c.versionId === e.versionId)!,
    i,
  }));
  const n = s.groups.length;
  const every = Math.max(1, Math.ceil(n / 6));
  const measured = cells.filter((p) => p.c.correctedPassRate !== null);
  const last = measured[measured.length - 1]?.c;
  const id = `sc-p${index}`;
  return (
    <figure class="sc-panel" data-evaluator={e.versionId}>
      <figcaption>
        {e.failureMode}{' '}
        <span class="muted">
          · {e.name} v{e.version} · {e.status}
        </span>
      </figcaption>
      <svg class="sc-chart" viewBox={`0 0 ${PW} ${PH}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{`${e.failureMode}: corrected pass rate by ${s.by.replace('_', ' ')}`}</title>
        <desc id={`${id}-d`}>
          {`${measured.length} of ${n} measurable${last ? `; latest ${cellText(last)}` : ''}. Exact figures in the table below.`}
        </desc>
        {[0, 0.5, 1].map((v) => (
          <>
            <line class="grid" x1={L} x2={PW - R} y1={y(v)} y2={y(v)} />
            <text class="tick" x={L - 5} y={y(v) + 3.5} text-anchor="end">
              {pct(v)}
            </text>
          </>
        ))}
        {cells.map((p) =>
          p.i % every === 0 || p.i === n - 1 ? (
            <text
              class="tick"
              x={x(p.i, n)}
              y={PH - B + 15}
              text-anchor={n === 1 ? 'middle' : p.i === 0 ? 'start' : p.i === n - 1 ? 'end' : 'middle'}
            >
              {short(p.c.group, 12)}
            </text>
          ) : null,
        )}
        {runsOf(cells).map((run) =>
          run.length > 1 ? (
            <>
              <polygon
                class="band"
                points={[
                  ...run.map((p) => [p.i, p.c.upper ?? p.c.correctedPassRate!]),
                  ...[...run].reverse().map((p) => [p.i, p.c.lower ?? p.c.correctedPassRate!]),
                ]
                  .map(([i, v]) => `${x(i!, n).toFixed(1)},${y(v!).toFixed(1)}`)
                  .join(' ')}
              />
              <polyline
                class="line"
                points={run.map((p) => `${x(p.i, n).toFixed(1)},${y(p.c.correctedPassRate!).toFixed(1)}`).join(' ')}
              />
            </>
          ) : (
            <line
              class="whisker"
              x1={x(run[0]!.i, n)}
              x2={x(run[0]!.i, n)}
              y1={y(run[0]!.c.upper ?? 0)}
              y2={y(run[0]!.c.lower ?? 0)}
            />
          ),
        )}
        {cells.map((p) =>
          p.c.correctedPassRate === null ? (
            <rect class="nm" x={x(p.i, n) - 4} y={y(0) - 4} width={8} height={8} data-group={p.c.group}>
              <title>{`${p.c.group}: ${cellText(p.c)}`}</title>
            </rect>
          ) : (
            <circle
              class="pt"
              cx={x(p.i, n)}
              cy={y(p.c.correctedPassRate)}
              r={4.5}
              data-group={p.c.group}
              data-rate={fmt2(p.c.correctedPassRate)}
            >
              <title>{`${p.c.group}: ${cellText(p.c)}`}</title>
            </circle>
          ),
        )}
      </svg>
    </figure>
  );
};

const CW = 76;
const CH = 28;
const LW = 170;
const TH = 24;

/** Every evaluator (rows) × group (columns): colour and value of the corrected pass rate. */
const HeatStrip = ({ s }: { s: Scorecard }) => {
  const w = LW + CW * s.groups.length + 4;
  const h = TH + CH * s.evaluators.length + 4;
  const measurable = s.cells.filter((c) => c.correctedPassRate !== null).length;
  return (
    <div class="sc-strip-wrap">
      <svg
        class="sc-strip"
        id="scorecard-strip"
        viewBox={`0 0 ${w} ${h}`}
        width={w}
        style="max-width:100%;height:auto"
        role="img"
        aria-labelledby="sc-strip-t sc-strip-d"
      >
        <title id="sc-strip-t">{`Corrected pass rate, every evaluator by ${s.by.replace('_', ' ')}`}</title>
        <desc id="sc-strip-d">{`${s.evaluators.length} evaluators × ${s.groups.length} groups, ${measurable} cells measurable; darker green is a higher pass rate, dashed grey is not measurable. Exact figures in the table below.`}</desc>
        {s.groups.map((g, j) => (
          <text class="col-label" x={LW + CW * j + CW / 2} y={TH - 8} text-anchor="middle">
            {short(g.key, 11)}
            <title>{g.key}</title>
          </text>
        ))}
        {s.evaluators.map((e, i) => (
          <>
            <text class="row-label" x={LW - 8} y={TH + CH * i + CH / 2 + 4} text-anchor="end">
              {clip(`${e.failureMode} · ${e.name}`, 26)}
            </text>
            {s.groups.map((g, j) => {
              const c = s.cells.find((c) => c.group === g.key && c.versionId === e.versionId)!;
              const [fill, ink] = c.correctedPassRate === null ? ['', '#545d6e'] : rampOf(c.correctedPassRate);
              return (
                <g data-group={g.key} data-evaluator={e.versionId}>
                  <title>{`${e.failureMode} · ${e.name}, ${g.key}: ${cellText(c)}`}</title>
                  {c.correctedPassRate === null ? (
                    <rect
                      class="cell-nm"
                      x={LW + CW * j + 1}
                      y={TH + CH * i + 1}
                      width={CW - 2}
                      height={CH - 2}
                      rx={3}
                    />
                  ) : (
                    <rect x={LW + CW * j + 1} y={TH + CH * i + 1} width={CW - 2} height={CH - 2} rx={3} fill={fill} />
                  )}
                  <text class="v" x={LW + CW * j + CW / 2} y={TH + CH * i + CH / 2 + 4} text-anchor="middle" fill={ink}>
                    {c.correctedPassRate === null
                      ? c.notMeasurable === 'no_results'
                        ? 'none'
                        : 'n/m'
                      : pct(c.correctedPassRate)}
                  </text>
                </g>
              );
            })}
          </>
        ))}
      </svg>
    </div>
  );
};

const Legend = ({ by }: { by: string }) => (
  <div class="sc-legend" id="scorecard-legend">
    <span>
      corrected pass rate 0%{' '}
      <span class="ramp" aria-hidden="true">
        {RAMP.map(([c]) => (
          <span style={`background:${c}`} />
        ))}
      </span>{' '}
      100%
    </span>
    <span>band: 95% interval (calibration and each {by.replace('_', ' ')}'s sampling error)</span>
    <span>"none": no results · "n/m": not measurable (Youden's J ≤ 0.05 or no calibration)</span>
  </div>
);

export const ScorecardCharts = ({ s }: { s: Scorecard }) => (
  <>
    <section class="card" aria-labelledby="sc-strip-h">
      <h2 id="sc-strip-h">All failure modes at a glance</h2>
      <HeatStrip s={s} />
      <Legend by={s.by} />
    </section>
    <section class="card" aria-labelledby="sc-trend-h">
      <h2 id="sc-trend-h">Trends</h2>
      <div class="sc-panels">
        {s.evaluators.map((_, i) => (
          <Panel s={s} index={i} />
        ))}
      </div>
    </section>
  </>
);
