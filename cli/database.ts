import type { Config } from '../core/config.js';
import { openDatabase } from '../db/connection.js';
import { runningEmbeddedUrl, startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { migrateDatabase } from '../db/migrate.js';
import { auditAppLogin, grantAppRole } from '../db/roles.js';

/** The database evalloop uses: DATABASE_URL, or else the embedded cluster (started if needed). */
export interface ConfiguredDatabase {
  /** The login the process serves with: it should own nothing (see db/roles.ts). */
  url: string;
  /** The login that owns the tables and runs migrations; the same as `url` when only DATABASE_URL is set. */
  ownerUrl: string;
  embedded: boolean;
  /** Stops the embedded cluster if this process started it. */
  stop: () => Promise<void>;
}

export const resolveDatabase = async (
  config: Config,
  log: (m: string) => void,
  options: { reuseRunning: boolean },
): Promise<ConfiguredDatabase> => {
  if (config.DATABASE_URL) {
    const ownerUrl = config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
    return { url: config.DATABASE_URL, ownerUrl, embedded: false, stop: async () => {} };
  }
  if (options.reuseRunning) {
    const running = await runningEmbeddedUrl(config.EVALLOOP_DATA_DIR);
    if (running) return { ...running, embedded: true, stop: async () => {} };
  }
  log(`starting the embedded Postgres (data in ${config.EVALLOOP_DATA_DIR})`);
  const pg = await startEmbeddedPostgres({
    dataDir: config.EVALLOOP_DATA_DIR,
    database: 'evalloop',
    log: config.LOG_LEVEL === 'debug' ? (l) => log(`[postgres] ${l}`) : undefined,
  });
  return { url: pg.url, ownerUrl: pg.ownerUrl, embedded: true, stop: pg.stop };
};

/**
 * Brings the schema up to date as the owner login (our migrations, then `migrateEngine` for the
 * workflow engine's tables), grants the app login its row rights, and warns loudly when the app
 * login can get around the immutability triggers (a superuser, or the tables' owner).
 */
export const prepareDatabase = async (
  database: ConfiguredDatabase,
  log: (m: string) => void,
  migrateEngine?: (ownerUrl: string) => Promise<void>,
) => {
  const separate = database.ownerUrl !== database.url;
  const owner = openDatabase(database.ownerUrl, { max: 2, log });
  const app = separate ? openDatabase(database.url, { max: 1, log }) : owner;
  try {
    await migrateDatabase(owner);
    await migrateEngine?.(database.ownerUrl);
    if (separate) {
      const { rows } = await app.pool.query<{ name: string }>('select current_user as name');
      const role = rows[0]?.name;
      if (role) await grantAppRole(owner.pool, role);
    }
    const problems = await auditAppLogin(app.pool);
    if (problems.length > 0) {
      log(
        [
          'WARNING: the database login evalloop serves with can rewrite history:',
          `  ${problems.join('; ')}.`,
          '  The immutability triggers on labels, dataset and evaluator versions, status changes and',
          '  calibration reports do not bind a superuser or a table owner. Give DATABASE_URL a login',
          '  that owns nothing and set DATABASE_OWNER_URL to the owner (README: Security, Database roles).',
        ].join('\n'),
      );
    }
  } finally {
    if (separate) await app.close();
    await owner.close();
  }
};
