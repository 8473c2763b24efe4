import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { TEMPLATE_DATABASE, withDatabase } from './database-url.js';

/** A fresh database for one test file, cloned from the migrated template; returns its URL. */
export const createTestDatabase = async (label = 'test') => {
  const base = inject('postgresUrl');
  const name = `t_${label.replace(/\W/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client(withDatabase(base, 'postgres'));
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  return withDatabase(base, name);
};
