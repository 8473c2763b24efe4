import { crossValidate } from '../stats/crossval.js';
import {
  byScoreThenCost,
  type CalibrationOptions,
  type CalibrationResult,
  type CandidateSpec,
  calibrateCandidate,
  fitWithThreshold,
  innerMcc,
  type LabeledItem,
  predictWith,
  summarizeCrossValidation,
} from './calibrate.js';

/** What choosing among candidates yields: the pick, with figures that account for the choosing. */
export interface SelectionResult {
  /**
   * The candidate the procedure picks on all labels, fitted on all labels: what gets published.
   * Its agreement and band are the nested estimate of the whole procedure (propose, fit, tune,
   * choose), not its own cross-validated figures. Null when no candidate could be built.
   */
  selected: CalibrationResult | null;
  /**
   * Every candidate's own cross-validated figures on all labels. Honest for a candidate on its
   * own, optimistic for the winner of a comparison: shown, marked as such, never published.
   */
  candidates: CalibrationResult[];
}

/**
 * Outer repeats of nested cross-validation: repeats cut the variance that comes from one random
 * fold assignment, which matters most at 20–60 labels; past that one assignment is stable enough
 * and the cost (every candidate refitted in every inner fold) grows with n.
 */
const nestedRepeats = (family: CandidateSpec['family'], n: number) =>
  family === 'judge' ? 1 : n <= 60 ? 3 : n <= 120 ? 2 : 1;

/** Best measurable, buildable candidate by its own cross-validated MCC; ties go to the cheaper kind. */
const pickBest = (results: CalibrationResult[]) =>
  results.filter((r) => r.config && r.agreement.mcc !== null).sort(byScoreThenCost((r) => r.agreement.mcc))[0] ?? null;

/**
 * Calibrates a choice among candidates by nested cross-validation (reference §4.8): each outer
 * training fold runs the whole procedure (every candidate fitted and scored by inner
 * cross-validation, the best chosen and refitted), the outer held-out items are predicted by the
 * chosen one, and the pooled outer predictions of repeated stratified k-fold give the MCC and its
 * interval. Selecting the best of several candidates and reporting its own score is optimistic
 * (the winner's curse); this estimate is not. With one candidate there is no choice and the
 * candidate's own figures are already honest.
 */
export const calibrateSelection = async (
  specs: CandidateSpec[],
  items: LabeledItem[],
  options: CalibrationOptions,
): Promise<SelectionResult> => {
  const candidates: CalibrationResult[] = [];
  // Own scores only rank candidates and are shown marked as such: one repeat is enough for that.
  const own = specs.length > 1 ? { ...options, repeats: options.repeats ?? 1 } : options;
  for (const spec of specs) candidates.push(await calibrateCandidate(spec, items, own));
  const winner = pickBest(candidates);
  if (!winner || specs.length === 1) return { selected: winner ?? null, candidates };

  const family = specs[0]!.family;
  const samples = family === 'judge' ? (options.judgeSamples ?? 3) : 1;
  const repeats = specs.some((s) => s.llmFit) ? 1 : (options.repeats ?? nestedRepeats(family, items.length));
  // Inner folds only rank candidates; 3 suffice once the training folds are large.
  const innerK = options.k ?? (items.length > 60 ? 3 : undefined);
  const humans = items.map((i) => i.human.verdict);
  const explanations = new Array<string | null>(items.length).fill(null);
  const chosen = new Map<string, number>();
  const cv = await crossValidate(
    items,
    humans,
    async (trainIdx, fold) => {
      const train = trainIdx.map((i) => items[i]!);
      const innerSeed = `${options.seed}:inner:${fold.repeat}:${fold.index}`;
      const scored = [];
      for (const spec of specs) {
        scored.push({ spec, kind: spec.kind, mcc: await innerMcc(spec, train, { k: innerK, seed: innerSeed }) });
      }
      const best = scored.filter((s) => s.mcc !== null).sort(byScoreThenCost((s) => s.mcc))[0];
      const model = best ? await fitWithThreshold(best.spec, train, samples) : null;
      if (best) chosen.set(best.spec.name, (chosen.get(best.spec.name) ?? 0) + 1);
      return {
        predict: async (index: number) => {
          const p = await predictWith(model, items[index]!.item, samples);
          if (fold.repeat === 0) explanations[index] = p.explanation;
          return { score: p.score, verdict: p.verdict };
        },
      };
    },
    { k: options.k, repeats, seed: `${options.seed}:nested` },
  );
  const nested = summarizeCrossValidation(items, cv, explanations, { ...options, name: `${winner.name}:nested` });
  // The nested estimate is conservative (fold models see less data, and inner choices are noisier
  // than the choice on all labels); the winner's own score is optimistic. The truth usually lies
  // between them, so the interval reaches up to the higher of the two upper bounds. Only the upper
  // end changes: the status rule reads the point estimate and the lower bound.
  const ownUpper = winner.agreement.mccCI?.upper;
  const summary =
    nested.agreement.mccCI && ownUpper !== undefined && ownUpper > nested.agreement.mccCI.upper
      ? { ...nested, agreement: { ...nested.agreement, mccCI: { ...nested.agreement.mccCI, upper: ownUpper } } }
      : nested;
  const picks = [...chosen].map(([name, n]) => `${name} ${n}×`).join(', ');
  return {
    selected: {
      ...winner,
      ...summary,
      reason: `${summary.reason} (selection-aware: ${specs.length} candidates chosen among inside each of ${cv.k * repeats} outer folds; picked ${picks || 'none'})`,
      protocol: { folds: cv.k, repeats, samples, seed: options.seed, nested: true, candidates: specs.length },
    },
    candidates,
  };
};
