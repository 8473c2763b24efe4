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
