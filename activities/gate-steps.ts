import { type CandidateContext, evalItemFromOutput } from '../core/evaluators/eval-item.js';
import { type EvalItem, verdictOf } from '../core/evaluators/types.js';
import type { GateEvaluator, GateItem } from '../core/gate/types.js';
import { loadEvalItems, loadFrozenLabels } from '../db/calibration-data.js';
import { saveEvaluationResults } from '../db/evaluation-results.js';
import { findEvaluatorVersion, latestEvaluatorVersions } from '../db/evaluators.js';
import { ensureGateRun, lastPassingRelease, loadGateOutputs, saveGateDecision } from '../db/gate-runs.js';
import type { ActivityDeps } from './deps.js';
import { evaluatorRuntime } from './evaluate.js';

export interface GateInput {
  gateId: string;
  projectId: string;
  release: string;
  /** Default: the last release whose gate passed. */
  baseline?: string | null;
  /** Outputs were uploaded for this dataset version's inputs (else: traces tagged with the release). */
  datasetVersionId?: string | null;
}

const MAX_ITEMS = 5_000;

/** The pairing key of a trace: its normalized user input (the same question asked of both releases). */
const inputKey = (item: EvalItem) => item.input.toLowerCase().replace(/\s+/g, ' ').trim() || item.traceId;

const releaseItems = async (deps: ActivityDeps, projectId: string, release: string) => {
  const { rows } = await deps.pool.query<{ trace_id: string }>(
    `select trace_id from traces where project_id = $1 and release = $2 and status = 'closed' order by start_time limit $3`,
    [projectId, release, MAX_ITEMS],
  );
  const items = await loadEvalItems(
    deps.pool,
    projectId,
    rows.map((r) => r.trace_id),
  );
  return [...items.values()].map((item) => ({ key: inputKey(item), item }));
};

/**
 * The items a side of the gate is judged on, each with its pairing key. A question asked several
 * times pairs occurrence by occurrence (the k-th time in one release with the k-th in the other),
 * so repeated traffic is compared in full rather than once per question.
 */
const sideItems = async (
  deps: ActivityDeps,
  input: GateInput,
  side: 'candidate' | 'baseline',
  baseline: string | null,
) => {
  let keyed: { key: string; item: EvalItem }[] = [];
  if (input.datasetVersionId) {
    if (side === 'candidate') {
      const outputs = await loadGateOutputs(deps.pool, input.gateId);
      // An output answers its dataset input in that input's context (documents, tools, instructions)
      // unless the upload says otherwise: without it, every citation or tool check would fail the
      // candidate while the baseline, judged on its traces, keeps its context.
      const traces = await loadEvalItems(
        deps.pool,
        input.projectId,
        outputs.map((o) => o.item_key),
      );
      keyed = outputs.map((o) => {
        const trace = traces.get(o.item_key);
        const inherited: CandidateContext = trace
          ? {
              systemInstructions: trace.systemInstructions,
              toolDefinitions: trace.toolDefinitions,
              toolCalls: trace.toolCalls,
              retrievedDocuments: trace.retrievedDocuments,
            }
          : {};
        return {
          key: o.item_key,
          item: evalItemFromOutput({
            traceId: o.item_key,
            input: o.input,
            output: o.output,
            context: { ...inherited, ...((o.context ?? {}) as CandidateContext) },
          }),
        };
      });
    } else {
      const labels = await loadFrozenLabels(deps.pool, input.projectId, input.datasetVersionId);
      const items = await loadEvalItems(
        deps.pool,
        input.projectId,
        labels.map((l) => l.traceId),
      );
      keyed = [...items.values()].map((item) => ({ key: item.traceId, item }));
    }
  } else {
    const release = side === 'candidate' ? input.release : baseline;
    keyed = release ? await releaseItems(deps, input.projectId, release) : [];
  }
  const seen = new Map<string, number>();
  return keyed.map((k) => {
    const n = (seen.get(k.key) ?? 0) + 1;
    seen.set(k.key, n);
    return n === 1 ? k : { key: `${k.key}#${n}`, item: k.item };
  });
};

/** The steps of the release gate workflow. */
export const createGateSteps = (deps: ActivityDeps) => ({
  /** Records the gate, resolves its baseline, and lists the evaluators that gate (or signal). */
  prepareGate: async (input: GateInput) => {
    const baseline =
      input.baseline ??
      (input.datasetVersionId ? null : await lastPassingRelease(deps.pool, input.projectId, input.release));
    await ensureGateRun(deps.pool, {
      id: input.gateId,
      projectId: input.projectId,
      release: input.release,
      baseline,
      source: input.datasetVersionId ? 'upload' : 'traces',
      datasetVersionId: input.datasetVersionId ?? null,
    });
    const versions = (await latestEvaluatorVersions(deps.pool, input.projectId)).filter(
      (v) => v.status === 'gate' || v.status === 'signal',
    );
    const evaluators: GateEvaluator[] = versions.map((v) => ({
      id: v.id,
      name: v.name,
      failureMode: v.failureMode,
      status: v.status as 'gate' | 'signal',
      version: v.version,
      mcc: (v.metrics.mcc as number | null) ?? null,
      ...(typeof v.metrics.tpr === 'number' ? { tpr: v.metrics.tpr } : {}),
      ...(typeof v.metrics.tnr === 'number' ? { tnr: v.metrics.tnr } : {}),
    }));
    return { baseline, evaluators };
  },

  /** Runs every gating evaluator on one side's items; stores the results; returns verdicts per evaluator. */
  collectGateVerdicts: async (
    input: GateInput & { side: 'candidate' | 'baseline'; baseline: string | null; evaluatorIds: string[] },
  ) => {
    const items = await sideItems(deps, input, input.side, input.baseline);
    const { evaluate } = evaluatorRuntime(deps);
    const verdicts: Record<string, GateItem[]> = {};
    for (const id of input.evaluatorIds) {
      const version = await findEvaluatorVersion(deps.pool, input.projectId, id);
      if (!version) continue;
      const results = await Promise.all(
        items.map(async ({ key, item }) => {
          try {
            const e = await evaluate(version.config, item);
            return {
              key,
              traceId: item.traceId,
              score: e.score,
              verdict: verdictOf(e.score, version.threshold),
              e,
              error: null,
            };
          } catch (err) {
            return { key, traceId: item.traceId, score: null, verdict: null, e: null, error: (err as Error).message };
          }
        }),
      );
      await saveEvaluationResults(
        deps.pool,
        input.projectId,
        id,
        `${input.gateId}:${input.side}`,
        results.map((r) => ({
          traceId: r.traceId,
          score: r.score,
          verdict: r.verdict,
          explanation: r.e?.explanation ?? null,
          cost: r.e?.cost ?? null,
          error: r.error,
        })),
      );
      verdicts[id] = results.flatMap((r) =>
        r.verdict ? [{ key: r.key, traceId: r.traceId, verdict: r.verdict }] : [],
      );
    }
    return { n: items.length, verdicts };
  },

  /** Stores the decision (or the error) of a gate. */
  saveGateResult: (input: {
    gateId: string;
    status: string;
    baseline: string | null;
    result: unknown;
    markdown: string | null;
    error?: string | null;
  }) =>
    saveGateDecision(deps.pool, input.gateId, { ...input, error: input.error ?? null }).then(() => ({ saved: true })),
});
