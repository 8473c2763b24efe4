import type { TraceRollup } from '../core/rollup.js';
import { anomalyScore, fingerprint } from '../core/signals/anomaly-score.js';
import { computeSignalsWithNotes } from '../core/signals/compute-signals.js';
import { robustBaseline } from '../core/signals/robust.js';
import type { BaselineGroup, PreviousRequest, SignalSpan } from '../core/signals/types.js';
import type { ClosedTrace, TraceKey } from '../db/trace-rollups.js';
import { baselineValues, feedbackFor, type Predecessor, previousRequests } from '../db/trace-signals.js';
import type { ActivityDeps } from './deps.js';

interface Rolled {
  key: TraceKey;
  spans: SignalSpan[];
  rollup: TraceRollup;
}

/** The group token and latency baselines are kept for: the agent (or root span) name, prompt version, model. */
const groupOf = (r: TraceRollup): BaselineGroup => ({
  route: r.tags.agent ?? r.rootSpanName,
  promptVersion: r.promptVersion,
  model: r.modelVersion ?? r.models[0] ?? null,
});

const toPrevious = (p: Predecessor | undefined, startTime: string | null): PreviousRequest | null =>
  p?.input && startTime
    ? { traceId: p.traceId, input: p.input, gapSeconds: (Date.parse(startTime) - Date.parse(p.startTime)) / 1000 }
    : null;

/**
 * Computes the anomaly signals of freshly rolled-up traces. Each lookup is bounded and done
 * once per batch (baselines once per group; predecessors in one query, falling back to earlier
 * traces of the same batch, which are not saved yet).
 */
export const signalTraces = async (deps: ActivityDeps, batch: Rolled[]): Promise<ClosedTrace[]> => {
  const out: ClosedTrace[] = [];
  const byProject = new Map<string, Rolled[]>();
  for (const b of batch) byProject.set(b.key.projectId, [...(byProject.get(b.key.projectId) ?? []), b]);
  for (const [projectId, items] of byProject) {
    const settings = (await deps.settingsOf(projectId)).signals;
    const dated = items.filter((i) => i.rollup.startTime);
    const earliest = dated.map((i) => i.rollup.startTime!).sort()[0];
    const baselines = new Map<string, Awaited<ReturnType<typeof baselineValues>>>();
    const predecessors = await previousRequests(
      deps.pool,
      projectId,
      dated.map((i) => ({
        traceId: i.key.traceId,
        sessionId: i.rollup.sessionId,
        userId: i.rollup.userId,
        startTime: i.rollup.startTime!,
      })),
    );
    const feedback = await feedbackFor(
      deps.pool,
      items.map((i) => i.key),
    );
    const sameBatch = [...dated].sort((a, b) => a.rollup.startTime!.localeCompare(b.rollup.startTime!));
    for (const item of items) {
      const group = groupOf(item.rollup);
      const groupKey = JSON.stringify(group);
      if (!baselines.has(groupKey) && earliest) {
        baselines.set(groupKey, await baselineValues(deps.pool, projectId, group, earliest));
      }
      const values = baselines.get(groupKey);
      const r = item.rollup;
      const earlierInBatch = sameBatch
        .filter(
          (o) =>
            o !== item &&
            r.startTime &&
            o.rollup.startTime! < r.startTime &&
            (r.sessionId ? o.rollup.sessionId === r.sessionId : r.userId && o.rollup.userId === r.userId),
        )
        .at(-1);
      const stored = predecessors.get(item.key.traceId);
      const previous =
        earlierInBatch && (!stored || earlierInBatch.rollup.startTime! > stored.startTime)
          ? {
              traceId: earlierInBatch.key.traceId,
              input: earlierInBatch.rollup.input,
              startTime: earlierInBatch.rollup.startTime!,
            }
          : stored;
      const { signals, notes } = computeSignalsWithNotes({
        rollup: r,
        spans: item.spans,
        baselines: {
          totalTokens: values ? robustBaseline(values.totalTokens) : null,
          outputTokens: values ? robustBaseline(values.outputTokens) : null,
          latencyMs: values ? robustBaseline(values.latencyMs) : null,
          group,
        },
        previous: toPrevious(previous, r.startTime),
        feedback: feedback.get(`${projectId}/${item.key.traceId}`) ?? [],
        settings,
      });
      out.push({
        key: item.key,
        rollup: r,
        signals,
        notes,
        anomalyScore: anomalyScore(signals),
        route: group.route,
        fingerprint: fingerprint(r, signals),
      });
    }
  }
  return out;
};
