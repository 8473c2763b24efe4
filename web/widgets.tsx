/** Small pieces shared by the queue and the trace view. */

export interface Progress {
  total: number;
  pending: number;
  labeled: number;
  skipped: number;
}

const pct = (n: number, total: number) => (total > 0 ? `${((100 * n) / total).toFixed(1)}%` : '0%');

/** "12 labeled · 3 skipped · 40 pending of 55" with a stacked bar. */
export const ProgressBar = ({ progress }: { progress: Progress }) => (
  <div class="row" id="progress">
    <div class="progress" title={`${progress.labeled + progress.skipped} of ${progress.total} done`}>
      <span class="labeled" style={`width:${pct(progress.labeled, progress.total)}`} />
      <span class="skipped" style={`width:${pct(progress.skipped, progress.total)}`} />
    </div>
    <span class="small">
      <b>{progress.labeled}</b> labeled · <b>{progress.skipped}</b> skipped · <b>{progress.pending}</b> pending of{' '}
      <b>{progress.total}</b>
    </span>
  </div>
);

interface Reason {
  name: string;
  strength: number;
  explanation: string;
}

const asReason = (r: unknown): Reason | null => {
  if (!r || typeof r !== 'object') return null;
  const o = r as Record<string, unknown>;
  if (typeof o.name !== 'string') return null;
  const strength =
    typeof o.strength === 'number' && Number.isFinite(o.strength) ? Math.min(1, Math.max(0, o.strength)) : 0;
  return { name: o.name, strength, explanation: typeof o.explanation === 'string' ? o.explanation : '' };
};

/** Why a trace was picked: each signal's name, a strength bar and its explanation, strongest first. */
export const Reasons = ({ reasons }: { reasons: unknown }) => {
  const list = (Array.isArray(reasons) ? reasons : [])
    .map(asReason)
    .filter((r): r is Reason => r !== null)
    .sort((a, b) => b.strength - a.strength);
  if (list.length === 0) return <span class="muted small">no anomaly signal</span>;
  return (
    <div class="reasons">
      {list.map((r) => (
        <div class="reason" data-signal={r.name}>
          <b>{r.name.replaceAll('_', ' ')}</b>
          <span class="bar" title={`strength ${r.strength.toFixed(2)}`}>
            <span style={`width:${Math.round(r.strength * 100)}%`} />
          </span>{' '}
          <span class="muted small">{r.strength.toFixed(2)}</span>
          {r.explanation && <div class="small">{r.explanation}</div>}
        </div>
      ))}
    </div>
  );
};

/** How the task was sampled (random slice with its probability, or anomaly stratum) and its duplicates. */
export const Sampling = (props: { sampling: string; stratum: string; probability: number; duplicateCount: number }) => (
  <span class="row" style="gap:6px">
    {props.sampling === 'random' ? (
      <span class="badge info" title="drawn uniformly at random, kept for unbiased agreement estimates">
        random sample · p={props.probability.toFixed(2)}
      </span>
    ) : (
      <span class="badge warn" title={`stratum ${props.stratum}`}>
        anomaly · p={props.probability.toFixed(2)}
      </span>
    )}
    {props.duplicateCount > 0 && (
      <span class="badge" title={`${props.duplicateCount} near-duplicate traces collapsed into this one`}>
        seen {props.duplicateCount + 1}×
      </span>
    )}
  </span>
);

const LONG_CHARS = 600;
const LONG_LINES = 12;

/** Text as written; long text collapses into a <details> with a preview. */
export const Text = ({ text, code }: { text: string | null | undefined; code?: boolean }) => {
  if (text === null || text === undefined || text === '') return <span class="muted small">(empty)</span>;
  const cls = code ? 'code' : 'text';
  const lines = text.split('\n').length;
  if (text.length <= LONG_CHARS && lines <= LONG_LINES) return <pre class={cls}>{text}</pre>;
  return (
    <details class="long">
      <summary>
        <span class="preview">
          <pre class={cls}>{`${text.slice(0, 280).split('\n').slice(0, 4).join('\n')}…`}</pre>
        </span>
        <span class="small">
          {text.length.toLocaleString('en')} chars, {lines} lines — click to expand
        </span>
      </summary>
      <pre class={cls}>{text}</pre>
    </details>
  );
};

/** A JSON value pretty-printed (tool arguments and schemas), collapsed when long. */
export const Json = ({ value }: { value: unknown }) => {
  let text: string;
  if (typeof value === 'string') {
    try {
      text = JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      text = value;
    }
  } else text = JSON.stringify(value, null, 2) ?? '';
  return <Text text={text} code />;
};

export const fmtMs = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? '–' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;

export const fmtNum = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toLocaleString('en'));
