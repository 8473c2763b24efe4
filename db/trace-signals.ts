import type pg from 'pg';
import { type ConsentSettings, consentReason } from '../core/consent.js';
import type { QueueCandidate } from '../core/queue/fill.js';
import type { BaselineGroup } from '../core/signals/types.js';

/** The closed traces of a window, as queue candidates. */
export const windowCandidates = async (
  pool: pg.Pool,
  projectId: string,
  start: string,
  end: string,
  consent: ConsentSettings,
): Promise<{ candidates: QueueCandidate[]; excluded: ConsentExclusions }> => {
  // In a fixed order: the fill, and which near-duplicate absorbs which, must not depend on row storage.
  const { rows } = await pool.query(
    `select trace_id, signals, coalesce(anomaly_score, 0) as score, fingerprint, consent from traces
     where project_id = $1 and status = 'closed' and start_time >= $2 and start_time < $3
     order by start_time, trace_id`,
    [projectId, start, end],
  );
  const excluded: ConsentExclusions = { missing: 0, refused: 0, invalid: 0 };
  const candidates: QueueCandidate[] = [];
  for (const r of rows) {
    const reason = consentReason(r.consent, consent);
    if (reason === 'granted' || reason === 'not_required')
      candidates.push({ traceId: r.trace_id, signals: r.signals, score: r.score, fingerprint: r.fingerprint });
    else excluded[reason] += 1;
  }
  return { candidates, excluded };
};

/** How many of a window's closed traces were kept out of review, by reason (core/consent.ts). */
export type ConsentExclusions = Record<'missing' | 'refused' | 'invalid', number>;

/** How far back, and how many, closed traces of the same group form a baseline. */
const BASELINE_DAYS = 7;
const BASELINE_LIMIT = 500;

/**
 * Token and latency values of the most recent closed traces of one (route, prompt version,
 * model) group before `before`, within the trailing window. Bounded (index + limit), so its
 * cost does not grow with history.
 */
export const baselineValues = async (pool: pg.Pool, projectId: string, group: BaselineGroup, before: string) => {
  // `=` / `is null` per column (not `is not distinct from`), so the baseline index applies.
  const params: unknown[] = [projectId, before, BASELINE_DAYS, BASELINE_LIMIT];
  const match = (column: string, value: string | null) =>
    value === null ? `${column} is null` : `${column} = $${params.push(value)}`;
  const where = [
    match('route', group.route),
    match('prompt_version', group.promptVersion),
    match('model_version', group.model),
  ];
  const { rows } = await pool.query<{
    total_tokens: number | null;
    output_tokens: number | null;
    latency_ms: number | null;
  }>(
    `select total_tokens, output_tokens, latency_ms from traces
     where project_id = $1 and ${where.join(' and ')} and status = 'closed'
       and start_time < $2::timestamptz and start_time >= $2::timestamptz - make_interval(days => $3)
     order by start_time desc limit $4`,
    params,
  );
  const pick = (k: 'total_tokens' | 'output_tokens' | 'latency_ms') =>
    rows.map((r) => r[k]).filter((v): v is number => v !== null);
  return { totalTokens: pick('total_tokens'), outputTokens: pick('output_tokens'), latencyMs: pick('latency_ms') };
};

export interface Predecessor {
  traceId: string;
  input: string | null;
  startTime: string;
  /** When its answer was complete (the trace's end); null when unknown. */
  endTime: string | null;
}

/**
 * For each trace (with a session or user), the latest earlier closed trace of the same
 * session (else the same user): one query for the whole batch.
 */
export const previousRequests = async (
  pool: pg.Pool,
  projectId: string,
  items: { traceId: string; sessionId: string | null; userId: string | null; startTime: string }[],
) => {
  const result = new Map<string, Predecessor>();
  // By session where there is one, else by user: two queries, each on its own index.
  for (const column of ['session_id', 'user_id'] as const) {
    const wanted = items.filter((i) => (column === 'session_id' ? i.sessionId : !i.sessionId && i.userId));
    if (wanted.length === 0) continue;
    const { rows } = await pool.query(
      `select k.trace_id as for_trace, p.trace_id, p.input, p.start_time::text as start_time, p.end_time::text as end_time
       from unnest($2::text[], $3::text[], $4::timestamptz[]) as k(trace_id, owner, t)
       cross join lateral (
         select trace_id, input, start_time, end_time from traces
         where project_id = $1 and ${column} = k.owner and start_time < k.t and status = 'closed' and trace_id <> k.trace_id
         order by start_time desc limit 1) p`,
      [
        projectId,
        wanted.map((i) => i.traceId),
        wanted.map((i) => (column === 'session_id' ? i.sessionId : i.userId)),
        wanted.map((i) => i.startTime),
      ],
    );
    for (const r of rows) {
      result.set(r.for_trace, { traceId: r.trace_id, input: r.input, startTime: r.start_time, endTime: r.end_time });
    }
  }
  return result;
};

/** Explicit feedback of the given traces, by `project/trace`. */
export const feedbackFor = async (pool: pg.Pool, keys: { projectId: string; traceId: string }[]) => {
  const { rows } = await pool.query(
    `select project_id, trace_id, score, comment from feedback
     where (project_id, trace_id) in (select * from unnest($1::text[], $2::text[])) order by created_at`,
    [keys.map((k) => k.projectId), keys.map((k) => k.traceId)],
  );
  const byTrace = new Map<string, { score: number; comment: string | null }[]>();
  for (const r of rows) {
    const key = `${r.project_id}/${r.trace_id}`;
    const list = byTrace.get(key) ?? [];
    list.push({ score: r.score, comment: r.comment });
    byTrace.set(key, list);
  }
  return byTrace;
};
