import type { CalibrationOptions, CalibrationResult, LabeledItem } from '../calibration/calibrate.js';
import { calibrateSelection } from '../calibration/select.js';
import { candidateSpecs, type FailureModeInfo, type GenerationDeps } from './candidates.js';

type Family = 'deterministic' | 'judge';

export interface ModeGeneration {
  mode: string;
  nFail: number;
  nPass: number;
  /** Every candidate's own cross-validated figures, in the order tried (before selection; optimistic for a winner). */
  candidates: CalibrationResult[];
  /**
   * Per family, the candidate the procedure picks, with selection-aware (nested) figures and the
   * band they earn; null when the family had no buildable, measurable candidate.
   */
  selected: Record<Family, CalibrationResult | null>;
  /** The selected evaluators that earned gate or signal: what gets published. */
  survivors: Record<Family, CalibrationResult | null>;
  /** Why nothing was generated (too few labels), else null. */
  skipped: string | null;
}

/** Default minimum labels per class before a failure mode gets evaluators. */
export const MIN_LABELS_PER_CLASS = 10;

/**
 * Generates candidate evaluators for one failure mode from its labeled traces, chooses per family
 * (cheap deterministic kinds; LLM judges) by nested cross-validation, and keeps the choices whose
 * selection-aware agreement earns gate or signal.
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
  const none = { deterministic: null, judge: null };
  if (nFail < min || nPass < min) {
    return {
      mode: mode.key,
      nFail,
      nPass,
      candidates: [],
      selected: none,
      survivors: none,
      skipped: `needs at least ${min} failing and ${min} passing labels (has ${nFail} and ${nPass})`,
    };
  }
  const specs = candidateSpecs(mode, labeled, deps);
  const candidates: CalibrationResult[] = [];
  const selected: Record<Family, CalibrationResult | null> = { deterministic: null, judge: null };
  for (const family of ['deterministic', 'judge'] as const) {
    const own = specs.filter((s) => s.family === family);
    if (own.length === 0) continue;
    const result = await calibrateSelection(own, labeled, {
      ...options,
      seed: `${options.seed}:${mode.key}:${family}`,
    });
    candidates.push(...result.candidates);
    selected[family] = result.selected;
  }
  const survive = (r: CalibrationResult | null) => (r?.config && r.band !== 'revise' ? r : null);
  return {
    mode: mode.key,
    nFail,
    nPass,
    candidates,
    selected,
    survivors: { deterministic: survive(selected.deterministic), judge: survive(selected.judge) },
    skipped: null,
  };
};
