import type { Caller } from '../api/auth.js';
import { roleAllows } from '../core/auth.js';
import type { UiSpan, UiTrace } from './trace-data.js';

/** A trace view redacted for one kind of viewer (admins see it as stored). */
export interface CachedTraceView {
  trace: UiTrace;
  spans: UiSpan[];
}

export interface TraceViewCache {
  get: (key: string) => CachedTraceView | undefined;
  set: (key: string, view: CachedTraceView) => void;
}

/**
 * The key of a trace's redacted view: project, trace, whether the viewer sees it redacted, the
 * redaction settings in force (by identity: new settings, new key), and the trace's version (its
 * last span's arrival: a trace that grew is loaded afresh).
 */
export const traceViewKey = (
  caller: Caller,
  traceId: string,
  settings: object,
  version: { last_span_at?: string | null },
) =>
  [
    caller.projectId,
    traceId,
    roleAllows(caller.role, 'manage') ? 'stored' : 'redacted',
    settingsId(settings),
    version.last_span_at ?? '',
  ].join('\u0000');

const ids = new WeakMap<object, number>();
let nextId = 0;
const settingsId = (settings: object) => {
  let id = ids.get(settings);
  if (id === undefined) {
    id = ++nextId;
    ids.set(settings, id);
  }
  return id;
};

/**
 * A small in-process LRU of redacted trace views (default 16 traces, 2 minutes), so that the spans a
 * reviewer opens on a large trace page are served from the redaction the page made (the same
 * placeholders, without redacting the whole trace again per span). Per process: another process
 * simply computes the view itself.
 */
export const createTraceViewCache = (max = 16, ttlMs = 120_000, now = () => Date.now()): TraceViewCache => {
  const entries = new Map<string, { view: CachedTraceView; at: number }>();
  return {
    get: (key) => {
      const hit = entries.get(key);
      if (!hit) return undefined;
      entries.delete(key);
      if (now() - hit.at > ttlMs) return undefined;
      entries.set(key, hit);
      return hit.view;
    },
    set: (key, view) => {
      entries.delete(key);
      entries.set(key, { view, at: now() });
      while (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
  };
};
