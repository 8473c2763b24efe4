import type pg from 'pg';

/**
 * Stores an alert (visible in the UI) and, when a webhook is configured, POSTs it there as JSON;
 * a failed delivery is kept as undelivered, never lost.
 */
export const raiseAlert = async (
  deps: { pool: pg.Pool; config: { ALERT_WEBHOOK_URL?: string }; log: (m: string) => void },
  alert: { projectId: string; kind: string; message: string; details: Record<string, unknown> },
) => {
  const { rows } = await deps.pool.query<{ id: string; created_at: string }>(
    'insert into alerts (project_id, kind, message, details) values ($1, $2, $3, $4) returning id, created_at::text',
    [alert.projectId, alert.kind, alert.message, JSON.stringify(alert.details)],
  );
  const id = rows[0]!.id;
  const url = deps.config.ALERT_WEBHOOK_URL;
  if (!url) return { id, delivered: false };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, ...alert, createdAt: rows[0]!.created_at }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    await deps.pool.query('update alerts set delivered = true where id = $1', [id]);
    return { id, delivered: true };
  } catch (err) {
    deps.log(`alert ${id} not delivered to the webhook: ${(err as Error).message}`);
    return { id, delivered: false };
  }
};

export interface AlertFilter {
  /** One alert kind (evaluator_drift, gating_takeover, …); all kinds when absent. */
  kind?: string;
  /** open: not acknowledged; acknowledged; all (default). */
  state?: 'open' | 'acknowledged' | 'all';
  limit?: number;
}

/** The project's alerts, newest first, optionally one kind and open or acknowledged ones only. */
export const listAlerts = async (pool: pg.Pool, projectId: string, filter: AlertFilter = {}) =>
  (
    await pool.query(
      `select id, kind, message, details, delivered, created_at::text as "createdAt",
              acknowledged_at::text as "acknowledgedAt", acknowledged_by as "acknowledgedBy"
       from alerts
       where project_id = $1 and ($2::text is null or kind = $2)
         and ($3 = 'all' or ($3 = 'open') = (acknowledged_at is null))
       order by created_at desc, id limit $4`,
      [projectId, filter.kind ?? null, filter.state ?? 'all', filter.limit ?? 100],
    )
  ).rows;

/** The alert kinds a project has, for the alerts page's filter. */
export const alertKinds = async (pool: pg.Pool, projectId: string) =>
  (await pool.query('select distinct kind from alerts where project_id = $1 order by kind', [projectId])).rows.map(
    (r) => r.kind as string,
  );

/** Marks an alert acknowledged (once: acknowledging again keeps the first who and when); null when no such alert. */
export const acknowledgeAlert = async (pool: pg.Pool, projectId: string, id: string, by: string) =>
  (
    await pool.query(
      `update alerts set acknowledged_at = coalesce(acknowledged_at, now()), acknowledged_by = coalesce(acknowledged_by, $3)
       where project_id = $1 and id = $2
       returning id, acknowledged_at::text as "acknowledgedAt", acknowledged_by as "acknowledgedBy"`,
      [projectId, id, by],
    )
  ).rows[0] ?? null;
