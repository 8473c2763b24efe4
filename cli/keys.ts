import { parseArgs } from 'node:util';
import { type Role, roles } from '../core/auth.js';
import type { Config } from '../core/config.js';
import { createApiKey } from '../db/api-keys.js';
import { openDatabase } from '../db/connection.js';
import { ensureProject, findProject } from '../db/projects.js';
import { prepareDatabase, resolveDatabase } from './database.js';
import { createLogger } from './log.js';

/** `evalloop projects create <id> [--name N]`: a new project (then create its keys). */
export const runProjects = async (config: Config, argv: string[]) => {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' } },
  });
  const [command, id] = positionals;
  if (command !== 'create' || !id || !/^[a-z0-9][a-z0-9_-]{0,62}$/.test(id)) {
    throw new Error('usage: evalloop projects create <id> [--name N]   (id: lower-case letters, digits, - or _)');
  }
  const log = createLogger(config.LOG_LEVEL);
  const database = await resolveDatabase(config, log, { reuseRunning: true });
  const handle = openDatabase(database.url);
  try {
    await prepareDatabase(database, log);
    const created = await ensureProject(handle.db, id, values.name ?? id);
    process.stdout.write(created ? `created project "${id}"\n` : `project "${id}" already exists\n`);
    if (created) process.stdout.write('its refresh-cycle and drift-watch schedules start with the next server start\n');
  } finally {
    await handle.close();
    await database.stop();
  }
};

/** `evalloop keys create --project P --role R [--label L]`: prints the new key once. */
export const runKeys = async (config: Config, argv: string[]) => {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { project: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' } },
  });
  if (positionals[0] !== 'create')
    throw new Error('usage: evalloop keys create --project P --role ingest|review|ci|admin');
  const role = values.role as Role | undefined;
  if (!role || !roles.includes(role)) throw new Error(`--role must be one of ${roles.join(', ')}`);
  if (!values.project) throw new Error('--project is required');
  const log = createLogger(config.LOG_LEVEL);
  const database = await resolveDatabase(config, log, { reuseRunning: true });
  const handle = openDatabase(database.url);
  try {
    await prepareDatabase(database, log);
    if (!(await findProject(handle.db, values.project))) throw new Error(`no project "${values.project}"`);
    const key = await createApiKey(handle.db, values.project, role, values.label);
    process.stdout.write(`${key}\n`);
  } finally {
    await handle.close();
    await database.stop();
  }
};
