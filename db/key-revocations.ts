import pg from 'pg';

/** The Postgres channel `revokeApiKey` notifies (in its transaction, so only on commit). */
export const KEY_REVOKED_CHANNEL = 'evalloop_key_revoked';

const RECONNECT_MS = 2_000;

/**
 * Calls `onRevoked` whenever any process revokes a key (LISTEN on a connection of its own), so
 * caches of key lookups are dropped at once. A lost connection is reopened; `onRevoked` is also
 * called then, since notifications sent meanwhile were missed. Resolves to a stop function.
 */
export const listenForKeyRevocations = async (url: string, onRevoked: () => void, log: (m: string) => void) => {
  let stopped = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;

  const scheduleConnect = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect().catch((err: unknown) => {
        log(`key revocation listener: ${String(err)}; retrying`);
        scheduleConnect();
      });
    }, RECONNECT_MS);
    timer.unref();
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString: url });
    let lost = false;
    const onLost = (why: string) => {
      if (lost || stopped) return;
      lost = true;
      if (client === next) client = null;
      log(`key revocation listener: ${why}; reconnecting`);
      onRevoked();
      next.end().catch(() => {});
      scheduleConnect();
    };
    next.on('notification', () => onRevoked());
    next.on('error', (err) => onLost(err.message));
    next.on('end', () => onLost('connection closed'));
    await next.connect();
    await next.query(`LISTEN ${KEY_REVOKED_CHANNEL}`);
    if (stopped) await next.end();
    else client = next;
  };

  await connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await client?.end().catch(() => {});
    client = null;
  };
};
