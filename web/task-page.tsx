import type { FailureModeView } from '../db/failure-modes.js';
import type { TaskView } from '../db/review-tasks.js';
import { LabelForm } from './label-form.js';
import { Layout } from './layout.js';
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
  /** Neighbouring pending tasks of the cycle (n / p). */
  prevId: string | null;
  nextId: string | null;
  /** True when the viewer sees data unredacted (admins). */
  unredacted: boolean;
  lockSeconds: number;
}

const disabledReason = (p: TaskPageProps) =>
  p.lockedBy
    ? `This trace is being reviewed by ${p.lockedBy}. You can read it, but not label it.`
    : p.task.status !== 'pending'
      ? `This task is already ${p.task.status}.`
      : null;

/** One review task: why it was picked, the redacted trace, and the label form. */
export const TaskPage = (p: TaskPageProps) => {
  const reason = disabledReason(p);
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
        'next-url': p.nextId ? `/tasks/${p.nextId}` : '',
        'prev-url': p.prevId ? `/tasks/${p.prevId}` : '',
        'queue-url': `/?cycle=${encodeURIComponent(p.task.cycleId)}`,
        'lock-seconds': String(p.lockSeconds),
      }}
    >
      <div class="row" style="justify-content:space-between;margin-bottom:10px">
        <div class="row">
          <a href={`/?cycle=${encodeURIComponent(p.task.cycleId)}`}>← queue</a>
          {p.prevId ? <a href={`/tasks/${p.prevId}`}>‹ previous (p)</a> : <span class="muted">‹ previous</span>}
          {p.nextId ? <a href={`/tasks/${p.nextId}`}>next (n) ›</a> : <span class="muted">next ›</span>}
        </div>
        <ProgressBar progress={p.progress} />
      </div>
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
        <LabelForm modes={p.modes} disabledReason={reason} />
      </div>
    </Layout>
  );
};
