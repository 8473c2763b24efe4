import type { FailureModeView } from '../db/failure-modes.js';

export interface LabelFormProps {
  /** Active modes first, then proposed ones; the first nine get the digit shortcuts 1..9. */
  modes: FailureModeView[];
  /** Why labeling is off (someone else holds the lock, the task is done), or null. */
  disabledReason: string | null;
}

/**
 * The label form: every failure mode the trace shows (checkboxes; digits 1..9 toggle them) or
 * "no failure" (0, clears the others), a score slider for checked graded modes, the critique; and
 * a mini-form to propose a new failure mode. The client script posts it with the active modes shown
 * as `covered`: the label then judges each of them (marked = fail, unmarked = pass).
 */
export const LabelForm = ({ modes, disabledReason }: LabelFormProps) => (
  <aside class="label">
    <form id="label-form" class="card" autocomplete="off" tabindex={-1} aria-labelledby="label-form-title">
      <h2 id="label-form-title">Label this trace</h2>
      {disabledReason && <p class="banner warn small">{disabledReason}</p>}
      <fieldset disabled={disabledReason !== null}>
        <fieldset class="modes" style="border:0;padding:0;margin:0">
          <legend class="small muted">Failure modes the trace shows</legend>
          <label>
            <input type="checkbox" name="mode" value="" data-digit="0" data-graded="false" data-status="none" />
            <kbd>0</kbd> <span>No failure</span>
          </label>
          {modes.map((m, i) => (
            <label title={m.rubric}>
              <input
                type="checkbox"
                name="mode"
                value={m.key}
                data-digit={i < 9 ? String(i + 1) : ''}
                data-graded={String(m.graded)}
                data-status={m.status}
                data-rubric={m.rubric}
              />
              {i < 9 ? <kbd>{i + 1}</kbd> : <kbd> </kbd>} <span>{m.title}</span>
              {m.graded && <span class="badge info">graded</span>}
              {m.status === 'proposed' && <span class="badge">proposed</span>}
            </label>
          ))}
        </fieldset>
        <div id="rubric" class="small muted" style="margin:6px 0" />
        <p class="small muted" style="margin:0 0 8px">
          Mark every failure mode the trace shows; the active modes left unmarked count as passes. "No failure" passes
          them all.
        </p>
        <div id="score-row" hidden>
          <label for="score" class="small">
            Score of the graded mode (below 0.50 = failing) <output id="score-out">0.50</output> <kbd>[</kbd>{' '}
            <kbd>]</kbd>
          </label>
          <input id="score" type="range" min="0" max="1" step="0.05" value="0.5" style="width:100%" />
        </div>
        <label for="critique" class="small">
          Critique <kbd>c</kbd>
        </label>
        <textarea id="critique" name="critique" placeholder="What is wrong (or right) here, in a sentence or two" />
        <div class="row" style="margin-top:8px">
          <button class="primary" type="submit" id="submit">
            Submit <kbd>Enter</kbd>
          </button>
          <button type="button" id="skip">
            Skip <kbd>s</kbd>
          </button>
        </div>
      </fieldset>
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
