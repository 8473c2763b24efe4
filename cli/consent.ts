import { parseArgs } from 'node:util';
import type pg from 'pg';
import type { Config } from '../core/config.js';
import { type ConsentSettings, consentSettingsSchema } from '../core/consent.js';
import { openDatabase } from '../db/connection.js';
import { consentCounts, loadConsentSettings, saveConsentSettings } from '../db/consent.js';
import { prepareDatabase, resolveDatabase } from './database.js';
import { createLogger } from './log.js';

const USAGE = `usage: evalloop consent show --project P
       evalloop consent set --project P [--attribute NAME]... [--required | --not-required]`;

const describe = async (pool: pg.Pool, projectId: string, consent: ConsentSettings, out: (line: string) => void) => {
  const counts = await consentCounts(pool, projectId);
  out(`consent attributes: ${consent.attributes.join(', ')}`);
  out(
    consent.required
      ? 'required: yes (a trace without a consent attribute is never reviewed)'
      : 'required: no (a trace without a consent attribute may be reviewed)',
  );
  out(
    `closed traces: ${counts.granted ?? 0} granted, ${counts.refused ?? 0} refused, ${counts.invalid ?? 0} unreadable, ${counts.none ?? 0} without the attribute`,
  );
};

/**
 * `evalloop consent show|set`: the project's consent-to-review rule (core/consent.ts) against an
 * open database. A running server reads the change within its settings cache (10 s).
 */
export const consentCommand = async (pool: pg.Pool, argv: string[], out: (line: string) => void) => {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      project: { type: 'string' },
      attribute: { type: 'string', multiple: true },
      required: { type: 'boolean' },
      'not-required': { type: 'boolean' },
    },
  });
  const [command] = positionals;
  if (!values.project) throw new Error(`--project is required\n${USAGE}`);
  const projectId = values.project;
  const exists = await pool.query('select 1 from projects where id = $1', [projectId]);
  if (exists.rowCount === 0) throw new Error(`no project "${projectId}"`);
  if (command === 'show') return describe(pool, projectId, await loadConsentSettings(pool, projectId), out);
  if (command !== 'set') throw new Error(USAGE);
  if (values.required && values['not-required'])
    throw new Error(`--required and --not-required exclude each other\n${USAGE}`);
  const current = await loadConsentSettings(pool, projectId);
  const parsed = consentSettingsSchema.safeParse({
    attributes: values.attribute ?? current.attributes,
    required: values.required ? true : values['not-required'] ? false : current.required,
  });
  if (!parsed.success)
    throw new Error(`${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const saved = (await saveConsentSettings(pool, projectId, parsed.data))!;
  out(`saved the consent rule of project "${projectId}"`);
  if (saved.withdrawn > 0)
    out(`${saved.withdrawn} pending review task(s) withdrawn: their traces may no longer be reviewed`);
  return describe(pool, projectId, saved.consent, out);
};

/** `evalloop consent ...`: opens the configured database and runs `consentCommand`. */
export const runConsent = async (config: Config, argv: string[]) => {
  const log = createLogger(config.LOG_LEVEL);
  const database = await resolveDatabase(config, log, { reuseRunning: true });
  const handle = openDatabase(database.url);
  try {
    await prepareDatabase(database, log);
    await consentCommand(handle.pool, argv, (line) => process.stdout.write(`${line}\n`));
  } finally {
    await handle.close();
    await database.stop();
  }
};
