import type pg from 'pg';
import { type ConsentSettings, reviewableSql } from '../core/consent.js';
import { resolveProjectSettings } from '../core/project-settings.js';
import { withdrawUnreviewableTasks } from './review-tasks.js';

/** The project's consent rule as stored (core/consent.ts), for reads outside a request's settings cache. */
export const loadConsentSettings = async (pool: pg.Pool | pg.PoolClient, projectId: string): Promise<ConsentSettings> =>
  resolveProjectSettings(
    (await pool.query('select settings from projects where id = $1', [projectId])).rows[0]?.settings,
  ).consent;

/**
 * Which of these traces may not be shown to non-admins under the project's consent rule. A trace
 * id that has no stored trace counts as unknown consent (reviewable only when consent is not required).
 */
export const unreviewableTraceIds = async (pool: pg.Pool, projectId: string, traceIds: string[]) => {
  if (traceIds.length === 0) return new Set<string>();
  const { required } = await loadConsentSettings(pool, projectId);
  const { rows } = await pool.query<{ id: string }>(
    `select ids.id from unnest($2::text[]) as ids(id)
       left join traces t on t.project_id = $1 and t.trace_id = ids.id
     where not ${reviewableSql('t', 3)}`,
    [projectId, [...new Set(traceIds)], required],
  );
  return new Set(rows.map((r) => r.id));
};

/**
 * Stores the project's consent rule (the rest of its settings untouched) and withdraws the pending
 * review tasks it now forbids (e.g. consent just became required). Returns the rule as it now reads
 * and how many tasks were withdrawn; null when the project does not exist.
 */
export const saveConsentSettings = async (
  pool: pg.Pool,
  projectId: string,
  consent: ConsentSettings,
): Promise<{ consent: ConsentSettings; withdrawn: number } | null> => {
  const { rowCount } = await pool.query(
    `update projects set settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{consent}', $2::jsonb) where id = $1`,
    [projectId, JSON.stringify(consent)],
  );
  if (!rowCount) return null;
  const saved = await loadConsentSettings(pool, projectId);
  return { consent: saved, withdrawn: await withdrawUnreviewableTasks(pool, projectId, null, saved.required) };
};

/** How many of the project's closed traces may be reviewed now, and how many may not, by reason. */
export const consentCounts = async (pool: pg.Pool, projectId: string) => {
  const { rows } = await pool.query<{ consent: string | null; n: number }>(
    `select consent, count(*)::int as n from traces where project_id = $1 and status = 'closed' group by consent`,
    [projectId],
  );
  return Object.fromEntries(rows.map((r) => [r.consent ?? 'none', r.n])) as Record<
    'granted' | 'refused' | 'invalid' | 'none',
    number | undefined
  >;
};
