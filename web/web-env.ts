import type pg from 'pg';
import type { Caller, KeyLookup } from '../api/auth.js';
import type { ProjectSettings } from '../core/project-settings.js';
import type { Engine } from '../workflows/engine-dbos.js';

/** What the web pages need; the API's `AppDeps` satisfies it. */
export interface WebDeps {
  pool: pg.Pool;
  lookupKey: KeyLookup;
  settingsOf: (projectId: string) => Promise<ProjectSettings>;
  /** Redacts one trace's data for a non-admin caller; one call per trace keeps placeholders consistent. */
  redactTrace: <T>(caller: Caller, value: T) => Promise<T>;
  /** Seconds a review lock lasts (the page renews it while open). */
  lockSeconds: number;
  /** The workflow engine: a cycle's live stage and what it waits for. */
  engine: Pick<Engine, 'status'>;
}

export type WebEnv = { Variables: { caller: Caller } };

/** Only same-site paths may be a sign-in's (or a back link's) destination (no open redirect). */
export const safeNext = (next: unknown) =>
  typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export const isTraceId = (s: string) => /^[0-9a-f]{32}$/i.test(s);
