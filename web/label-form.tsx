import type { FailureModeView } from '../db/failure-modes.js';
import type { LabelView } from '../db/labels.js';

export interface LabelFormProps {
  /** Active modes first, then proposed ones; the first nine get the digit shortcuts 1..9. */
  modes: FailureModeView[];
  /** Why labeling is off (someone else holds the lock, the task was skipped), or null. */
  disabledReason: string | null;
  /** The task's status: pending (label it), labeled (correct it), skipped (un-skip it first). */
  status: string;
  /** The viewer's current label on this trace: the form starts from it and a submit supersedes it. */
  current: LabelView | null;
}

/** The first sentence (or line) of a rubric, at most 160 characters: the always-visible definition. */
export const shortDefinition = (rubric: string) => {
  const line = rubric.trim().split('\n')[0] ?? '';
  const sentence = line.match(/^.*?[.!?](\s|$)/)?.[0]?.trim() ?? line;
  return sentence.length > 160 ? `${sentence.slice(0, 159)}…` : sentence;
};

const heading = (p: LabelFormProps) =>
  p.status === 'labeled' ? (p.current ? 'Correct your label' : 'Add your label') : 'Label this trace';

const ModeOption = ({ m, i, checked }: { m: FailureModeView; i: number; checked: boolean }) => {
  const short = shortDefinition(m.rubric);
  return (
    <div class="mode" data-mode={m.key}>
      <label>
        <input
          type="checkbox"
          name="mode"
          value={m.key}
          checked={checked}
          data-digit={i < 9 ? String(i + 1) : ''}
          data-graded={String(m.graded)}
          data-status={m.status}
          data-rubric={m.rubric}
          aria-describedby={`def-${m.key}`}
        />
        {i < 9 ? <kbd>{i + 1}</kbd> : <kbd> </kbd>} <span>{m.title}</span>
        {m.graded && <span class="badge info">graded</span>}
        {m.status === 'proposed' && <span class="badge">proposed</span>}
      </label>
      <div id={`def-${m.key}`} class="small muted definition" style="margin:0 0 2px 30px;overflow-wrap:anywhere">
        {short}
      </div>
      {short !== m.rubric.trim() && (
        <details class="small rubric" style="margin:0 0 4px 30px">
          <summary>Full rubric (v{m.rubricVersion})</summary>
          <div style="white-space:pre-wrap;overflow-wrap:anywhere">{m.rubric}</div>
        </details>
      )}
    </div>
  );
};

/**
 * The label form: every failure mode the trace shows (checkboxes; digits 1..9 toggle them), each
 * with its rubric's definition in view and the full rubric a click away, or "no failure" (0, clears
 * the others), a score slider for checked graded modes, the critique; and a mini-form to propose a
 * new failure mode. The client script posts it with the active modes shown as `covered`: the label
 * then judges each of them (marked = fail, unmarked = pass). On a labeled task the form starts from
 * the viewer's current label and a submit supersedes it; a skipped task offers un-skip instead.
 */
export const LabelForm = (p: LabelFormProps) => {
  const failing = new Set(p.current?.failureModes ?? []);
  const graded = p.current?.covered.find((c) => c.verdict === 'fail' && c.score !== null);
  const score = graded?.score ?? 0.5;
  return (
    <aside class="label">
      <form id="label-form" class="card" autocomplete="off" tabindex={-1} aria-labelledby="label-form-title">
        <h2 id="label-form-title">{heading(p)}</h2>
        {p.disabledReason && <p class="banner warn small">{p.disabledReason}</p>}
        {p.current && p.status === 'labeled' && (
          <p class="small muted" id="correcting" style="margin-top:0">
            Your label is shown below and marked here; submitting records a correction that supersedes it (the old one
            stays in the history).
          </p>
        )}
        <fieldset disabled={p.disabledReason !== null}>
          <fieldset class="modes" style="border:0;padding:0;margin:0">
            <legend class="small muted">Failure modes the trace shows</legend>
            <div class="mode">
              <label>
                <input
                  type="checkbox"
                  name="mode"
                  value=""
                  checked={p.current !== null && failing.size === 0}
                  data-digit="0"
                  data-graded="false"
                  data-status="none"
                />
                <kbd>0</kbd> <span>No failure</span>
              </label>
            </div>
            {p.modes.map((m, i) => (
              <ModeOption m={m} i={i} checked={failing.has(m.key)} />
            ))}
          </fieldset>
          <p class="small muted" style="margin:6px 0 8px">
            Mark every failure mode the trace shows; the active modes left unmarked count as passes. "No failure" passes
            them all.
          </p>
          <div id="score-row" hidden>
            <label for="score" class="small">
              Score of the graded mode (below 0.50 = failing) <output id="score-out">{score.toFixed(2)}</output>{' '}
              <kbd>[</kbd> <kbd>]</kbd>
            </label>
            <input id="score" type="range" min="0" max="1" step="0.05" value={String(score)} style="width:100%" />
          </div>
          <label for="critique" class="small">
            Critique <kbd>c</kbd>
          </label>
          <textarea id="critique" name="critique" placeholder="What is wrong (or right) here, in a sentence or two">
            {p.current?.critique ?? ''}
          </textarea>
          <div class="row" style="margin-top:8px">
            <button class="primary" type="submit" id="submit">
              {p.status === 'labeled' && p.current ? 'Save correction' : 'Submit'} <kbd>Enter</kbd>
            </button>
          </div>
        </fieldset>
        {p.status === 'pending' && (
          <div class="row" style="margin-top:8px">
            <button type="button" id="skip" disabled={p.disabledReason !== null}>
              Skip <kbd>s</kbd>
            </button>
          </div>
        )}
        {p.status === 'skipped' && (
          <div class="row" style="margin-top:8px">
            <button type="button" id="unskip">
              Un-skip <kbd>s</kbd>
            </button>
          </div>
        )}
        <div id="status" class="status" role="status" aria-live="polite" />
      </form>
      <details id="propose" class="card">
        <summary>
          Propose a new failure mode <kbd>m</kbd>
        </summary>
        <form id="propose-form" autocomplete="off">
          <label for="mode-key" class="small">
            Key (lower_case)
          </label>
          <input id="mode-key" name="key" type="text" pattern="[a-z][a-z0-9_]{1,62}" required />
          <label for="mode-title" class="small">
            Title
          </label>
          <input id="mode-title" name="title" type="text" maxlength={200} required />
          <label for="mode-rubric" class="small">
            Rubric: what counts as this failure
          </label>
          <textarea id="mode-rubric" name="rubric" required />
          <label class="small">
            <input type="checkbox" name="graded" /> graded (a score 0..1 instead of pass/fail)
          </label>
          <div class="row" style="margin-top:6px">
            <button type="submit">Propose</button>
          </div>
          <div id="propose-status" class="status" role="status" aria-live="polite" />
        </form>
      </details>
    </aside>
  );
};
