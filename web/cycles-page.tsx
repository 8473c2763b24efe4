import type { CycleInfo } from './cycles-data.js';
import { fmtWhen } from './eval-widgets.js';
import { Layout } from './layout.js';
import { IngestHelp, StartCycleForm } from './operator-forms.js';
import type { Progress } from './widgets.js';

/** The workflow engine's view of a cycle (see workflows/engine-dbos.ts `status`). */
export interface EngineView {
  state: string;
  error: string | null;
  stage: Record<string, unknown> | null;
}

export interface CycleRowView {
  cycle: CycleInfo;
  engine: EngineView | null;
  progress: Progress;
}

const FAILED = new Set(['ERROR', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED']);

/** One word for where a cycle is: done, failed, cancelled, or its DB status (reviewing…). */
export const cycleState = (c: CycleInfo, e: EngineView | null) =>
  c.status === 'done'
    ? 'done'
    : e && FAILED.has(e.state)
      ? 'failed'
      : e?.state === 'CANCELLED'
        ? 'cancelled'
        : c.status;

/** A step's recorded error, else the engine's when the run failed (as `GET /api/cycles/:id` reports it). */
export const cycleError = (c: CycleInfo, e: EngineView | null) =>
  c.error ?? (cycleState(c, e) === 'failed' ? e?.error : null) ?? null;

const stateClass: Record<string, string> = { done: 'good', failed: 'bad', cancelled: '', reviewing: 'info' };

export const CycleState = ({ state }: { state: string }) => (
  <span class={`badge ${stateClass[state] ?? 'info'}`} data-state={state}>
    {state}
  </span>
);

const pct = (n: number, total: number) => (total > 0 ? `${((100 * n) / total).toFixed(1)}%` : '0%');

/** The queue page's stacked bar without its element id (many per page). */
export const CycleProgress = ({ progress: p }: { progress: Progress }) => (
  <div class="row">
    <div class="progress" title={`${p.labeled + p.skipped} of ${p.total} done`}>
      <span class="labeled" style={`width:${pct(p.labeled, p.total)}`} />
      <span class="skipped" style={`width:${pct(p.skipped, p.total)}`} />
    </div>
    <span class="small">
      <b>{p.labeled}</b> labeled · <b>{p.skipped}</b> skipped · <b>{p.pending}</b> pending of <b>{p.total}</b>
    </span>
  </div>
);

export const windowText = (c: Pick<CycleInfo, 'windowStart' | 'windowEnd'>) =>
  `${fmtWhen(c.windowStart)} → ${fmtWhen(c.windowEnd)}`;

export const cycleHref = (id: string) => `/cycles/${encodeURIComponent(id)}`;

/** Every review cycle: its window, where its workflow is, how far the review got, and its error. */
export const CyclesPage = ({
  who,
  rows,
  canManage = false,
  origin = '',
  form,
}: {
  who: string;
  rows: CycleRowView[];
  /** Admins see the start-a-cycle form. */
  canManage?: boolean;
  /** This server's origin, for the ingest instructions of the empty state. */
  origin?: string;
  /** A rejected start: the message and what was typed. */
  form?: { error: string; values: Record<string, string> };
}) => (
  <Layout title="Cycles" page="cycles" who={who}>
    <h1>Cycles</h1>
    {canManage && <StartCycleForm error={form?.error} values={form?.values} />}
    {rows.length === 0 ? (
      <div class="card empty" id="empty">
        <h2>No cycle yet</h2>
        <p class="muted">
          A refresh cycle closes a window of traces, fills the review queue, waits for labels, then generates and
          calibrates evaluators.{' '}
          {canManage
            ? 'Start one above once traces have arrived, or schedule it weekly.'
            : 'An admin starts one (or it runs weekly).'}
        </p>
        <IngestHelp origin={origin} />
      </div>
    ) : (
      <table class="queue" id="cycles">
        <thead>
          <tr>
            <th>Window</th>
            <th style="width:110px">Status</th>
            <th style="width:220px">Stage</th>
            <th style="width:460px">Review progress</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ cycle, engine, progress }) => {
            const state = cycleState(cycle, engine);
            const error = cycleError(cycle, engine);
            const stage = typeof engine?.stage?.stage === 'string' ? engine.stage.stage : cycle.stage;
            return (
              <tr data-cycle={cycle.id}>
                <td>
                  <a href={cycleHref(cycle.id)}>{windowText(cycle)}</a>
                  <div class="muted small">updated {fmtWhen(cycle.updatedAt)}</div>
                </td>
                <td>
                  <CycleState state={state} />
                </td>
                <td>
                  {stage ?? <span class="muted">–</span>}
                  {error && (
                    <div class="small" style="color:var(--bad)" title={error}>
                      {error.length > 160 ? `${error.slice(0, 160)}…` : error}
                    </div>
                  )}
                </td>
                <td>
                  {progress.total > 0 ? (
                    <CycleProgress progress={progress} />
                  ) : (
                    <span class="muted small">no tasks yet</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    )}
  </Layout>
);
