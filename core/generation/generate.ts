import {
  type CalibrationOptions,
  type CalibrationResult,
  calibrateCandidate,
  type LabeledItem,
  selectSurvivors,
} from '../calibration/calibrate.js';
import { candidateSpecs, type FailureModeInfo, type GenerationDeps } from './candidates.js';

export interface ModeGeneration {
  mode: string;
  nFail: number;
  nPass: number;
  /** Every candidate's calibration, in the order tried. */
  results: CalibrationResult[];
  survivors: { deterministic: CalibrationResult | null; judge: CalibrationResult | null };
  /** Why nothing was generated (too few labels), else null. */
  skipped: string | null;
}

/** Default minimum labels per class before a failure mode gets evaluators. */
export const MIN_LABELS_PER_CLASS = 10;

/**
 * Generates and calibrates every candidate evaluator for one failure mode from its labeled
 * traces, and picks the survivors (see `selectSurvivors`).
 */
export const generateForMode = async (
  mode: FailureModeInfo,
  labeled: LabeledItem[],
  deps: GenerationDeps,
  options: CalibrationOptions & { minPerClass?: number },
): Promise<ModeGeneration> => {
  const nFail = labeled.filter((l) => l.human.verdict === 'fail').length;
  const nPass = labeled.length - nFail;
  const min = options.minPerClass ?? MIN_LABELS_PER_CLASS;
  if (nFail < min || nPass < min) {
    return {
      mode: mode.key,
      nFail,
      nPass,
      results: [],
      survivors: { deterministic: null, judge: null },
      skipped: `needs at least ${min} failing and ${min} passing labels (has ${nFail} and ${nPass})`,
    };
  }
  const results: CalibrationResult[] = [];
  for (const spec of candidateSpecs(mode, labeled, deps)) {
    results.push(await calibrateCandidate(spec, labeled, { ...options, seed: `${options.seed}:${mode.key}` }));
  }
  return { mode: mode.key, nFail, nPass, results, survivors: selectSurvivors(results), skipped: null };
};
