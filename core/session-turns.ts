import type { Signal } from './signals/types.js';

/** One turn (trace) of a conversation session, as the session view and API show it. */
export interface SessionTurn {
  /** 1-based position in the session, oldest first. */
  turn: number;
  traceId: string;
  startTime: string | null;
  status: string;
  rootSpanName: string | null;
  input: string | null;
  output: string | null;
  hasError: boolean;
  latencyMs: number | null;
  signals: Signal[];
  /** The re-submission signal's earlier turn: the trace it repeats and its position here (null when outside the list). */
  repeats: { traceId: string; turn: number | null } | null;
}

// biome-ignore lint/suspicious/noExplicitAny: rollup rows straight from pg
type Row = any;

const signalsOf = (v: unknown): Signal[] =>
  Array.isArray(v) ? v.filter((s): s is Signal => !!s && typeof s === 'object' && typeof s.name === 'string') : [];

/** Session turns from trace rollup rows in time order; the re-submission links resolved to turns. */
export const sessionTurns = (rows: Row[]): SessionTurn[] => {
  const turnOf = new Map<string, number>(rows.map((r, i) => [r.trace_id as string, i + 1]));
  return rows.map((r, i) => {
    const signals = signalsOf(r.signals);
    const previous = signals.find((s) => s.name === 'resubmission')?.evidence?.previousTraceId;
    return {
      turn: i + 1,
      traceId: r.trace_id,
      startTime: r.start_time ?? r.sort_time ?? null,
      status: r.status,
      rootSpanName: r.root_span_name ?? null,
      input: r.input ?? null,
      output: r.output ?? null,
      hasError: Boolean(r.has_error),
      latencyMs: r.latency_ms ?? null,
      signals,
      repeats: typeof previous === 'string' ? { traceId: previous, turn: turnOf.get(previous) ?? null } : null,
    };
  });
};
