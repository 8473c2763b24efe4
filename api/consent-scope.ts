import type pg from 'pg';
import { roleAllows } from '../core/auth.js';
import type { ProjectSettings } from '../core/project-settings.js';
import { unreviewableTraceIds } from '../db/consent.js';
import type { Caller } from './auth.js';

/**
 * What a caller may read of the project's traces under its consent rule (core/consent.ts): admins
 * everything (undefined), everyone else only traces that may be reviewed.
 */
export const reviewableScope = async (
  caller: Caller,
  settingsOf: (projectId: string) => Promise<ProjectSettings>,
): Promise<{ required: boolean } | undefined> =>
  roleAllows(caller.role, 'manage') ? undefined : { required: (await settingsOf(caller.projectId)).consent.required };

/** Whether a non-admin caller may open this trace (admins may open every trace). */
export const mayOpenTrace = async (pool: pg.Pool, caller: Caller, traceId: string) =>
  roleAllows(caller.role, 'manage') || !(await unreviewableTraceIds(pool, caller.projectId, [traceId])).has(traceId);

/** The refusal a non-admin gets for a trace without consent to review. */
export const NO_CONSENT_MESSAGE = 'this trace has no consent to review (the project requires it); an admin can open it';
