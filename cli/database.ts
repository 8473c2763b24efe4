import type { Config } from '../core/config.js';
import { runningEmbeddedUrl, startEmbeddedPostgres } from '../db/embedded-postgres.js';

/** The database evalloop uses: DATABASE_URL, or else the embedded cluster (started if needed). */
export interface ConfiguredDatabase {
  url: string;
  embedded: boolean;
  /** Stops the embedded cluster if this process started it. */
  stop: () => Promise<void>;
}

export const resolveDatabase = async (
  config: Config,
  log: (m: string) => void,
  options: { reuseRunning: boolean },
): Promise<ConfiguredDatabase> => {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  if (options.reuseRunning) {
    const url = await runningEmbeddedUrl(config.EVALLOOP_DATA_DIR);
    if (url) return { url, embedded: true, stop: async () => {} };
  }
  log(`starting the embedded Postgres (data in ${config.EVALLOOP_DATA_DIR})`);
  const pg = await startEmbeddedPostgres({
    dataDir: config.EVALLOOP_DATA_DIR,
    database: 'evalloop',
    log: config.LOG_LEVEL === 'debug' ? (l) => log(`[postgres] ${l}`) : undefined,
  });
  return { url: pg.url, embedded: true, stop: pg.stop };
};
