import type { FailureModeView, RubricVersionView } from '../db/failure-modes.js';
import { fmtWhen } from './eval-widgets.js';
import { Layout } from './layout.js';
import { FormError, GenerateButton, IngestHelp, ModeStatusButtons } from './operator-forms.js';

const statusClass: Record<string, string> = { active: 'good', proposed: 'info', retired: '' };

const modeHref = (key: string) => `/failure-modes/${encodeURIComponent(key)}`;

/** Every failure mode with its status; admins activate proposed ones, retire others, and generate evaluators. */
export const FailureModesPage = (p: { who: string; modes: FailureModeView[]; canManage: boolean; origin: string }) => (
  <Layout title="Failure modes" page="modes" who={p.who}>
    <h1>Failure modes</h1>
    {p.modes.length === 0 ? (
      <div class="card empty" id="empty">
        <h2>No failure mode yet</h2>
        <p class="muted">
          A failure mode names one way the product fails, with a rubric reviewers and judges follow. Reviewers propose
          them while labeling (press <kbd>m</kbd> on a trace); admins activate them here.
        </p>
        <IngestHelp origin={p.origin} />
      </div>
    ) : (
      <table class="queue" id="modes">
        <thead>
          <tr>
            <th>Failure mode</th>
            <th style="width:100px">Status</th>
            <th style="width:90px">Rubric</th>
            {p.canManage && <th>Actions</th>}
          </tr>
        </thead>
        <tbody>
          {p.modes.map((m) => (
            <tr data-mode={m.key}>
              <td>
                <a href={modeHref(m.key)}>{m.title}</a>
                <div class="muted small mono">{m.key}</div>
              </td>
              <td>
                <span class={`badge ${statusClass[m.status] ?? ''}`} data-status={m.status}>
                  {m.status}
                </span>
              </td>
              <td class="nowrap">v{m.rubricVersion}</td>
              {p.canManage && (
                <td>
                  <div class="row" style="gap:6px">
                    <ModeStatusButtons mode={m} />
                    {m.status === 'active' && <GenerateButton failureMode={m.key} />}
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </Layout>
);

/** One failure mode: its rubric's version history, and (admins) a form that saves a new rubric version. */
export const FailureModePage = (p: {
  who: string;
  mode: FailureModeView;
  history: RubricVersionView[];
  canManage: boolean;
  error?: string | null;
  draft?: string;
}) => (
  <Layout title={p.mode.title} page="modes" who={p.who}>
    <p class="small">
      <a href="/failure-modes">← failure modes</a>
    </p>
    <div class="row">
      <h1 style="margin:0">{p.mode.title}</h1>
      <span class="muted mono small">{p.mode.key}</span>
      <span class={`badge ${statusClass[p.mode.status] ?? ''}`} data-status={p.mode.status}>
        {p.mode.status}
      </span>
      {p.canManage && <ModeStatusButtons mode={p.mode} />}
      {p.canManage && p.mode.status === 'active' && <GenerateButton failureMode={p.mode.key} />}
    </div>
    {p.canManage && (
      <section class="card" id="edit-rubric">
        <h2>Edit the rubric</h2>
        <p class="small muted">
          Saving adds rubric v{p.mode.rubricVersion + 1}; v{p.mode.rubricVersion} stays, and labels keep the version
          they were made under.
        </p>
        <form method="post" action={`${modeHref(p.mode.key)}/rubric`}>
          <label for="rubric" class="small">
            rubric
          </label>
          <textarea id="rubric" name="rubric" class="rubric" rows={8}>
            {p.draft ?? p.mode.rubric}
          </textarea>
          <div class="row" style="margin-top:6px">
            <button type="submit">Save as v{p.mode.rubricVersion + 1}</button>
          </div>
          <FormError error={p.error} />
        </form>
      </section>
    )}
    <section class="card rubric-history" id="rubric-history">
      <h2>Rubric versions ({p.history.length})</h2>
      {p.history.map((r) => (
        <div data-rubric-version={r.version}>
          <div class="small">
            <b>v{r.version}</b> · {r.createdBy} · <span class="muted">{fmtWhen(r.createdAt)}</span>
          </div>
          <pre class="code">{r.rubric}</pre>
        </div>
      ))}
    </section>
  </Layout>
);
