import type { FailureModeView } from '../db/failure-modes.js';
import type { LabelView } from '../db/labels.js';
import type { QueueInstructions } from '../db/queue-instructions.js';
import type { TaskView } from '../db/review-tasks.js';
import { LabelForm } from './label-form.js';
import { LabelHistory } from './label-history.js';
import { Layout } from './layout.js';
import { Instructions } from './queue-instructions.js';
import type { UiSpan, UiTrace } from './trace-data.js';
import { TraceView } from './trace-view.js';
import { type Progress, ProgressBar, Reasons, Sampling } from './widgets.js';

export interface TaskPageProps {
  who: string;
  task: TaskView;
  /** The task's reasons, redacted with the trace. */
  reasons: unknown;
  trace: UiTrace;
  spans: UiSpan[];
  modes: FailureModeView[];
  progress: Progress;
  /** Who else holds the lock, when someone does. */
  lockedBy: string | null;
  /** Neighbouring tasks of the cycle in queue order, whatever their status (n / p). */
  prevId: string | null;
  nextId: string | null;
  /** Every label on this trace, newest first (critiques redacted). */
  labels: LabelView[];
  /** Titles of every failure mode (retired ones too), by key, for the history. */
  titles: Map<string, string>;
  instructions: QueueInstructions | null;
  /** True when the viewer sees data unredacted (admins). */
  unredacted: boolean;
  lockSeconds: number;
}

const disabledReason = (p: TaskPageProps) =>
  p.lockedBy
    ? `This trace is being reviewed by ${p.lockedBy}. You can read it, but not label it.`
    : p.task.status === 'skipped'
      ? 'This task was skipped. Un-skip it (s) to label it: it goes back to pending, opened by you.'
      : null;

/** The viewer's current (not superseded) label on this trace, or null. */
export const currentLabelOf = (labels: LabelView[], who: string) =>
  labels.find((l) => l.reviewer === who && l.supersededBy === null) ?? null;

/**
 * One review task: the queue instructions, why it was picked, the redacted trace, the label form
 * (a correction on a labeled task, un-skip on a skipped one) and every label on the trace.
 */
export const TaskPage = (p: TaskPageProps) => {
  const reason = disabledReason(p);
  const current = currentLabelOf(p.labels, p.who);
  return (
    <Layout
      title={`Task ${p.task.traceId.slice(0, 8)}`}
      page="task"
      who={p.who}
      skipTo={{ href: '#label-form', label: 'Skip to the label form' }}
      data={{
        'task-id': p.task.id,
        'trace-id': p.task.traceId,
        cycle: p.task.cycleId,
        'can-label': String(reason === null),
        status: p.task.status,
        // A label of the viewer's on this trace (from this task or another cycle's) is corrected, never doubled.
        supersedes: current?.id ?? '',
        'next-url': p.nextId ? `/tasks/${p.nextId}` : '',
        'prev-url': p.prevId ? `/tasks/${p.prevId}` : '',
        'queue-url': `/?cycle=${encodeURIComponent(p.task.cycleId)}`,
        'lock-seconds': String(p.lockSeconds),
      }}
    >
      <div class="row" style="justify-content:space-between;margin-bottom:10px">
        <div class="row">
          <a href={`/?cycle=${encodeURIComponent(p.task.cycleId)}`}>← queue</a>
          {p.prevId ? (
            <a href={`/tasks/${p.prevId}`} id="prev-task">
              ‹ previous (p)
            </a>
          ) : (
            <span class="muted">‹ previous</span>
          )}
          {p.nextId ? (
            <a href={`/tasks/${p.nextId}`} id="next-task">
              next (n) ›
            </a>
          ) : (
            <span class="muted">next ›</span>
          )}
        </div>
        <ProgressBar progress={p.progress} />
      </div>
      <Instructions instructions={p.instructions} />
      {p.lockedBy && (
        <div class="banner bad" id="lock-banner" role="alert">
          Being reviewed by {p.lockedBy} — labeling is disabled for you until they finish or their lock expires.
        </div>
      )}
      <div class="layout">
        <div>
          <section class="card" id="why">
            <div class="row" style="justify-content:space-between">
              <h1 style="margin:0">{p.trace.rootSpanName ?? 'Trace'}</h1>
              <Sampling
                sampling={p.task.sampling}
                stratum={p.task.stratum}
                probability={p.task.probability}
                duplicateCount={p.task.duplicateCount}
                synthetic={p.task.synthetic}
              />
            </div>
            <div class="muted small mono" style="margin-bottom:8px">
              trace {p.task.traceId} · {p.trace.startTime ?? ''} · status {p.task.status}
              {p.trace.release && ` · release ${p.trace.release}`}
            </div>
            <h2>Why this trace</h2>
            <Reasons reasons={p.reasons} />
            <p class="muted small" style="margin-bottom:0">
              {p.unredacted
                ? 'You are an admin: personal data is shown as stored.'
                : 'Personal data is replaced by placeholders such as <EMAIL_1>, the same placeholder for the same value.'}
            </p>
          </section>
          <TraceView trace={p.trace} spans={p.spans} traceId={p.task.traceId} />
        </div>
        <div>
          <LabelForm modes={p.modes} disabledReason={reason} status={p.task.status} current={current} />
          <LabelHistory labels={p.labels} titles={p.titles} who={p.who} />
        </div>
      </div>
    </Layout>
  );
};
