import type { CalibrationResult, LabeledItem } from '../core/calibration/calibrate.js';
import { humanVerdicts } from '../core/calibration/human-verdicts.js';
import { failingModes } from '../core/calibration/label-coverage.js';
import { type PrevalenceReport, prevalenceReport, withSyntheticShare } from '../core/calibration/prevalence.js';
import { AppError } from '../core/errors.js';
import { verdictOf } from '../core/evaluators/types.js';
import { compareEvaluatorVersions } from '../core/gate/evaluator-update.js';
import type { GenerationDeps } from '../core/generation/candidates.js';
import { generateForMode } from '../core/generation/generate.js';
import type { Verdict } from '../core/stats/confusion.js';
import { loadEvalItems, loadFrozenLabels } from '../db/calibration-data.js';
import { type EvaluatorVersionView, latestEvaluatorVersions, publishEvaluatorVersion } from '../db/evaluators.js';
import { listFailureModes } from '../db/failure-modes.js';
import {
  datasetVersionInProject,
  findGenerationRunByKey,
  randomSliceTraceIds,
  recordGenerationRun,
} from '../db/generation-runs.js';
import { syntheticTraceIds } from '../db/synthetic-traces.js';
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
  /** Who asked (recorded on the run). */
  createdBy?: string;
}

/** The numbers an evaluator version carries from its calibration. */
export const metricsOf = (r: CalibrationResult, prevalence?: PrevalenceReport) => ({
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
  moreLabelsPerClass: r.moreLabelsPerClass,
  folds: r.protocol.folds,
  repeats: r.protocol.repeats,
  samples: r.protocol.samples,
  nested: r.protocol.nested,
  candidates: r.protocol.candidates,
  prevalence: prevalence ?? null,
});

