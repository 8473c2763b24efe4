import type { CycleRow } from '../db/cycles.js';
import type { QueueInstructions } from '../db/queue-instructions.js';
import type { TaskView } from '../db/review-tasks.js';
import { Layout } from './layout.js';
import { IngestHelp } from './operator-forms.js';
import { Instructions, InstructionsForm } from './queue-instructions.js';
import { type Progress, ProgressBar, Reasons, Sampling } from './widgets.js';

export interface QueuePageProps {
  who: string;
  cycles: CycleRow[];
  cycleId: string | null;
  progress: Progress | null;
  /** The cycle's tasks in priority order, input and reasons already redacted. */
  tasks: TaskView[];
  /** Arrived here after the last pending task was labeled or skipped. */
  done: boolean;
  instructions: QueueInstructions | null;
  /** Admins get the form to write the instructions and, in the empty state, to start a cycle. */
  canManage: boolean;
  maxInstructions: number;
  /** This server's origin, for the ingest instructions of the empty state. */
  origin?: string;
}

const day = (ts: string) => ts.slice(0, 16).replace('T', ' ');

export const cycleLabel = (c: Pick<CycleRow, 'windowStart' | 'windowEnd' | 'status'>) =>
  `${day(c.windowStart)} → ${day(c.windowEnd)} (${c.status})`;

const snippet = (s: string | null) => (s && s.length > 400 ? `${s.slice(0, 400)}…` : (s ?? ''));

const LockState = ({ task, who }: { task: TaskView; who: string }) => {
  if (task.status !== 'pending') return null;
  if (task.lockedBy && task.lockedBy !== who)
    return <div class="badge warn lock">being reviewed by {task.lockedBy}</div>;
  if (task.lockedBy) return <div class="badge info lock">opened by you</div>;
  if (task.assignedTo) return <div class="badge small">assigned to {task.assignedTo}</div>;
  return null;
};

const statusBadge = (status: string) =>
  status === 'labeled' ? 'badge good' : status === 'skipped' ? 'badge' : 'badge info';

/** The review queue of one cycle: why each trace was picked, its input, and who is on it. */
export const QueuePage = (props: QueuePageProps) => (
  <Layout title="Review queue" page="queue" who={props.who}>
    <div class="row" style="justify-content:space-between;margin-bottom:12px">
      <h1>Review queue</h1>
      {props.cycles.length > 0 && (
        <form method="get" action="/" class="row" id="cycle-picker">
          <label for="cycle" class="muted small">
            Cycle
          </label>
          <select id="cycle" name="cycle">
            {props.cycles.map((c) => (
              <option value={c.id} selected={c.id === props.cycleId}>
                {cycleLabel(c)}
              </option>
            ))}
          </select>
          <button type="submit">Show</button>
        </form>
      )}
    </div>
    <Instructions instructions={props.instructions} />
    {props.canManage && <InstructionsForm instructions={props.instructions} max={props.maxInstructions} />}
    {props.cycles.length === 0 ? (
      <div class="card empty" id="empty">
        <h2>No review cycle yet</h2>
        <p class="muted">
          A cycle fills this queue from a window of closed traces (the weekly refresh, or started by an admin).{' '}
          {props.canManage ? (
            <>
              Once traces have arrived, <a href="/cycles#start-cycle">start a cycle</a>; define what to look for on the{' '}
              <a href="/failure-modes">failure modes</a> page.
            </>
          ) : (
            'Ask an admin to start one.'
          )}
        </p>
        <IngestHelp origin={props.origin ?? ''} />
      </div>
    ) : (
      <>
        {props.done && (
          <div class="banner warn" id="done">
            No pending task is left for you in this cycle. Thank you!
          </div>
        )}
        {props.progress && (
          <div class="card">
            <ProgressBar progress={props.progress} />
          </div>
        )}
        {props.tasks.length === 0 ? (
          <div class="card muted">This cycle has no tasks.</div>
        ) : (
          <table class="queue" id="queue">
            <thead>
              <tr>
                <th class="num" style="width:64px">
                  #
                </th>
                <th style="width:44%">Why this trace</th>
                <th>Input (redacted)</th>
                <th style="width:170px">Status</th>
              </tr>
            </thead>
            <tbody>
              {props.tasks.map((t, i) => (
                <tr data-row="" data-href={`/tasks/${t.id}`} class={t.status === 'pending' ? '' : 'done'}>
                  <td class="num">
                    <a href={`/tasks/${t.id}`}>{i + 1}</a>
                    <div class="muted small" title="priority (anomaly score)">
                      {t.priority.toFixed(2)}
                    </div>
                  </td>
                  <td>
                    <Reasons reasons={t.reasons} />
                    <Sampling
                      sampling={t.sampling}
                      stratum={t.stratum}
                      probability={t.probability}
                      duplicateCount={t.duplicateCount}
                      synthetic={t.synthetic}
                    />
                  </td>
                  <td>
                    <a href={`/tasks/${t.id}`} class="snippet">
                      {snippet(t.input) || <span class="muted">(no input)</span>}
                    </a>
                    <div class="muted small mono">{t.traceId}</div>
                  </td>
                  <td>
                    <span class={statusBadge(t.status)}>{t.status}</span>
                    {t.doubleReview && (
                      <div
                        class="badge small"
                        data-double-review={t.copy}
                        title="queued blind to two different reviewers: label one copy, someone else labels the other"
                      >
                        double review · copy {t.copy} of 2
                      </div>
                    )}
                    <LockState task={t} who={props.who} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    )}
  </Layout>
);
