import type { CandidateSpec, LabeledItem } from '../core/calibration/calibrate.js';
import { calibrateCandidate } from '../core/calibration/calibrate.js';
import { humanVerdicts } from '../core/calibration/human-verdicts.js';
import { AppError } from '../core/errors.js';
import { compileRule, isRuleConfig } from '../core/evaluators/rules.js';
import type { EvaluatorConfig } from '../core/evaluators/types.js';
import { loadEvalItems, loadFrozenLabels } from '../db/calibration-data.js';
import { latestEvaluatorVersions, publishEvaluatorVersion } from '../db/evaluators.js';
import { datasetVersionInProject } from '../db/generation-runs.js';
import type { ActivityDeps } from './deps.js';
import { evaluatorRuntime } from './evaluate.js';
import { metricsOf } from './generate-evaluators.js';

export interface CalibrateInput {
  projectId: string;
  failureMode: string;
  name: string;
  config: EvaluatorConfig;
  /** A fixed threshold; omitted: tuned inside the training folds (0.5 for judges). */
  threshold?: number;
  datasetVersionId: string;
  createdBy: string;
  sourceKey?: string;
}

/**
 * Calibrates a hand-written (or hand-edited) evaluator on a frozen dataset version by the same
 * protocol as generated ones, and publishes it as a new version with its measured agreement and
 * the status its band allows.
 */
export const createCalibrateEvaluatorActivity = (deps: ActivityDeps) => async (input: CalibrateInput) => {
  if (isRuleConfig(input.config)) compileRule(input.config); // invalid configs fail here, with the field named
  const { evaluate, hasLlm } = evaluatorRuntime(deps);
  if (input.config.kind === 'judge' && !hasLlm) {
    throw new AppError('bad_request', 'config: an LLM judge needs an LLM (set LLM_BASE_URL)', { field: 'config' });
  }
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
  const labeled: LabeledItem[] = humanVerdicts(labels, input.failureMode).flatMap((human) => {
    const item = items.get(human.traceId);
    return item ? [{ item, human }] : [];
  });
  const config = input.config;
  const spec: CandidateSpec = {
    name: input.name,
    kind: config.kind,
    family: config.kind === 'judge' ? 'judge' : 'deterministic',
    tuneThreshold: input.threshold === undefined && config.kind !== 'judge',
    fit: async () => ({
      config,
      score: async (item, samples) => {
        const runs = await Promise.all(Array.from({ length: samples }, (_, s) => evaluate(config, item, s)));
        return { scores: runs.map((r) => r.score), explanation: runs[0]?.explanation ?? null };
      },
    }),
  };
  const bands = (await deps.settingsOf(input.projectId)).calibration;
  const result = await calibrateCandidate(spec, labeled, { seed: input.sourceKey ?? input.datasetVersionId, bands });
  const threshold = input.threshold ?? result.threshold;
  const parent = (await latestEvaluatorVersions(deps.pool, input.projectId, input.failureMode)).find(
    (v) => v.name === input.name,
  );
  return publishEvaluatorVersion(deps.pool, {
    projectId: input.projectId,
    failureModeKey: input.failureMode,
    name: input.name,
    config,
    threshold,
    calibrationDatasetVersionId: input.datasetVersionId,
    metrics: metricsOf(result),
    status: result.band,
    statusReason: result.reason,
    parentVersionId: parent?.id ?? null,
    createdBy: input.createdBy,
    report: { ...result, config: undefined },
    sourceKey: input.sourceKey ?? null,
  });
};
