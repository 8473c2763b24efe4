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

export const listAlerts = async (pool: pg.Pool, projectId: string, limit = 100) =>
  (
    await pool.query(
      `select id, kind, message, details, delivered, created_at::text as "createdAt" from alerts
       where project_id = $1 order by created_at desc limit $2`,
      [projectId, limit],
    )
  ).rows;
