import { fmt2 } from './eval-widgets.js';
import type { Disagreement } from './evaluator-data.js';
import { Text } from './widgets.js';

const kindOf = (d: Disagreement) =>
  d.human === 'fail' ? 'missed failure' : d.predicted === 'fail' ? 'false alarm' : 'disagreement';

/**
 * Every trace where the evaluator's out-of-fold verdict differs from the human label: the human's
 * critique next to the evaluator's explanation and score, linking to the trace. Missed failures first.
 */
export const Disagreements = (p: { versionId: string; threshold: number; items: Disagreement[] }) => {
  const items = [...p.items].sort(
    (a, b) => Number(b.human === 'fail') - Number(a.human === 'fail') || (a.score ?? 0) - (b.score ?? 0),
  );
  const back = encodeURIComponent(`/evaluators/${p.versionId}`);
  return (
    <section class="card" id="disagreements">
      <h2>Disagreements with the humans ({items.length})</h2>
      {items.length === 0 ? (
        <p class="muted">None: on every labeled trace the evaluator's out-of-fold verdict matches the human's.</p>
      ) : (
        <p class="muted small">
          Out-of-fold: each verdict comes from an evaluator fitted without that trace. Score 1 = pass; below{' '}
          {fmt2(p.threshold)} the evaluator says fail.
        </p>
      )}
      {items.map((d) => (
        <div class="disagreement" data-trace-id={d.traceId}>
          <div class="row" style="gap:8px;margin-bottom:6px">
            <span class={`badge ${d.human === 'fail' ? 'bad' : 'warn'}`}>{kindOf(d)}</span>
            <a class="mono" href={`/traces/${d.traceId}?back=${back}`}>
              trace {d.traceId}
            </a>
            <span class="small">
              human <b>{d.human}</b> · evaluator <b>{d.predicted}</b> · score <b>{fmt2(d.score)}</b>
            </span>
          </div>
          <div class="cols">
            <div class="msg user">
              <div class="role">human critique</div>
              {d.critique ? <Text text={d.critique} /> : <span class="muted small">(no critique written)</span>}
            </div>
            <div class="msg assistant">
              <div class="role">evaluator explanation</div>
              {d.explanation ? (
                <Text text={d.explanation} />
              ) : (
                <span class="muted small">(this kind gives no explanation)</span>
              )}
            </div>
          </div>
        </div>
      ))}
    </section>
  );
};
