import type { FailureModeView } from '../db/failure-modes.js';

export interface LabelFormProps {
  /** Active modes first, then proposed ones; the first nine get the digit shortcuts 1..9. */
  modes: FailureModeView[];
  /** Why labeling is off (someone else holds the lock, the task is done), or null. */
  disabledReason: string | null;
}

/**
 * The label form: failure mode (0 = no failure, 1..9), verdict (f/g), a score slider for graded
 * modes, the critique; and a mini-form to propose a new failure mode. The client script posts it.
 */
export const LabelForm = ({ modes, disabledReason }: LabelFormProps) => (
  <aside class="label">
    <form id="label-form" class="card" autocomplete="off">
      <h2>Label this trace</h2>
      {disabledReason && <p class="banner warn small">{disabledReason}</p>}
      <fieldset disabled={disabledReason !== null}>
        <div class="modes" role="radiogroup" aria-label="Failure mode">
          <label>
            <input type="radio" name="mode" value="" data-digit="0" data-graded="false" data-rubric="" />
            <kbd>0</kbd> <span>No failure</span>
          </label>
          {modes.map((m, i) => (
            <label title={m.rubric}>
              <input
                type="radio"
                name="mode"
                value={m.key}
                data-digit={i < 9 ? String(i + 1) : ''}
                data-graded={String(m.graded)}
                data-rubric={m.rubric}
              />
              {i < 9 ? <kbd>{i + 1}</kbd> : <kbd> </kbd>} <span>{m.title}</span>
              {m.graded && <span class="badge info">graded</span>}
              {m.status === 'proposed' && <span class="badge">proposed</span>}
            </label>
          ))}
        </div>
        <div id="rubric" class="small muted" style="margin:6px 0" />
        <div class="verdicts" role="radiogroup" aria-label="Verdict">
          <label>
            <input type="radio" name="verdict" value="fail" /> <kbd>f</kbd> Fail
          </label>
          <label>
            <input type="radio" name="verdict" value="pass" /> <kbd>g</kbd> Pass
          </label>
        </div>
        <p class="small muted" style="margin:0 0 8px">
          Fail = the trace shows the chosen failure. "No failure" is always a pass.
        </p>
        <div id="score-row" hidden>
          <label for="score" class="small">
            Score <output id="score-out">0.50</output> <kbd>[</kbd> <kbd>]</kbd>
          </label>
          <input id="score" type="range" min="0" max="1" step="0.05" value="0.5" style="width:100%" />
        </div>
        <label for="critique" class="small">
          Critique <kbd>c</kbd>
        </label>
        <textarea id="critique" name="critique" placeholder="What is wrong (or right) here, in a sentence or two" />
        <div class="row" style="margin-top:8px">
          <button class="primary" type="submit" id="submit">
            Submit <kbd>Ctrl+Enter</kbd>
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
