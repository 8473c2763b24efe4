import type { TraceRollup } from '../rollup.js';
import { boundKey, boundOptionalKey, clampCount } from './bounds.js';

/**
 * A rollup whose values fit the `traces` columns and indexes: every value that lands in a
 * btree index (session, user, release, prompt and model versions, the route's agent or root
 * span name) is bounded, and every sum is clamped to `integer`. The spans keep the full values.
 */
export const boundRollup = (r: TraceRollup): TraceRollup => ({
  ...r,
  rootSpanName: boundOptionalKey(r.rootSpanName),
  sessionId: boundOptionalKey(r.sessionId),
  userId: boundOptionalKey(r.userId),
  release: boundOptionalKey(r.release),
  environment: boundOptionalKey(r.environment),
  promptVersion: boundOptionalKey(r.promptVersion),
  modelVersion: boundOptionalKey(r.modelVersion),
  tags: r.tags.agent === undefined ? r.tags : { ...r.tags, agent: boundKey(r.tags.agent) },
  models: r.models.map((m) => boundKey(m)),
  inputTokens: clampCount(r.inputTokens),
  outputTokens: clampCount(r.outputTokens),
  totalTokens: clampCount(r.totalTokens),
  spanCount: clampCount(r.spanCount) ?? 0,
  llmCalls: clampCount(r.llmCalls) ?? 0,
  toolCalls: clampCount(r.toolCalls) ?? 0,
  toolErrors: clampCount(r.toolErrors) ?? 0,
  latencyMs: r.latencyMs !== null && Number.isFinite(r.latencyMs) ? r.latencyMs : null,
});
