import type pg from 'pg';
import { type ConsentSettings, reviewableSql } from '../core/consent.js';
import { resolveProjectSettings } from '../core/project-settings.js';

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
