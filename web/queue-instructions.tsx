import type { QueueInstructions } from '../db/queue-instructions.js';

const day = (ts: string) => ts.slice(0, 16).replace('T', ' ');

/** The admin's instructions for reviewers, at the top of the queue and of every task page (plain text, escaped). */
export const Instructions = ({ instructions }: { instructions: QueueInstructions | null }) =>
  instructions ? (
    <section class="card" id="instructions" aria-labelledby="instructions-title">
      <h2 id="instructions-title" style="margin-top:0">
        Instructions for reviewers
      </h2>
      <p style="white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 6px">{instructions.text}</p>
      <div class="muted small">
        by {instructions.updatedBy} · {day(instructions.updatedAt)} UTC
      </div>
    </section>
  ) : null;

/** The admin's form to write (or clear) the queue instructions; the client script PUTs it to the API. */
export const InstructionsForm = ({ instructions, max }: { instructions: QueueInstructions | null; max: number }) => (
  <details class="card" id="instructions-edit">
    <summary>{instructions ? 'Edit the instructions for reviewers' : 'Write instructions for reviewers'}</summary>
    <form id="instructions-form" autocomplete="off">
      <label for="instructions-text" class="small">
        Shown at the top of the queue and of every task page (plain text, up to {max} characters; empty clears them)
      </label>
      <textarea id="instructions-text" name="instructions" maxlength={max} rows={5} style="width:100%">
        {instructions?.text ?? ''}
      </textarea>
      <div class="row" style="margin-top:6px">
        <button type="submit" class="primary">
          Save instructions
        </button>
      </div>
      <div id="instructions-status" class="status" role="status" aria-live="polite" />
    </form>
  </details>
);
