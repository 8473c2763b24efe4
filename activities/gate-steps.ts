import { type CandidateContext, evalItemFromOutput } from '../core/evaluators/eval-item.js';
import { type EvalItem, verdictOf } from '../core/evaluators/types.js';
import { decideEvaluator, resolvePolicy } from '../core/gate/decide.js';
import { evidenceFingerprint, summarizeEvidence } from '../core/gate/evidence.js';
import { decideGate } from '../core/gate/gate.js';
import { renderMarkdown } from '../core/gate/report.js';
import type { GateEvaluator, GatePolicy } from '../core/gate/types.js';
import { loadEvalItems, loadFrozenLabels } from '../db/calibration-data.js';
import { saveEvaluationResults } from '../db/evaluation-results.js';
import { type EvaluatorVersionView, findEvaluatorVersion } from '../db/evaluators.js';
import { gateEvaluatorVersions, loadGateEvidence, releaseTraceStamps } from '../db/gate-evidence.js';
import {
  ensureGateRun,
  lastPassingRelease,
  loadGateItems,
  loadGateOutputs,
  loadGateVerdicts,
  saveGateDecision,
  saveGateEvidence,
  saveGateItems,
} from '../db/gate-runs.js';
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
  policy?: Partial<GatePolicy>;
}

type Side = 'candidate' | 'baseline';

/** The pairing key of a trace: its normalized user input (the same question asked of both releases). */
const inputKey = (item: EvalItem) => item.input.toLowerCase().replace(/\s+/g, ' ').trim() || item.traceId;

/**
 * A question asked several times pairs occurrence by occurrence (the k-th time in one release with
 * the k-th in the other), so repeated traffic is compared in full rather than once per question.
 */
const numberRepeats = (keyed: { key: string; traceId: string }[]) => {
  const seen = new Map<string, number>();
  return keyed.map((k) => {
    const n = (seen.get(k.key) ?? 0) + 1;
    seen.set(k.key, n);
    return n === 1 ? k : { ...k, key: `${k.key}#${n}` };
  });
};

/** A release's traces (in the evidence's order), keyed by their input. */
const releaseKeys = async (deps: ActivityDeps, projectId: string, release: string) => {
  const ids = (await releaseTraceStamps(deps.pool, projectId, release)).map((t) => t.traceId);
  const items = await loadEvalItems(deps.pool, projectId, ids);
  return numberRepeats(ids.flatMap((id) => (items.has(id) ? [{ key: inputKey(items.get(id)!), traceId: id }] : [])));
};

/** The items a side of the gate is judged on, each with its pairing key. */
const sideKeys = async (deps: ActivityDeps, input: GateInput, side: Side, baseline: string | null) => {
  if (input.datasetVersionId) {
    if (side === 'candidate') {
      return (await loadGateOutputs(deps.pool, input.gateId)).map((o) => ({ key: o.item_key, traceId: o.item_key }));
    }
    const labels = await loadFrozenLabels(deps.pool, input.projectId, input.datasetVersionId);
    return [...new Set(labels.map((l) => l.traceId as string))].map((traceId) => ({ key: traceId, traceId }));
  }
  const release = side === 'candidate' ? input.release : baseline;
  return release ? releaseKeys(deps, input.projectId, release) : [];
};

/**
 * Uploaded outputs as evaluation items. An output answers its dataset input in that input's
 * context (documents, tools, instructions) unless the upload says otherwise: without it, every
 * citation or tool check would fail the candidate while the baseline, judged on its traces, keeps
 * its context.
 */
const uploadedItems = async (deps: ActivityDeps, input: GateInput) => {
  const outputs = await loadGateOutputs(deps.pool, input.gateId);
  const traces = await loadEvalItems(
    deps.pool,
    input.projectId,
    outputs.map((o) => o.item_key),
  );
  return outputs.map((o) => {
    const trace = traces.get(o.item_key);
    const inherited: CandidateContext = trace
      ? {
          systemInstructions: trace.systemInstructions,
          toolDefinitions: trace.toolDefinitions,
          toolCalls: trace.toolCalls,
          retrievedDocuments: trace.retrievedDocuments,
        }
      : {};
    return evalItemFromOutput({
      traceId: o.item_key,
      input: o.input,
      output: o.output,
      context: { ...inherited, ...((o.context ?? {}) as CandidateContext) },
    });
  });
};

const gateEvaluatorOf = (v: EvaluatorVersionView): GateEvaluator => ({
  id: v.id,
  name: v.name,
  failureMode: v.failureMode,
  status: v.status === 'gate' ? 'gate' : 'signal',
  version: v.version,
  mcc: (v.metrics.mcc as number | null) ?? null,
  ...(typeof v.metrics.tpr === 'number' ? { tpr: v.metrics.tpr } : {}),
  ...(typeof v.metrics.tnr === 'number' ? { tnr: v.metrics.tnr } : {}),
});

