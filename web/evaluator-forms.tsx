import type { EvaluatorVersionView } from '../db/evaluators.js';

/**
 * Posts a form's JSON to the API (`data-body` plus the config, threshold and `data-field` inputs),
 * then follows the answer (a new version) or shows the error in place.
 */
export const formsScript = `
document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.api) return;
  event.preventDefault();
  const out = form.querySelector('[data-out]');
  const button = form.querySelector('button');
  let body;
  try {
    body = JSON.parse(form.dataset.body || '{}');
    const config = form.querySelector('textarea[name=config]');
    if (config) body.config = JSON.parse(config.value);
    const threshold = form.querySelector('input[name=threshold]');
    if (threshold && threshold.value !== '') body.threshold = Number(threshold.value);
    for (const field of form.querySelectorAll('[data-field]')) {
      if (field.type !== 'radio' || field.checked) body[field.name] = field.value;
    }
  } catch (err) {
    out.textContent = 'The config is not valid JSON: ' + err.message;
    return;
  }
  button.disabled = true;
  out.textContent = form.dataset.busy || 'working…';
  const response = await fetch(form.dataset.api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await response.json().catch(() => ({}));
  button.disabled = false;
  if (!response.ok) { out.textContent = (json.error && json.error.message) || ('HTTP ' + response.status); return; }
  if (json.version && json.version.id) location.href = '/evaluators/' + json.version.id;
  else if (json.runId) location.href = '/evaluators/generations/' + json.runId;
  else location.reload();
});`;

/** Admins: edit this evaluator as a new version (config and threshold), calibrated on all labels now. */
export const EditEvaluatorForm = ({ version }: { version: EvaluatorVersionView }) => (
  <section class="card" id="edit-evaluator">
    <h2>Edit as a new version</h2>
    <p class="small muted">
      Saving calibrates the edited evaluator on all labels (frozen now) by the same protocol and publishes it as v
      {version.version + 1} with the status its agreement allows; this version stays as it is.
    </p>
    <form
      data-api="/api/evaluators"
      data-busy="calibrating…"
      data-body={JSON.stringify({ failureMode: version.failureMode, name: version.name })}
    >
      <label for="evaluator-config" class="small">
        Config (JSON)
      </label>
      <textarea
        id="evaluator-config"
        name="config"
        rows={12}
        style="width:100%;font-family:monospace"
        spellcheck={false}
      >
        {JSON.stringify(version.config, null, 2)}
      </textarea>
      <div class="row" style="margin-top:6px">
        <label class="small">
          threshold <input name="threshold" type="number" min="0" max="1" step="0.01" placeholder="tune" />
        </label>
        <button type="submit">Calibrate and publish</button>
        <span class="small" data-out />
      </div>
    </form>
    <script dangerouslySetInnerHTML={{ __html: formsScript }} />
  </section>
);

/** Admins: generate and calibrate candidate evaluators for one failure mode from its labels. */
export const GenerateForm = ({ failureMode }: { failureMode: string }) => (
  <form
    class="row"
    data-api="/api/evaluators/generate"
    data-busy="generating and calibrating candidates…"
    data-body={JSON.stringify({ failureMode })}
  >
    <button type="submit">Generate evaluators</button>
    <span class="small" data-out />
  </form>
);

export const FormsScript = () => <script dangerouslySetInnerHTML={{ __html: formsScript }} />;
