import { Hono, type MiddlewareHandler } from 'hono';
import { consentSettingsSchema } from '../core/consent.js';
import { consentCounts, loadConsentSettings, saveConsentSettings } from '../db/consent.js';
import { requireRole } from './require-role.js';
import { SettingsPage, type SettingsPageProps } from './settings-page.js';
import type { WebDeps, WebEnv } from './web-env.js';

type Ctx = Parameters<MiddlewareHandler<WebEnv>>[0];

/** The admin settings page: the consent-to-review rule (core/consent.ts). Plain form posts (CSRF-checked). */
export const createSettingsPages = (deps: WebDeps, signedIn: MiddlewareHandler<WebEnv>) => {
  const app = new Hono<WebEnv>();
  const adminOnly = requireRole('manage', 'change settings');

  const page = async (
    c: Ctx,
    extra: Pick<SettingsPageProps, 'saved' | 'error'> & { consent?: SettingsPageProps['consent'] },
  ) => {
    const { projectId, name } = c.get('caller');
    const counts = await consentCounts(deps.pool, projectId);
    return (
      <SettingsPage
        who={name}
        consent={extra.consent ?? (await loadConsentSettings(deps.pool, projectId))}
        traces={{
          granted: counts.granted ?? 0,
          refused: counts.refused ?? 0,
          invalid: counts.invalid ?? 0,
          noAttribute: counts.none ?? 0,
        }}
        saved={extra.saved}
        error={extra.error}
      />
    );
  };

  app.get('/settings', signedIn, adminOnly, async (c) =>
    c.html(await page(c, { saved: c.req.query('saved') === '1' })),
  );

  app.post('/settings/consent', signedIn, adminOnly, async (c) => {
    const form = await c.req.parseBody();
    const text = typeof form.attributes === 'string' ? form.attributes : '';
    const parsed = consentSettingsSchema.safeParse({
      attributes: text
        .split(/[\n,]/)
        .map((a) => a.trim())
        .filter((a) => a.length > 0),
      required: form.required === 'on',
    });
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ');
      return c.html(await page(c, { error: `Not saved — ${why}.` }), 400);
    }
    await saveConsentSettings(deps.pool, c.get('caller').projectId, parsed.data);
    deps.onSettingsChanged(c.get('caller').projectId);
    return c.redirect('/settings?saved=1', 303);
  });

  return app;
};
