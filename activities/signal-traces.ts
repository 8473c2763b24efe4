import type { TraceRollup } from '../core/rollup.js';
import { anomalyScore, fingerprint } from '../core/signals/anomaly-score.js';
import { computeSignalsWithNotes } from '../core/signals/compute-signals.js';
import { robustBaseline } from '../core/signals/robust.js';
import type { BaselineGroup, PreviousRequest, SignalInput, SignalSpan } from '../core/signals/types.js';
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

const toPrevious = (p: Predecessor | undefined, startTime: string | null): PreviousRequest | null => {
  if (!p?.input || !startTime) return null;
  const previous: PreviousRequest = {
    traceId: p.traceId,
    input: p.input,
    gapSeconds: (Date.parse(startTime) - Date.parse(p.startTime)) / 1000,
  };
  const sinceAnswer = p.endTime ? (Date.parse(startTime) - Date.parse(p.endTime)) / 1000 : Number.NaN;
  return Number.isFinite(sinceAnswer) ? { ...previous, answerGapSeconds: Math.max(0, sinceAnswer) } : previous;
};

/**
 * Computes the anomaly signals of freshly rolled-up traces. Each lookup is bounded and done
 * once per batch (baselines once per group; predecessors in one query, falling back to earlier
 * traces of the same batch, which are not saved yet).
 */
export const signalTraces = async (deps: ActivityDeps, batch: Rolled[]): Promise<Omit<ClosedTrace, 'consent'>[]> => {
  const out: Omit<ClosedTrace, 'consent'>[] = [];
  const byProject = new Map<string, Rolled[]>();
  for (const b of batch) byProject.set(b.key.projectId, [...(byProject.get(b.key.projectId) ?? []), b]);
  for (const [projectId, items] of byProject) {
    const settings = (await deps.settingsOf(projectId)).signals;
    const dated = items.filter((i) => i.rollup.startTime);
    const earliest = dated.map((i) => i.rollup.startTime!).sort()[0];
    const baselines = new Map<string, SignalInput['baselines'] | null>();
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
    // Earlier traces of the same session (else user) within this batch, by owner, in start order.
    const ownerOf = (r: TraceRollup) => (r.sessionId ? `s:${r.sessionId}` : r.userId ? `u:${r.userId}` : null);
    const byOwner = new Map<string, Rolled[]>();
    for (const item of [...dated].sort((a, b) => a.rollup.startTime!.localeCompare(b.rollup.startTime!))) {
      const owner = ownerOf(item.rollup);
      if (owner) byOwner.set(owner, [...(byOwner.get(owner) ?? []), item]);
    }
    for (const item of items) {
      const group = groupOf(item.rollup);
      const groupKey = JSON.stringify(group);
      if (!baselines.has(groupKey)) {
        const values = earliest ? await baselineValues(deps.pool, projectId, group, earliest) : null;
        baselines.set(
          groupKey,
          values && {
            totalTokens: robustBaseline(values.totalTokens),
            outputTokens: robustBaseline(values.outputTokens),
            latencyMs: robustBaseline(values.latencyMs),
            group,
          },
        );
      }
      const r = item.rollup;
      const owner = ownerOf(r);
      const earlierInBatch = owner
        ? (byOwner.get(owner) ?? []).filter((o) => o !== item && o.rollup.startTime! < (r.startTime ?? '')).at(-1)
        : undefined;
      const stored = predecessors.get(item.key.traceId);
      const previous =
        earlierInBatch && (!stored || earlierInBatch.rollup.startTime! > stored.startTime)
          ? {
              traceId: earlierInBatch.key.traceId,
              input: earlierInBatch.rollup.input,
              startTime: earlierInBatch.rollup.startTime!,
              endTime: earlierInBatch.rollup.endTime,
            }
          : stored;
      const { signals, notes } = computeSignalsWithNotes({
        rollup: r,
        spans: item.spans,
        baselines: baselines.get(groupKey) ?? { totalTokens: null, outputTokens: null, latencyMs: null, group },
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
