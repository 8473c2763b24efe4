import type pg from 'pg';
import type { Activities } from '../activities/registry.js';
import type { Caller, KeyLookup } from './auth.js';

/** What the annotation routes need (queue, labels, failure modes, datasets, feedback). */
export interface AnnotateDeps {
  pool: pg.Pool;
  lookupKey: KeyLookup;
  activities: Pick<Activities, 'fillQueue'>;
  /**
   * Redacts personal data from everything derived from one trace before a non-admin sees it;
   * admins get the value unchanged. One call = one trace (placeholders are consistent within it).
   */
  redactTrace: <T>(caller: Caller, value: T) => Promise<T>;
  /** Wakes the refresh cycle that owns a task (a new label may complete its quota). */
  notifyLabel: (projectId: string, taskId: string, labelId: string) => Promise<void>;
  /** Seconds a review lock lasts. */
  lockSeconds: number;
}
