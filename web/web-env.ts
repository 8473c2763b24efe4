import type pg from 'pg';
import type { Activities } from '../activities/registry.js';
import type { Caller, KeyLookup, SessionStore } from '../api/auth.js';
import type { ProjectSettings } from '../core/project-settings.js';
import { sameOriginPath } from '../core/same-origin-path.js';
import type { Db } from '../db/connection.js';
import type { IngestWriter } from '../db/ingest-writer.js';
import type { Engine } from '../workflows/engine.js';

/** What the web pages need; the API's `AppDeps` satisfies it. */
export interface WebDeps {
  pool: pg.Pool;
  db: Db;
  lookupKey: KeyLookup;
  /** Server-side sessions: sign-in opens one, sign-out ends it. */
  sessions: SessionStore;
  /** Trust `X-Forwarded-Proto` for the cookie's `Secure` flag (TRUST_PROXY). */
  trustProxy: boolean;
  /** Called after a key is revoked here: drops this process's cached key lookups. */
  onKeyRevoked: () => void;
  settingsOf: (projectId: string) => Promise<ProjectSettings>;
  /** The ingest writer and trace idle time, for imports from the UI (api/import.ts). */
  writer: IngestWriter;
  traceIdleSeconds: number;
  /** Drops this process's cached settings of a project after a change here. */
  onSettingsChanged: (projectId: string) => void;
  /** Redacts one trace's data for a non-admin caller; one call per trace keeps placeholders consistent. */
  redactTrace: <T>(caller: Caller, value: T) => Promise<T>;
  /** Seconds a review lock lasts (the page renews it while open). */
  lockSeconds: number;
  /** The workflow engine: a cycle's live stage and what it waits for; starting a cycle from its page. */
  engine: Pick<Engine, 'status' | 'enqueue'>;
  /**
   * Generating evaluators from a failure mode's page, calibrating an edited one from its page, the
   * synthetic bootstrap from the import page.
   */
  activities: Pick<Activities, 'generateEvaluators' | 'calibrateEvaluator' | 'generateSyntheticInputs'>;
  /** Defaults of a cycle started from the cycles page (REVIEW_BUDGET, RANDOM_FRACTION). */
  reviewBudget: number;
  randomFraction: number;
}

export type WebEnv = { Variables: { caller: Caller; session: Caller | null } };

/** Only same-origin paths may be a sign-in's (or a back link's) destination: see core/same-origin-path.ts. */
export const safeNext = (next: unknown) => sameOriginPath(next);

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export const isTraceId = (s: string) => /^[0-9a-f]{32}$/i.test(s);
