import { humanVerdicts } from '../core/calibration/human-verdicts.js';
import { AppError } from '../core/errors.js';
import { verdictOf } from '../core/evaluators/types.js';
import { binaryAgreement } from '../core/stats/agreement.js';
import type { Verdict } from '../core/stats/confusion.js';
import { agreementBaseline, recordAgreement } from '../db/agreement-history.js';
import { raiseAlert } from '../db/alerts.js';
import { loadEvalItems, loadFrozenLabels } from '../db/calibration-data.js';
import { changeEvaluatorStatus, findEvaluatorVersion } from '../db/evaluators.js';
import type { ActivityDeps } from './deps.js';
import { evaluatorRuntime } from './evaluate.js';

export interface RecalibrateInput {
  projectId: string;
  versionId: string;
  trigger: 'scheduled' | 'model_change' | 'manual';
  /** For judges: re-run with this model instead of the pinned one (the configured model changed). */
  model?: string;
  /** An MCC drop larger than this (from the calibrated value) is drift (default 0.1). */
  tolerance?: number;
  /** The gate band's lower edge (default 0.6): an interval entirely below it is drift too. */
  gateBand?: number;
}

/**
 * Drift watch for one evaluator version: re-runs it on its calibration dataset version (with a
 * new judge model when the configured one changed), stores the agreement in its history, and
 * when agreement dropped beyond the tolerance (or its whole interval fell below the gate band)
 * demotes a gating evaluator to signal and raises an alert.
 */
export const createRecalibrateActivity = (deps: ActivityDeps) => async (input: RecalibrateInput) => {
  const version = await findEvaluatorVersion(deps.pool, input.projectId, input.versionId);
  if (!version) throw new AppError('not_found', `no evaluator version ${input.versionId}`);
  if (!version.calibrationDatasetVersionId) {
    return { versionId: version.id, skipped: 'no calibration dataset version to re-run on' };
  }
  const labels = await loadFrozenLabels(deps.pool, input.projectId, version.calibrationDatasetVersionId);
  const items = await loadEvalItems(
    deps.pool,
    input.projectId,
    labels.map((l) => l.traceId),
  );
  const config =
    version.config.kind === 'judge' && input.model ? { ...version.config, model: input.model } : version.config;
  const { evaluate } = evaluatorRuntime(deps);
  const humans: Verdict[] = [];
  const predicted: Verdict[] = [];
  let errors = 0;
  for (const human of humanVerdicts(labels, version.failureMode)) {
    const item = items.get(human.traceId);
    if (!item) continue;
    try {
      predicted.push(verdictOf((await evaluate(config, item)).score, version.threshold));
      humans.push(human.verdict);
    } catch {
      errors++;
    }
  }
  const agreement = binaryAgreement(humans, predicted, { seed: `recalibrate:${version.id}` });
  const model = config.kind === 'judge' ? config.model : null;
  const before = await agreementBaseline(deps.pool, version.id, (version.metrics.mcc as number | null) ?? null);
  await recordAgreement(deps.pool, {
    versionId: version.id,
    trigger: input.trigger,
    model,
    mcc: agreement.mcc,
    ci: agreement.mccCI,
    n: agreement.n,
    details: { confusion: agreement.confusion, tpr: agreement.tpr, tnr: agreement.tnr, errors },
  });
  const tolerance = input.tolerance ?? 0.1;
  const gateBand = input.gateBand ?? 0.6;
  const dropped = before !== null && (agreement.mcc === null || agreement.mcc < before - tolerance);
  const belowBand = agreement.mccCI !== null && agreement.mccCI.upper < gateBand;
  const drift = dropped || belowBand;
  const fmt = (x: number | null) => (x === null ? 'undefined' : x.toFixed(2));
  const why = `${input.trigger === 'model_change' ? `with model ${model}, ` : ''}agreement ${fmt(agreement.mcc)} (95% CI ${fmt(agreement.mccCI?.lower ?? null)}–${fmt(agreement.mccCI?.upper ?? null)}, n = ${agreement.n}) vs ${fmt(before)} at calibration`;
  let demoted = false;
  if (drift && version.status === 'gate') {
    await changeEvaluatorStatus(deps.pool, input.projectId, version.id, 'signal', `drift: ${why}`, 'drift watch');
    demoted = true;
  }
  if (drift) {
    await raiseAlert(deps, {
      projectId: input.projectId,
      kind: 'evaluator_drift',
      message: `${version.failureMode}/${version.name} v${version.version}: ${why}${demoted ? '; demoted from gate to signal' : ''}`,
      details: {
        versionId: version.id,
        before,
        after: agreement.mcc,
        ci: agreement.mccCI,
        trigger: input.trigger,
        model,
        demoted,
      },
    });
  }
  return { versionId: version.id, mcc: agreement.mcc, ci: agreement.mccCI, before, drift, demoted, errors };
};
