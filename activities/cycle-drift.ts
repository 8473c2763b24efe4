import { type FrozenLabel, humanVerdicts } from '../core/calibration/human-verdicts.js';
import { currentLabels, judgedModes } from '../core/calibration/label-coverage.js';
import { verdictOf } from '../core/evaluators/types.js';
import { binaryAgreement } from '../core/stats/agreement.js';
import type { LabeledPrediction, Verdict } from '../core/stats/confusion.js';
import { correctedFailRate, correctedFailRateCI } from '../core/stats/rogan-gladen.js';
import { loadEvalItems } from '../db/calibration-data.js';
import { latestCalibrationReport, latestEvaluatorVersions } from '../db/evaluators.js';
import { FROZEN_LABEL_COLUMNS, type FrozenLabelRow, withCoverage } from '../db/label-coverage.js';
import type { ActivityDeps } from './deps.js';
import { evaluatorRuntime } from './evaluate.js';

/** All-traffic rates are measured on at most this many traces of the window (deterministic evaluators only). */
const MAX_TRAFFIC = 5_000;

const failShare = (labels: FrozenLabel[], mode: string) => {
  const v = humanVerdicts(labels, mode);
  return v.length ? v.filter((x) => x.verdict === 'fail').length / v.length : null;
};

/**
 * Drift seen by one cycle, before its evaluators are regenerated: per failure mode, how the
 * fresh labels compare with the historical label distribution (fail share) and with what the
 * current evaluators predict on the same traces (a large delta: users changed, or the rubric needs
 * revision); and per evaluator, the production fail rate corrected for its known error rates
 * (Rogan–Gladen, with a bootstrap interval) on the cycle's random slice and on all traffic.
 */
export const createCycleDriftActivity =
  (deps: ActivityDeps) => async (input: { projectId: string; cycleId: string }) => {
    const { rows } = await deps.pool.query<FrozenLabelRow & { fresh: boolean | null; sampling: string | null }>(
      `select ${FROZEN_LABEL_COLUMNS}, t.cycle_id = $2 as fresh, t.sampling
     from labels l left join review_tasks t on t.id = l.task_id left join failure_modes m on m.id = l.failure_mode_id
     where l.project_id = $1`,
      [input.projectId, input.cycleId],
    );
    // Corrections replace their labels before the split (a fresh label may correct an old one).
    const labelRows = currentLabels(await withCoverage(deps.pool, input.projectId, rows));
    const fresh: FrozenLabel[] = labelRows.filter((l) => l.fresh);
    const history: FrozenLabel[] = labelRows.filter((l) => !l.fresh);
    const freshRandom: FrozenLabel[] = labelRows.filter((l) => l.fresh && l.sampling === 'random');
    const evaluators = (await latestEvaluatorVersions(deps.pool, input.projectId)).filter(
      (v) => v.status === 'gate' || v.status === 'signal',
    );
    const { evaluate } = evaluatorRuntime(deps);
    const items = await loadEvalItems(deps.pool, input.projectId, [...new Set(fresh.map((l) => l.traceId))]);
    // Every mode the fresh labels judged: a mode that stopped failing is drift too.
    const modes = judgedModes(fresh, []);

    const labelDrift = [];
    for (const mode of modes) {
      const verdicts = humanVerdicts(fresh, mode);
      const evaluatorAgreement = [];
      for (const v of evaluators.filter((e) => e.failureMode === mode)) {
        const humans: Verdict[] = [];
        const predicted: Verdict[] = [];
        for (const h of verdicts) {
          const item = items.get(h.traceId);
          if (!item) continue;
          try {
            predicted.push(verdictOf((await evaluate(v.config, item)).score, v.threshold));
            humans.push(h.verdict);
          } catch {}
        }
        const agreement = binaryAgreement(humans, predicted, { seed: `${input.cycleId}:${v.id}` });
        const calibrated = (v.metrics.mcc as number | null) ?? null;
        evaluatorAgreement.push({
          evaluator: `${v.name} v${v.version}`,
          calibratedMcc: calibrated,
          freshMcc: agreement.mcc,
          delta: agreement.mcc !== null && calibrated !== null ? agreement.mcc - calibrated : null,
          n: agreement.n,
        });
      }
      const before = failShare(history, mode);
      const now = failShare(fresh, mode);
      labelDrift.push({
        failureMode: mode,
        freshLabels: verdicts.length,
        failShare: { history: before, fresh: now, delta: before !== null && now !== null ? now - before : null },
        freshRandomSliceFailShare: failShare(freshRandom, mode),
        evaluatorAgreement,
      });
    }

    const { rows: cycleRows } = await deps.pool.query('select window_start, window_end from cycles where id = $1', [
      input.cycleId,
    ]);
    const randomTraces = [...new Set(freshRandom.map((l) => l.traceId))];
    const { rows: traffic } = await deps.pool.query<{ trace_id: string }>(
      `select trace_id from traces where project_id = $1 and status = 'closed' and start_time >= $2 and start_time < $3
     order by trace_id limit $4`,
      [input.projectId, cycleRows[0]?.window_start, cycleRows[0]?.window_end, MAX_TRAFFIC],
    );
    const trafficItems = await loadEvalItems(
      deps.pool,
      input.projectId,
      traffic.map((t) => t.trace_id),
    );
    const randomItems = await loadEvalItems(deps.pool, input.projectId, randomTraces);
    const productionRates = [];
    for (const v of evaluators) {
      const report = await latestCalibrationReport(deps.pool, v.id);
      const pairs: LabeledPrediction[] = (
        (report?.report?.predictions ?? []) as { human: Verdict; verdict: Verdict }[]
      ).map((p) => ({ human: p.human, predicted: p.verdict }));
      const rateOn = async (set: Map<string, import('../core/evaluators/types.js').EvalItem>) => {
        let fails = 0;
        let n = 0;
        for (const item of set.values()) {
          try {
            if (verdictOf((await evaluate(v.config, item)).score, v.threshold) === 'fail') fails++;
            n++;
          } catch {}
        }
        if (n === 0) return null;
        const observed = fails / n;
        const tpr = v.metrics.tpr as number | null;
        const tnr = v.metrics.tnr as number | null;
        const corrected = tpr !== null && tnr !== null ? correctedFailRate(observed, tpr, tnr) : null;
        const ci = pairs.length
          ? correctedFailRateCI(observed, pairs, { seed: `${input.cycleId}:${v.id}`, resamples: 1000 })
          : null;
        return {
          n,
          observedFailRate: observed,
          correctedFailRate: corrected,
          ci: ci ? { lower: ci.lower, upper: ci.upper } : null,
        };
      };
      productionRates.push({
        evaluator: `${v.failureMode}/${v.name} v${v.version}`,
        randomSlice: await rateOn(randomItems),
        allTraffic: v.kind === 'judge' ? null : await rateOn(trafficItems),
      });
    }
    return { labelDrift, productionRates };
  };
