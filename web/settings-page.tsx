import type { ConsentSettings } from '../core/consent.js';
import { Layout } from './layout.js';

export interface ConsentCounts {
  granted: number;
  refused: number;
  invalid: number;
  noAttribute: number;
}

export interface SettingsPageProps {
  who: string;
  consent: ConsentSettings;
  traces: ConsentCounts;
  saved?: boolean;
  error?: string;
}

/** Admins: the project's consent-to-review rule, with what it means for the traces stored now. */
export const SettingsPage = (p: SettingsPageProps) => {
  const reviewable = p.traces.granted + (p.consent.required ? 0 : p.traces.noAttribute);
  return (
    <Layout title="Settings" page="keys" who={p.who}>
      <h1>Settings</h1>
      {p.error && (
        <p class="banner bad" role="alert" id="settings-error">
          {p.error}
        </p>
      )}
      {p.saved && (
        <p class="banner good" role="status" id="settings-saved">
          Saved the consent rule.
        </p>
      )}
      <section class="card" id="consent">
        <h2>Consent to review</h2>
        <p class="small">
          Only traces whose users consented are sampled for human review. A span attribute says so; any span of the
          trace may carry it (a later span that withdraws consent withdraws it, and takes the trace out of the queue).
          Traces without consent never enter a review queue or a dataset version, and non-admins do not see them among a
          gate's flipped items; they still count in aggregate rates.
        </p>
        <p class="small" id="consent-counts">
          Closed traces now: {p.traces.granted} granted, {p.traces.refused} refused, {p.traces.invalid} with an
          unreadable value, {p.traces.noAttribute} without the attribute — <b>{reviewable} may be reviewed</b>.
        </p>
        <form method="post" action="/settings/consent" id="consent-form">
          <label for="consent-attributes">Consent attributes (one per line, checked on every span)</label>
          <textarea id="consent-attributes" name="attributes" rows={3} maxlength={5000} required>
            {p.consent.attributes.join('\n')}
          </textarea>
          <p class="small muted">
            Yes: true, 1, "yes", "granted", "opt-in". No: false, 0, "no", "refused", "revoked", "opt-out". Anything else
            counts as no. Attribute names apply to traces as they close.
          </p>
          <label class="small">
            <input type="checkbox" name="required" value="on" checked={p.consent.required} /> Require consent: a trace
            without any of these attributes is never reviewed (applies at once to every trace)
          </label>
          <div style="margin-top:8px">
            <button class="primary" type="submit">
              Save
            </button>
          </div>
        </form>
      </section>
    </Layout>
  );
};