/** A candidate's own figures, marked as such (before selection: optimistic for the one that won). */
const summarizeCandidate = (r: CalibrationResult) => ({
  name: r.name,
  kind: r.kind,
  family: r.family,
  estimate: 'own cross-validated score (before selection)' as const,
  buildable: r.config !== null,
  mcc: r.agreement.mcc,
  mccCI: r.agreement.mccCI,
  undefinedReason: r.agreement.undefinedReason,
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

/** The report of one failure mode in a generation run. */
export interface ModeReport {
  failureMode: string;
  nFail: number;
  nPass: number;
  skipped: string | null;
  candidates: ReturnType<typeof summarizeCandidate>[];
  selected: {
    family: 'deterministic' | 'judge';
    name: string;
    kind: string;
    estimate: 'selection-aware (nested cross-validation)' | 'own cross-validated score (no selection)';
    mcc: number | null;
    mccCI: { lower: number; upper: number } | null;
    band: string;
    reason: string;
    moreLabelsPerClass: number | null;
    prevalence: PrevalenceReport;
    published: { id: string; name: string; version: number; status: string } | null;
    notPublished: string | null;
  }[];
  published: { id: string; name: string; version: number; status: string }[];
  /** One sentence: what this mode got, or why it got nothing. */
  outcome: string;
}

const modeOutcome = (r: Omit<ModeReport, 'outcome'>) => {
  if (r.skipped) return `${r.failureMode}: skipped, ${r.skipped}`;
  if (r.published.length) {
    return `${r.failureMode}: published ${r.published.map((p) => `${p.name} v${p.version} (${p.status})`).join(', ')}`;
  }
  if (!r.selected.length) {
    const why = [...new Set(r.candidates.map((c) => c.reason))].join('; ');
    return `${r.failureMode}: nothing published, no candidate could be built or measured (${why})`;
  }
  return `${r.failureMode}: nothing published: ${r.selected.map((s) => `${s.name} ${s.notPublished ?? s.reason}`).join('; ')}`;
};

/**
 * Generates candidate evaluators for every failure mode with enough labels in a frozen dataset
 * version, chooses per family by nested cross-validation, publishes the choices that earn gate or
 * signal as new evaluator versions with their reports, and stores the whole run (every
 * candidate, published or not, with its figures and reason). A retried run (same key) returns
 * the stored record and publishes nothing twice.
 */
export const createGenerateEvaluatorsActivity = (deps: ActivityDeps) => async (input: GenerateInput) => {
  const modesAsked = input.failureModes ? [...new Set(input.failureModes)].sort() : null;
  const runKey = `${input.runKey ?? input.datasetVersionId}:${modesAsked?.join(',') ?? '*'}`;
  const stored = await findGenerationRunByKey(deps.pool, input.projectId, runKey);
  if (stored) return { ...(stored.report as GenerationReport), runId: stored.id, reused: true };

  if (!(await datasetVersionInProject(deps.pool, input.projectId, input.datasetVersionId))) {
    throw new AppError('not_found', `no dataset version ${input.datasetVersionId} in this project`, {
      field: 'datasetVersionId',
    });
  }
  const labels = await loadFrozenLabels(deps.pool, input.projectId, input.datasetVersionId);
  const items = await loadEvalItems(
    deps.pool,
    input.projectId,
    labels.map((l) => l.traceId),
  );
  const randomSlice = await randomSliceTraceIds(deps.pool, input.projectId, input.datasetVersionId);
  const synthetic = await syntheticTraceIds(
    deps.pool,
    input.projectId,
    labels.map((l) => l.traceId),
  );
  const allModes = await listFailureModes(deps.pool, input.projectId);
  for (const key of modesAsked ?? []) {
    if (!allModes.some((m) => m.key === key)) {
      const known = allModes.map((m) => m.key).join(', ') || 'none yet';
      throw new AppError('not_found', `no failure mode "${key}" in this project (known: ${known})`, {
        field: 'failureMode',
      });
    }
  }
  const failing = failingModes(labels);
  const modes = allModes.filter(
    (m) => m.status === 'active' && (modesAsked ? modesAsked.includes(m.key) : failing.includes(m.key)),
  );
  const existing = await latestEvaluatorVersions(deps.pool, input.projectId);
  const settings = await deps.settingsOf(input.projectId);
  const bands = settings.calibration;
  const gen = generationDeps(deps);
  const report: ModeReport[] = [];
  for (const mode of modes) {
    const labeled: LabeledItem[] = humanVerdicts(labels, mode.key).flatMap((human) => {
      const item = items.get(human.traceId);
      return item ? [{ item, human }] : [];
    });
    const sliced = labeled.filter((l) => randomSlice.has(l.item.traceId));
    const slice = sliced.length
      ? { fails: sliced.filter((l) => l.human.verdict === 'fail').length, n: sliced.length }
      : null;
    const result = await generateForMode(mode, labeled, gen, {
      seed: input.runKey ?? input.datasetVersionId,
      bands,
      minPerClass: bands.minPerClass,
    });
    const published: ModeReport['published'] = [];
    const selected: ModeReport['selected'] = [];
    for (const family of ['deterministic', 'judge'] as const) {
      const choice = result.selected[family];
      if (!choice) continue;
      const prevalence = withSyntheticShare(
        prevalenceReport(choice, slice, `${runKey}:${mode.key}:${family}`),
        labeled.filter((l) => synthetic.has(l.item.traceId)).length,
        labeled.length,
      );
      const survivor = result.survivors[family];
      let version: ModeReport['published'][number] | null = null;
      if (survivor?.config) {
        const parent = existing.find((v) => v.failureMode === mode.key && v.name === survivor.name);
        const update = parent?.status === 'gate' ? await compareWithGating(deps, parent, survivor, labeled) : null;
        const stored = await publishEvaluatorVersion(deps.pool, {
          projectId: input.projectId,
          failureModeKey: mode.key,
          name: survivor.name,
          config: survivor.config,
          threshold: survivor.threshold,
          calibrationDatasetVersionId: input.datasetVersionId,
          metrics: metricsOf(survivor, prevalence),
          status: update?.decision === 'refuse' && survivor.band === 'gate' ? 'signal' : survivor.band,
          statusReason:
            update?.decision === 'refuse'
              ? `${survivor.reason}; kept from gating: ${update.reason} (v${parent!.version} keeps gating)`
              : survivor.reason,
          parentVersionId: parent?.id ?? null,
          createdBy: 'generator',
          report: { ...survivor, config: undefined, prevalence },
          sourceKey: `${input.runKey ?? input.datasetVersionId}:${mode.key}:${survivor.name}`,
        });
        version = { id: stored.id, name: stored.name, version: stored.version, status: stored.status };
        published.push(version);
      }
      selected.push({
        family,
        name: choice.name,
        kind: choice.kind,
        estimate: choice.protocol.nested
          ? 'selection-aware (nested cross-validation)'
          : 'own cross-validated score (no selection)',
        mcc: choice.agreement.mcc,
        mccCI: choice.agreement.mccCI,
        band: choice.band,
        reason: choice.reason,
        moreLabelsPerClass: choice.moreLabelsPerClass,
        prevalence,
        published: version,
        notPublished: version ? null : `was not published: ${choice.reason} (status ${choice.band})`,
      });
    }
    const entry = {
      failureMode: mode.key,
      nFail: result.nFail,
      nPass: result.nPass,
      skipped: result.skipped,
      candidates: result.candidates.map(summarizeCandidate),
      selected,
      published,
    };
    report.push({ ...entry, outcome: modeOutcome(entry) });
  }
  const publishedCount = report.reduce((n, r) => n + r.published.length, 0);
  const summary =
    modes.length === 0
      ? 'no active failure mode has labels in this dataset version'
      : publishedCount
        ? `published ${publishedCount} evaluator version${publishedCount === 1 ? '' : 's'}: ${report.map((r) => r.outcome).join('; ')}`
        : `published nothing: ${report.map((r) => r.outcome).join('; ')}`;
  const body: GenerationReport = { datasetVersionId: input.datasetVersionId, summary, failureModes: report };
  const run = await recordGenerationRun(deps.pool, {
    projectId: input.projectId,
    runKey,
    datasetVersionId: input.datasetVersionId,
    failureModes: modesAsked,
    createdBy: input.createdBy ?? 'generator',
    publishedCount,
    summary,
    report: body,
  });
  return { ...body, runId: run.id, reused: false };
};

/** What a generation run returns and stores. */
export interface GenerationReport {
  datasetVersionId: string;
  summary: string;
  failureModes: ModeReport[];
}
