import type { GateRunRow } from '../db/gate-runs.js';

/** Posts the waive and re-run forms to the API (the session authenticates), then shows the outcome. */
export const gateScript = `
document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.gateApi) return;
  event.preventDefault();
  const out = form.querySelector('[data-out]');
  const button = form.querySelector('button');
  const reason = form.querySelector('textarea[name=reason]');
  button.disabled = true;
  out.textContent = 'working…';
  const response = await fetch(form.dataset.gateApi, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify(reason ? { reason: reason.value } : {}) });
  const json = await response.json().catch(() => ({}));
  button.disabled = false;
  if (!response.ok) { out.textContent = (json.error && json.error.message) || ('HTTP ' + response.status); return; }
  location.href = '/gates/' + encodeURIComponent(json.id || (json.gate && json.gate.id) || '');
});`;

/** Admins: waive a blocked or inconclusive gate with a reason, or re-run a gate of traces. */
export const GateActions = ({
  run,
  waived,
}: {
  run: Pick<GateRunRow, 'id' | 'status' | 'source'>;
  waived: boolean;
}) => {
  const api = `/api/gates/${encodeURIComponent(run.id)}`;
  const waivable = !waived && (run.status === 'blocked' || run.status === 'inconclusive');
  return (
    <section class="card" id="gate-actions" style="margin-top:14px">
      <h2>Act on this gate</h2>
      {waivable && (
        <form data-gate-api={`${api}/waive`} id="waive-form">
          <label for="waive-reason" class="small">
            Waive: let this {run.status} gate through. The reason is kept with your name and the time, and cannot be
            changed.
          </label>
          <textarea
            id="waive-reason"
            name="reason"
            rows={3}
            required
            maxlength={2000}
            style="width:100%;box-sizing:border-box"
          />
          <div class="row" style="margin-top:6px">
            <button type="submit">Waive gate</button>
            <span class="small" data-out aria-live="polite" />
          </div>
        </form>
      )}
      {run.source === 'traces' && (
        <form data-gate-api={`${api}/rerun`} id="rerun-form" style="margin-top:10px">
          <div class="row">
            <button type="submit">Re-run gate</button>
            <span class="small muted">fresh evidence, a new gate run (as --rerun)</span>
            <span class="small" data-out aria-live="polite" />
          </div>
        </form>
      )}
      <script dangerouslySetInnerHTML={{ __html: gateScript }} />
    </section>
  );
};
