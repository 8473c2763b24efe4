import type pg from 'pg';

/** Records that this process is alive. */
export const heartbeat = (pool: pg.Pool, executorId: string, kind: string) =>
  pool.query(
    `insert into executors (executor_id, kind, pid, last_seen) values ($1, $2, $3, now())
     on conflict (executor_id) do update set last_seen = now(), kind = excluded.kind, pid = excluded.pid`,
    [executorId, kind, process.pid],
  );

/**
 * Executors that own pending workflows but have not been seen for `staleSeconds` (crashed or
 * killed), other than `self`. Claimed under an advisory lock so only one live process recovers each.
 */
export const claimDeadExecutors = async (pool: pg.Pool, self: string, staleSeconds: number) => {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock(724051338)');
    const { rows } = await client.query<{ executor_id: string }>(
      `select distinct w.executor_id from dbos.workflow_status w
       where w.status = 'PENDING' and w.executor_id <> $1
         and not exists (select 1 from executors e where e.executor_id = w.executor_id
                         and e.last_seen > now() - make_interval(secs => $2))`,
      [self, staleSeconds],
    );
    await client.query('delete from executors where executor_id = any($1::text[])', [rows.map((r) => r.executor_id)]);
    await client.query('commit');
    return rows.map((r) => r.executor_id);
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
};
