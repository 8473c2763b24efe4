import type { RollupSpan, TraceRollup } from '../rollup.js';

/** The anomaly signals evalloop computes on every closed trace. Names are stable (stored). */
export const signalNames = [
  'context_pressure',
  'token_spike',
  'resubmission',
  'tool_retry',
  'tool_error',
  'guardrail',
  'error',
  'truncation',
  'latency_outlier',
  'empty_output',
  'user_feedback',
  'invented_citation',
] as const;

export type SignalName = (typeof signalNames)[number];

/** One signal on one trace: how strong (0..1) and a sentence a reviewer understands. */
export interface Signal {
  name: SignalName;
  strength: number;
  explanation: string;
  /** Machine-readable facts behind the sentence (token counts, limits, z-scores, ...). */
  evidence?: Record<string, string | number | boolean | null>;
}

/**
 * A robust baseline of one metric for one (route, prompt version, model) group over a trailing
 * window: median and MAD (median absolute deviation) of the values, and how many values.
 */
export interface RobustBaseline {
  median: number;
  mad: number;
  n: number;
  /**
   * Mean absolute deviation from the median. Optional: used only when MAD is 0 (more than half
   * the values equal the median), as the fallback scale (× 1.2533) of the robust z-score.
   */
  meanAbsDeviation?: number;
}

/** Which group a baseline describes, for the explanation ("route 'answer' / prompt v7 / gpt-4o"). */
export interface BaselineGroup {
  route: string | null;
  promptVersion: string | null;
  model: string | null;
}

/** One span of the trace as the signal computation sees it: the rollup columns plus raw facts. */
export type SignalSpan = RollupSpan & {
  /** The span's normalized content; `retrievedDocuments` as stored (jsonb, read defensively). */
  content: RollupSpan['content'] & { retrievedDocuments?: unknown };
  /** Raw span attributes, for configurable predicates and guardrail verdicts. */
  attributes: Record<string, unknown>;
  finishReasons: string[];
  statusMessage: string | null;
  /** The `error_type` column (`error.type` attribute or exception type); absent = unknown. */
  errorType?: string | null;
};

/** The previous request of the same session (or user), for re-submission detection. */
export interface PreviousRequest {
  traceId: string;
  input: string;
  /** Seconds between the previous trace's start and this one's. */
  gapSeconds: number;
  /** Seconds between the previous trace's end (its answer) and this one's start, when known. */
  answerGapSeconds?: number;
  /**
   * Cosine similarity (0..1) of the two requests' embeddings, when an activity computed it from a
   * configured embeddings endpoint; absent = lexical intent match only (the default: no endpoint).
   */
  embeddingSimilarity?: number;
}

/** A configurable attribute predicate (guardrail trips, low confidence, user feedback). */
export interface AttributePredicate {
  attribute: string;
  /** equals: string/number/bool equality; lt / gt: numeric comparison; matches: regex (case-insensitive). */
  op: 'equals' | 'lt' | 'gt' | 'matches' | 'exists';
  value?: string | number | boolean;
  /** The sentence shown to reviewers when it matches. */
  label?: string;
}

/** Per-project signal settings (stored in project settings; defaults in core/signals/settings.ts). */
export interface SignalSettings {
  /** Context window (tokens) by model name; overrides / extends the built-in table. */
  contextLimits: Record<string, number>;
  /**
   * Intent match (0..1, see core/signals/intent-match.ts) over which a request counts as a
   * re-submission of the previous one (default 0.45, tuned on the development pairs).
   */
  resubmissionSimilarity: number;
  /** Longest gap (seconds) between two requests for the second to count as a re-submission. */
  resubmissionGapSeconds: number;
  /** Robust z-score ((x - median) / (1.4826·MAD)) over which tokens or latency are an outlier. */
  outlierZ: number;
  /** Fewer baseline values than this: no spike/outlier signal (and the explanation says so). */
  minBaseline: number;
  guardrailPredicates: AttributePredicate[];
  feedbackPredicates: AttributePredicate[];
  /** Whether answers are checked for citations of documents the trace did not retrieve (default true). */
  inventedCitation: boolean;
  /**
   * Whether cited names (quoted titles, `(source: …)`, bracketed ids) are checked too, not only
   * numbered citations (default true). Turn off where answers quote titles the retriever never sees.
   */
  inventedCitationNames: boolean;
}

/** Everything the signal computation needs about one trace: pure data, no I/O. */
export interface SignalInput {
  rollup: TraceRollup;
  spans: SignalSpan[];
  /** Baselines of the trace's (route, prompt version, model) group; null when unknown. */
  baselines: {
    totalTokens: RobustBaseline | null;
    outputTokens: RobustBaseline | null;
    latencyMs: RobustBaseline | null;
    /** The group the baselines were computed for; when absent, read from the rollup. */
    group?: BaselineGroup;
  };
  previous: PreviousRequest | null;
  /** Explicit feedback received through the API for this trace (score 0..1, comment). */
  feedback: { score: number; comment: string | null }[];
  settings: SignalSettings;
}

/** Signals plus notes: why a signal could not be computed (unknown model, too few baseline values, ...). */
export interface SignalsWithNotes {
  signals: Signal[];
  notes: string[];
}
