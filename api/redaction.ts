import { roleAllows } from '../core/auth.js';
import type { ProjectSettings } from '../core/project-settings.js';
import { createRedactor } from '../core/redact/redactor.js';
import type { Caller } from './auth.js';

/**
 * Returns `redactTrace(caller, value)`: admins (who may `manage`) get the value as stored;
 * everyone else gets a copy with personal data replaced by placeholders that are consistent
 * within the value (one trace, or one queue row). Redactors are built once per project settings.
 */
export const createTraceRedaction = (settingsOf: (projectId: string) => Promise<ProjectSettings>) => {
  const redactors = new WeakMap<ProjectSettings['redaction'], ReturnType<typeof createRedactor>>();
  return async <T>(caller: Caller, value: T): Promise<T> => {
    if (roleAllows(caller.role, 'manage')) return value;
    const { redaction } = await settingsOf(caller.projectId);
    let redactor = redactors.get(redaction);
    if (!redactor) {
      redactor = createRedactor(redaction);
      redactors.set(redaction, redactor);
    }
    return redactor.session().redactValue(value) as T;
  };
};
