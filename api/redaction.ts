import { roleAllows } from '../core/auth.js';
import type { ProjectSettings } from '../core/project-settings.js';
import { createRedactor, type RedactionSession } from '../core/redact/redactor.js';
import type { Caller } from './auth.js';

/**
 * Fields that are identifiers, times or bookkeeping, never personal data: kept as stored so
 * links, locks and labels keep working (a redacted id would be a broken id).
 */
const KEPT_FIELDS = new Set([
  'id',
  'traceId',
  'trace_id',
  'spanId',
  'span_id',
  'parentSpanId',
  'parent_span_id',
  'taskId',
  'cycleId',
  'supersedes',
  'duplicateTraceIds',
  'previousTraceId',
  'repeatedFrom',
  'startTime',
  'start_time',
  'startTimeUnixNano',
  'endTimeUnixNano',
  'timeUnixNano',
  'observedTimeUnixNano',
  'endTime',
  'end_time',
  'sort_time',
  'closed_at',
  'last_span_at',
  'createdAt',
  'lockExpiresAt',
  'status',
  'sampling',
  'stratum',
  'kind',
  'failureMode',
  'failureModes',
  'verdict',
  'reviewer',
  'lockedBy',
  'assignedTo',
]);

const redactFields = (session: RedactionSession, value: unknown): unknown => {
  if (Array.isArray(value)) return value.map((v) => redactFields(session, v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, KEPT_FIELDS.has(k) ? v : redactFields(session, v)]),
    );
  }
  return session.redactValue(value);
};

/**
 * Returns `redactTrace(caller, value)`: admins (who may `manage`) get the value as stored;
 * everyone else gets a copy with personal data replaced by placeholders that are consistent
 * within the value (one trace, or one queue row). Identifier and time fields are kept.
 * Redactors are built once per project settings.
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
    return redactFields(redactor.session(), value) as T;
  };
};
