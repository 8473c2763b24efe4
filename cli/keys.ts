import { parseArgs } from 'node:util';
import { type Role, roles } from '../core/auth.js';
import type { Config } from '../core/config.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../db/api-keys.js';
import type { Db } from '../db/connection.js';
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

const KEYS_USAGE = `usage: evalloop keys create --project P --role ingest|review|ci|admin [--label L]
       evalloop keys list --project P
       evalloop keys revoke <key id>`;

/**
 * `evalloop keys create|list|revoke` against an open database; writes to `out`. `create` prints
 * the new key (the only time it is shown); `revoke` stops the key and its web sessions at once.
 */
export const keysCommand = async (db: Db, argv: string[], out: (line: string) => void) => {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { project: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' } },
  });
  const [command, id] = positionals;
  const project = async () => {
    if (!values.project) throw new Error(`--project is required\n${KEYS_USAGE}`);
    if (!(await findProject(db, values.project))) throw new Error(`no project "${values.project}"`);
    return values.project;
  };
  switch (command) {
    case 'create': {
      const role = values.role as Role | undefined;
      if (!role || !roles.includes(role)) throw new Error(`--role must be one of ${roles.join(', ')}`);
      out(await createApiKey(db, await project(), role, values.label));
      return;
    }
    case 'list': {
      const keys = await listApiKeys(db, await project());
      out(['id', 'role', 'label', 'key', 'created', 'last used', 'revoked'].join('\t'));
      for (const k of keys)
        out(
          [k.id, k.role, k.label ?? '-', `${k.prefix}…`, k.createdAt, k.lastUsedAt ?? 'never', k.revokedAt ?? '-'].join(
            '\t',
          ),
        );
      return;
    }
    case 'revoke': {
      if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
        throw new Error(`revoke needs a key id (a UUID; see evalloop keys list)\n${KEYS_USAGE}`);
      const revoked = await revokeApiKey(db, null, id);
      if (!revoked) throw new Error(`no API key ${id}`);
      out(
        `revoked ${revoked.view.role} key ${revoked.view.label ?? revoked.view.prefix} of project "${revoked.projectId}" (at ${revoked.view.revokedAt}); its sessions are ended`,
      );
      return;
    }
    default:
      throw new Error(KEYS_USAGE);
  }
};

/** `evalloop keys ...`: opens the configured database and runs `keysCommand`. */
export const runKeys = async (config: Config, argv: string[]) => {
  const log = createLogger(config.LOG_LEVEL);
  const database = await resolveDatabase(config, log, { reuseRunning: true });
  const handle = openDatabase(database.url);
  try {
    await prepareDatabase(database, log);
    await keysCommand(handle.db, argv, (line) => process.stdout.write(`${line}\n`));
  } finally {
    await handle.close();
    await database.stop();
  }
};
