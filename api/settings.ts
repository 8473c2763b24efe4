import { Hono } from 'hono';
import type pg from 'pg';
import { consentSettingsSchema } from '../core/consent.js';
import { AppError } from '../core/errors.js';
import { consentCounts, loadConsentSettings, saveConsentSettings } from '../db/consent.js';
import { type AppEnv, type KeyLookup, requirePermission } from './auth.js';
import { validate } from './validate.js';

export interface SettingsRouteDeps {
  pool: pg.Pool;
  lookupKey: KeyLookup;
  /** Called after a change so this process's cached settings are read again at once. */
  onSettingsChanged: (projectId: string) => void;
}

export const consentBody = consentSettingsSchema.partial().strict();

/** The consent rule with what it means for the project's closed traces now. */
const consentView = async (pool: pg.Pool, projectId: string) => {
  const consent = await loadConsentSettings(pool, projectId);
  const counts = await consentCounts(pool, projectId);
  const none = counts.none ?? 0;
  return {
    consent,
    traces: {
      granted: counts.granted ?? 0,
      refused: counts.refused ?? 0,
      invalid: counts.invalid ?? 0,
      noAttribute: none,
      reviewable: (counts.granted ?? 0) + (consent.required ? 0 : none),
    },
    note:
      'attribute names apply to traces as they close (a trace re-closes when a span arrives); ' +
      'the required switch applies at once to every trace',
  };
};

/** Project settings an admin changes from the API: the consent-to-review rule (core/consent.ts). */
export const createSettingsRoutes = (deps: SettingsRouteDeps) => {
  const app = new Hono<AppEnv>();
  app.use('*', requirePermission(deps.lookupKey, 'manage'));

  app.get('/consent', async (c) => c.json(await consentView(deps.pool, c.get('caller').projectId)));

  app.put('/consent', validate('json', consentBody), async (c) => {
    const projectId = c.get('caller').projectId;
    const current = await loadConsentSettings(deps.pool, projectId);
    const saved = await saveConsentSettings(deps.pool, projectId, { ...current, ...c.req.valid('json') });
    if (!saved) throw new AppError('not_found', `no project ${projectId}`);
    deps.onSettingsChanged(projectId);
    return c.json({ ...(await consentView(deps.pool, projectId)), withdrawnTasks: saved.withdrawn });
  });

  return app;
};
