import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { TEMPLATE_DATABASE, withDatabase, withLogin } from './database-url.js';

/**
 * A fresh database for one test file, cloned from the migrated template (owned by the owner login,
 * with the app login's grants). Returns the app login's URL: what the server and tests use.
 */
export const createTestDatabase = async (label = 'test') => (await createTestDatabaseLogins(label)).url;

/** Like createTestDatabase, with the owner login's URL too (for servers that migrate as the owner). */
export const createTestDatabaseLogins = async (label = 'test') => {
  const base = inject('postgresUrl');
  const roles = inject('postgresRoles');
  const name = `t_${label.replace(/\W/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client(withDatabase(base, 'postgres'));
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${TEMPLATE_DATABASE} owner ${roles.owner.name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(base, name);
  return { url: withLogin(url, roles.app), ownerUrl: withLogin(url, roles.owner), name };
};
