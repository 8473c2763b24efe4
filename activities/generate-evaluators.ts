import type { CalibrationResult, LabeledItem } from '../core/calibration/calibrate.js';
import { humanVerdicts } from '../core/calibration/human-verdicts.js';
import { failingModes } from '../core/calibration/label-coverage.js';
import { verdictOf } from '../core/evaluators/types.js';
import { compareEvaluatorVersions } from '../core/gate/evaluator-update.js';
import type { GenerationDeps } from '../core/generation/candidates.js';
import { generateForMode } from '../core/generation/generate.js';
import type { Verdict } from '../core/stats/confusion.js';
import { loadEvalItems, loadFrozenLabels } from '../db/calibration-data.js';
import { type EvaluatorVersionView, latestEvaluatorVersions, publishEvaluatorVersion } from '../db/evaluators.js';
import { listFailureModes } from '../db/failure-modes.js';
import type { ActivityDeps } from './deps.js';
import { evaluatorRuntime } from './evaluate.js';
import { createProposeWithLlm } from './llm-proposals.js';

export interface GenerateInput {
  projectId: string;
  datasetVersionId: string;
  /** Only these failure modes (default: every active mode with labels). */
  failureModes?: string[];
  /** Idempotency: a retried run with the same key publishes nothing twice. Default: the dataset version. */
  runKey?: string;
}

/** The numbers an evaluator version carries from its calibration. */
export const metricsOf = (r: CalibrationResult) => ({
  mcc: r.agreement.mcc,
  mccCI: r.agreement.mccCI,
  confusion: r.agreement.confusion,
  tpr: r.agreement.tpr,
  tnr: r.agreement.tnr,
  accuracy: r.agreement.accuracy,
  nFail: r.agreement.nFail,
  nPass: r.agreement.nPass,
  undefinedReason: r.agreement.undefinedReason,
  flipRate: r.flipRate,
  band: r.band,
  reason: r.reason,
  folds: r.protocol.folds,
  samples: r.protocol.samples,
});

const summarize = (r: CalibrationResult) => ({
  name: r.name,
  kind: r.kind,
  mcc: r.agreement.mcc,
  mccCI: r.agreement.mccCI,
  band: r.band,
  reason: r.reason,
  flipRate: r.flipRate,
  disagreements: r.disagreements.length,
});

/**
 * Gating an evaluator update: the version that gates today, re-run on the same labels, against the
 * proposed version's out-of-fold verdicts (paired). A clearly worse proposal may not replace it.
 */
const compareWithGating = async (
  deps: ActivityDeps,
  current: EvaluatorVersionView,
  proposed: CalibrationResult,
  labeled: LabeledItem[],
) => {
  const { evaluate } = evaluatorRuntime(deps);
  const byTrace = new Map(proposed.predictions.map((p) => [p.traceId, p.verdict]));
  const humans: Verdict[] = [];
  const currentVerdicts: Verdict[] = [];
  const proposedVerdicts: Verdict[] = [];
  for (const { item, human } of labeled) {
    const next = byTrace.get(item.traceId);
    if (!next) continue;
    try {
      currentVerdicts.push(verdictOf((await evaluate(current.config, item)).score, current.threshold));
    } catch {
      continue;
    }
    humans.push(human.verdict);
    proposedVerdicts.push(next);
  }
  return compareEvaluatorVersions({ humans, current: currentVerdicts, proposed: proposedVerdicts, seed: current.id });
};

/** The generator's judge and LLM hooks, built from the configured LLM (none without one). */
export const generationDeps = (deps: ActivityDeps): GenerationDeps => {
  if (!deps.llm) return { judge: null, judgeModel: null, proposeWithLlm: null };
  const { evaluate } = evaluatorRuntime(deps);
  return {
    judge: async (config, item, sample) => {
      try {
        return await evaluate(config, item, sample);
      } catch (err) {
        deps.log(`judge call failed during calibration: ${(err as Error).message}`);
        return null;
      }
    },
    judgeModel: { model: deps.config.LLM_MODEL, provider: deps.config.LLM_BASE_URL ?? 'openai' },
    proposeWithLlm: createProposeWithLlm(deps.llm, deps.config.LLM_MODEL),
  };
};

/**
 * Generates candidate evaluators for every failure mode with enough labels in a frozen dataset
 * version, calibrates each by the same protocol, and publishes the survivors (each mode's best
 * deterministic evaluator and best judge) as new evaluator versions with their reports.
 */
export const createGenerateEvaluatorsActivity = (deps: ActivityDeps) => async (input: GenerateInput) => {
  const labels = await loadFrozenLabels(deps.pool, input.projectId, input.datasetVersionId);
  const items = await loadEvalItems(
    deps.pool,
    input.projectId,
    labels.map((l) => l.traceId),
  );
  const failing = failingModes(labels);
  const modes = (await listFailureModes(deps.pool, input.projectId)).filter(
    (m) => m.status === 'active' && (input.failureModes ? input.failureModes.includes(m.key) : failing.includes(m.key)),
  );
  const existing = await latestEvaluatorVersions(deps.pool, input.projectId);
  const gen = generationDeps(deps);
  const runKey = input.runKey ?? input.datasetVersionId;
  const report = [];
  for (const mode of modes) {
    const labeled: LabeledItem[] = humanVerdicts(labels, mode.key).flatMap((human) => {
      const item = items.get(human.traceId);
      return item ? [{ item, human }] : [];
    });
    const result = await generateForMode(mode, labeled, gen, { seed: runKey });
    const published = [];
    for (const survivor of [result.survivors.deterministic, result.survivors.judge]) {
      if (!survivor?.config) continue;
      const parent = existing.find((v) => v.failureMode === mode.key && v.name === survivor.name);
      const update = parent?.status === 'gate' ? await compareWithGating(deps, parent, survivor, labeled) : null;
      const version = await publishEvaluatorVersion(deps.pool, {
        projectId: input.projectId,
        failureModeKey: mode.key,
        name: survivor.name,
        config: survivor.config,
        threshold: survivor.threshold,
        calibrationDatasetVersionId: input.datasetVersionId,
        metrics: metricsOf(survivor),
        status: update?.decision === 'refuse' && survivor.band === 'gate' ? 'signal' : survivor.band,
        statusReason:
          update?.decision === 'refuse'
            ? `${survivor.reason}; kept from gating: ${update.reason} (v${parent!.version} keeps gating)`
            : survivor.reason,
        parentVersionId: parent?.id ?? null,
        createdBy: 'generator',
        report: { ...survivor, config: undefined },
        sourceKey: `${runKey}:${mode.key}:${survivor.name}`,
      });
      published.push({ id: version.id, name: version.name, version: version.version, status: version.status });
    }
    report.push({
      failureMode: mode.key,
      nFail: result.nFail,
      nPass: result.nPass,
      skipped: result.skipped,
      candidates: result.results.map(summarize),
      published,
    });
  }
  return { datasetVersionId: input.datasetVersionId, failureModes: report };
};
