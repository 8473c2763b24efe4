import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/** The kind of alert recorded when an evaluator version starts gating releases. */
export const GATING_TAKEOVER = 'gating_takeover';

/**
 * Records that an evaluator version now gates releases (it is its evaluator's newest version and
 * its status is `gate`), naming the version it takes over from. Runs inside the transaction that
 * published the version or changed its status, so the notice cannot be lost or left without its cause.
 */
export const recordGatingTakeover = async (q: Queryable, versionId: string, by: string) => {
  const { rows } = await q.query(
    `select e.project_id as "projectId", e.id as "evaluatorId", e.name, m.key as "failureMode", v.version,
            (select max(o.version) from evaluator_versions o where o.evaluator_id = v.evaluator_id) as newest,
            p.id as "previousId", p.version as "previousVersion", p.status as "previousStatus"
     from evaluator_versions v
     join evaluators e on e.id = v.evaluator_id
     join failure_modes m on m.id = e.failure_mode_id
     left join lateral (
       select o.id, o.version, coalesce(
         (select c.status from evaluator_status_changes c where c.evaluator_version_id = o.id
          order by c.created_at desc, c.id desc limit 1), o.initial_status) as status
       from evaluator_versions o where o.evaluator_id = v.evaluator_id and o.version < v.version
       order by o.version desc limit 1) p on true
     where v.id = $1`,
    [versionId],
  );
  const r = rows[0];
  if (!r || r.version !== r.newest) return null;
  const name = `${r.failureMode}/${r.name}`;
  const message = r.previousId
    ? `${name} v${r.version} now gates releases, taking over from v${r.previousVersion} (${r.previousStatus})`
    : `${name} v${r.version} now gates releases (a new gating evaluator)`;
  const inserted = await q.query(
    'insert into alerts (project_id, kind, message, details) values ($1, $2, $3, $4) returning id',
    [
      r.projectId,
      GATING_TAKEOVER,
      message,
      JSON.stringify({
        versionId,
        evaluatorId: r.evaluatorId,
        previousVersionId: r.previousId ?? null,
        previousStatus: r.previousStatus ?? null,
        by,
      }),
    ],
  );
  return { id: inserted.rows[0].id as string, message };
};
