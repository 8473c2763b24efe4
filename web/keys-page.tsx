import { type Role, roles } from '../core/auth.js';
import type { ApiKeyView } from '../db/api-keys.js';
import { fmtWhen } from './eval-widgets.js';
import { Layout } from './layout.js';

/** Asks before a revoke form is sent (the form's `data-confirm` is the question). */
export const keysScript = `
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
});`;

const roleHelp: Record<Role, string> = {
  ingest: 'sends traces, logs and feedback',
  review: 'reads redacted traces, labels, proposes failure modes',
  ci: 'runs and reads release gates',
  admin: 'everything, personal data unredacted, manages keys',
};

export interface KeysPageProps {
  who: string;
  /** The key the admin is signed in with (revoking it signs them out). */
  ownKeyId: string;
  keys: ApiKeyView[];
  /** A key just created: shown once, in clear. */
  created?: { key: string; view: ApiKeyView };
  error?: string;
  revoked?: ApiKeyView;
}

const KeyRow = ({ k, own }: { k: ApiKeyView; own: boolean }) => (
  <tr data-key-id={k.id} class={k.revokedAt ? 'done' : undefined}>
    <td>
      {k.label ?? <span class="muted">–</span>}
      {own && <span class="muted small"> (you are signed in with it)</span>}
    </td>
    <td>
      <span class="badge">{k.role}</span>
    </td>
    <td class="mono">{k.prefix}…</td>
    <td class="nowrap">{fmtWhen(k.createdAt)}</td>
    <td class="nowrap">{k.lastUsedAt ? fmtWhen(k.lastUsedAt) : <span class="muted">never</span>}</td>
    <td class="nowrap">
      {k.revokedAt ? (
        <span class="badge bad">revoked {fmtWhen(k.revokedAt)}</span>
      ) : (
        <form
          method="post"
          action={`/keys/${k.id}/revoke`}
          class="revoke"
          data-confirm={`Revoke the ${k.role} key ${k.label ?? k.prefix}? Everything using it stops working at once${
            own ? ', including this session: you will be signed out' : ''
          }. This cannot be undone.`}
        >
          <button type="submit">Revoke</button>
        </form>
      )}
    </td>
  </tr>
);

/** Admins: the project's API keys (label, role, created, last used), a new key (shown once), revoke. */
export const KeysPage = (p: KeysPageProps) => (
  <Layout title="API keys" page="keys" who={p.who}>
    <h1>API keys</h1>
    {p.error && (
      <p class="banner bad" role="alert" id="keys-error">
        {p.error}
      </p>
    )}
    {p.revoked && (
      <p class="banner warn" id="revoked">
        Revoked the {p.revoked.role} key {p.revoked.label ?? p.revoked.prefix}: it and its sessions no longer work.
      </p>
    )}
    {p.created && (
      <section class="card" id="new-key">
        <h2>
          New {p.created.view.role} key{p.created.view.label ? ` for ${p.created.view.label}` : ''}
        </h2>
        <p class="small">Copy it now: it is shown only this once (evalloop stores only its hash).</p>
        <pre class="code" id="new-key-secret">
          {p.created.key}
        </pre>
      </section>
    )}
    <section class="card">
      <h2>Create a key</h2>
      <form method="post" action="/keys" class="row" id="create-key">
        <label class="small">
          role{' '}
          <select name="role" required>
            {roles.map((r) => (
              <option value={r} selected={r === 'review'}>
                {r} — {roleHelp[r]}
              </option>
            ))}
          </select>
        </label>
        <label class="small" style="flex:1">
          label <input type="text" name="label" maxlength={200} placeholder="who or what uses it" />
        </label>
        <button class="primary" type="submit">
          Create
        </button>
      </form>
    </section>
    <table class="queue" id="keys">
      <thead>
        <tr>
          <th>label</th>
          <th>role</th>
          <th>key</th>
          <th>created</th>
          <th>last used</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {p.keys.map((k) => (
          <KeyRow k={k} own={k.id === p.ownKeyId} />
        ))}
      </tbody>
    </table>
    <script dangerouslySetInnerHTML={{ __html: keysScript }} />
  </Layout>
);