/** The steps of the release gate workflow. Inputs and results are ids and counts; items and verdicts stay in Postgres. */
export const createGateSteps = (deps: ActivityDeps) => ({
  /**
   * Records the gate, resolves its baseline, fixes the items each side is judged on (gate_items)
   * and records the fingerprint of that evidence; returns the evaluators to run and the counts.
   */
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
    const [candidate, base] = await Promise.all([
      sideKeys(deps, input, 'candidate', baseline),
      sideKeys(deps, input, 'baseline', baseline),
    ]);
    await saveGateItems(deps.pool, input.gateId, 'candidate', candidate);
    await saveGateItems(deps.pool, input.gateId, 'baseline', base);
    const outputs = input.datasetVersionId
      ? (await loadGateOutputs(deps.pool, input.gateId)).map((o) => ({
          item: o.item_key,
          output: o.output,
          context: o.context,
        }))
      : undefined;
    const evidence = await loadGateEvidence(deps.pool, {
      projectId: input.projectId,
      release: input.release,
      baseline,
      datasetVersionId: input.datasetVersionId ?? null,
      ...(outputs ? { outputs } : {}),
      policy: resolvePolicy(input.policy),
    });
    await saveGateEvidence(deps.pool, input.gateId, evidenceFingerprint(evidence), summarizeEvidence(evidence));
    const evaluators = await gateEvaluatorVersions(deps.pool, input.projectId);
    return {
      baseline,
      evaluatorIds: evaluators.map((v) => v.id),
      candidateItems: candidate.length,
      baselineItems: base.length,
    };
  },

  /** Runs every gating evaluator on one side's items and stores the results; returns counts. */
  collectGateVerdicts: async (input: GateInput & { side: Side; evaluatorIds: string[] }) => {
    const items: EvalItem[] =
      input.datasetVersionId && input.side === 'candidate'
        ? await uploadedItems(deps, input)
        : await (async () => {
            const ids = (await loadGateItems(deps.pool, input.gateId, input.side)).map((i) => i.traceId);
            const loaded = await loadEvalItems(deps.pool, input.projectId, ids);
            return ids.flatMap((id) => (loaded.has(id) ? [loaded.get(id)!] : []));
          })();
    const { evaluate } = evaluatorRuntime(deps);
    const judged: Record<string, number> = {};
    for (const id of input.evaluatorIds) {
      const version = await findEvaluatorVersion(deps.pool, input.projectId, id);
      if (!version) continue;
      const results = await Promise.all(
        items.map(async (item) => {
          try {
            const e = await evaluate(version.config, item);
            return {
              traceId: item.traceId,
              score: e.score,
              verdict: verdictOf(e.score, version.threshold),
              e,
              error: null,
            };
          } catch (err) {
            return { traceId: item.traceId, score: null, verdict: null, e: null, error: (err as Error).message };
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
      judged[id] = results.filter((r) => r.verdict !== null).length;
    }
    return { n: items.length, judged };
  },

  /**
   * Decides the gate from the stored verdicts (core/gate), stores the result and its Markdown
   * report, and returns the verdict with counts.
   */
  decideGateRun: async (input: {
    gateId: string;
    projectId: string;
    release: string;
    baseline: string | null;
    datasetVersionId: string | null;
    evaluatorIds: string[];
    candidateItems: number;
    policy?: Partial<GatePolicy>;
    publicUrl: string;
  }) => {
    const decisions = [];
    for (const id of input.evaluatorIds) {
      const version = await findEvaluatorVersion(deps.pool, input.projectId, id);
      if (!version) continue;
      const [candidate, baseline] = await Promise.all([
        loadGateVerdicts(deps.pool, input.gateId, 'candidate', id),
        loadGateVerdicts(deps.pool, input.gateId, 'baseline', id),
      ]);
      decisions.push(
        decideEvaluator({
          evaluator: gateEvaluatorOf(version),
          candidate,
          baseline,
          policy: input.policy,
          context: {
            release: input.release,
            baseline: input.baseline,
            source: input.datasetVersionId ? 'upload' : 'traces',
            candidateItems: input.candidateItems,
          },
        }),
      );
    }
    const result = decideGate(decisions, {
      release: input.release,
      baseline: input.baseline ?? (input.datasetVersionId ? 'dataset outputs' : null),
    });
    const markdown = renderMarkdown(result, { baseUrl: input.publicUrl, gateId: input.gateId });
    await saveGateDecision(deps.pool, input.gateId, {
      status: result.verdict,
      baseline: input.baseline,
      result,
      markdown,
      error: null,
    });
    return { verdict: result.verdict, evaluators: decisions.length, candidateItems: input.candidateItems };
  },

  /** Stores the error of a gate that could not decide. */
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
