/**
 * One evaluator's release decision: does the candidate's pass rate regress against the
 * baseline's, beyond the tolerance and beyond noise?
 */
import { pairedPassRateTest, unpairedRateDiffCI } from '../stats/mcnemar.js';
import { correctedPassRate } from '../stats/rogan-gladen.js';
import { binomialCdf, clopperPearsonUpper } from './binomial.js';
import { formatLevel, formatP, formatPoints, formatRate, formatTolerance } from './format.js';
import { flippedItems, mcnemarWorseP, pairItems, type SharedItem } from './pairing.js';
import {
  DEFAULT_POLICY,
  type DecisionInput,
  type DecisionNumbers,
  type EvaluatorDecision,
  type GateItem,
  type GatePolicy,
  type MissingEvidence,
} from './types.js';

/** Rates are ratios of small integers: 0.85 − 0.90 must not count as "more than 5 points". */
const EPSILON = 1e-9;

/** Fills defaults and rejects nonsense (a RangeError that names the field). */
export const resolvePolicy = (policy: Partial<GatePolicy> = {}): GatePolicy => {
  const p = { ...DEFAULT_POLICY, ...policy };
  if (!(p.tolerance >= 0 && p.tolerance < 1)) throw new RangeError(`tolerance must be in [0, 1), got ${p.tolerance}`);
  if (!(p.alpha > 0 && p.alpha < 0.5)) throw new RangeError(`alpha must be in (0, 0.5), got ${p.alpha}`);
  if (!(p.floor >= 0 && p.floor <= 1)) throw new RangeError(`floor must be in [0, 1], got ${p.floor}`);
  if (!(Number.isInteger(p.minItems) && p.minItems >= 1)) {
    throw new RangeError(`minItems must be an integer ≥ 1, got ${p.minItems}`);
  }
  return p;
};

interface Outcome {
  blocks: boolean;
  sentence: string;
  numbers: Partial<DecisionNumbers>;
}

const passes = (items: readonly GateItem[]) => items.filter((i) => i.verdict === 'pass').length;
const rateOf = (items: readonly GateItem[]) => (items.length === 0 ? null : passes(items) / items.length);

const movement = (from: number, to: number, diff: number, extra = ['', '']) =>
  diff < 0
    ? `fell from ${formatRate(from)}${extra[0]} to ${formatRate(to)}${extra[1]}`
    : diff > 0
      ? `rose from ${formatRate(from)}${extra[0]} to ${formatRate(to)}${extra[1]}`
      : `held at ${formatRate(from)}${extra[0]}${extra[1] ? ` and${extra[1]}` : ''}`;

/** Paired: block when the drop exceeds the tolerance AND one-sided exact McNemar p < α. */
const comparePaired = (shared: readonly SharedItem[], policy: GatePolicy): Outcome => {
  const t = pairedPassRateTest(
    shared.map((s) => s.baseline.verdict === 'pass'),
    shared.map((s) => s.candidate.verdict === 'pass'),
  );
  const base = t.baselineRate!;
  const cand = t.candidateRate!;
  const diff = t.diff!;
  const p = mcnemarWorseP(t.b, t.c);
  const beyond = diff < -policy.tolerance - EPSILON;
  const blocks = beyond && p < policy.alpha;
  const tol = formatTolerance(policy.tolerance);
  const tail =
    diff >= 0
      ? 'not a drop'
      : !beyond
        ? `within the ${tol}-point tolerance`
        : blocks
          ? `the drop exceeds the ${tol}-point tolerance and is significant at α = ${policy.alpha}`
          : `beyond the ${tol}-point tolerance but not significant at α = ${policy.alpha}`;
  return {
    blocks,
    sentence:
      `pass rate ${movement(base, cand, diff)} on ${t.n} shared items (${formatPoints(diff)} points; ` +
      `one-sided McNemar ${formatP(p)} on ${t.b} vs ${t.c} flipped items); ${tail}`,
    numbers: { baselineRate: base, candidateRate: cand, diff, pValue: p, passToFail: t.b, failToPass: t.c },
  };
};

/** Unpaired: block when the upper bound of the (1 − 2α) Newcombe interval of the difference < −tolerance. */
const compareUnpaired = (
  candidate: readonly GateItem[],
  baseline: readonly GateItem[],
  nShared: number,
  policy: GatePolicy,
): Outcome => {
  const ci = unpairedRateDiffCI(
    passes(candidate),
    candidate.length,
    passes(baseline),
    baseline.length,
    1 - 2 * policy.alpha,
  )!;
  const base = rateOf(baseline)!;
  const cand = rateOf(candidate)!;
  const blocks = ci.upper < -policy.tolerance - EPSILON;
  const tol = formatTolerance(policy.tolerance);
  const moved = movement(base, cand, ci.diff, [
    ` (${baseline.length} baseline items)`,
    ` (${candidate.length} candidate items)`,
  ]);
  const interval = `${formatLevel(policy.alpha)} Newcombe interval ${formatPoints(ci.lower)} to ${formatPoints(ci.upper)}`;
  const tail = blocks
    ? `the whole interval lies below −${tol} points, the tolerance`
    : `the interval does not lie wholly below −${tol} points, the tolerance`;
  return {
    blocks,
    sentence: `pass rate ${moved}, ${formatPoints(ci.diff)} points (${interval}; unpaired, ${nShared} shared items); ${tail}`,
    numbers: { baselineRate: base, candidateRate: cand, diff: ci.diff, ciLower: ci.lower, ciUpper: ci.upper },
  };
};

/**
 * Floor: block when the candidate's rate is below the floor AND the exact one-sided binomial test
 * of "true rate ≥ floor" gives p < α — equivalently, when the upper end of its (1 − 2α)
 * Clopper–Pearson interval is below the floor.
 */
const checkFloor = (candidate: readonly GateItem[], policy: GatePolicy): Outcome | null => {
  if (policy.floor <= 0) return null;
  const k = passes(candidate);
  const n = candidate.length;
  const rate = k / n;
  const p = binomialCdf(k, n, policy.floor);
  const upper = clopperPearsonUpper(k, n, policy.alpha);
  const below = rate < policy.floor - EPSILON;
  const blocks = below && p < policy.alpha;
  const floor = `${formatRate(policy.floor)} floor`;
  const bound = `${formatLevel(policy.alpha)} Clopper–Pearson upper bound ${formatRate(upper)}, exact binomial ${formatP(p)}`;
  const sentence = !below
    ? `candidate pass rate ${formatRate(rate)} is at or above the ${floor}`
    : blocks
      ? `candidate pass rate ${formatRate(rate)} is below the ${floor}, and significantly so (${bound})`
      : `candidate pass rate ${formatRate(rate)} is below the ${floor}, but not significantly (${bound})`;
  return { blocks, sentence, numbers: { candidateUpper: upper, floorPValue: p } };
};

/** What an evaluator lacked, in a sentence a user can act on. */
const lackOfItems = (input: DecisionInput, policy: GatePolicy): { missing: MissingEvidence; sentence: string } => {
  const { evaluator, candidate, context = {} } = input;
  const release = context.release ? `release ${context.release}` : 'the release';
  const total = context.candidateItems;
  if (total === 0) {
    return {
      missing: 'candidate',
      sentence:
        context.source === 'upload'
          ? `no uploaded output for ${release}; upload one per dataset item`
          : `no trace tagged with ${release}; check that its spans carry service.version = ${context.release ?? 'the release'} and that the traffic was sent`,
    };
  }
  const errored =
    total !== undefined && total > candidate.length
      ? ` (it could not judge ${total - candidate.length} of ${total})`
      : '';
  return {
    missing: 'items',
    sentence:
      `evaluator ${evaluator.name} saw ${candidate.length} item${candidate.length === 1 ? '' : 's'} of ${release}${errored}, ` +
      `needs ${policy.minItems}; send more traffic of the release or lower policy.minItems`,
  };
};

/**
 * Decides one evaluator. The rule, with α one-sided and tolerance in pass-rate points:
 *
 * 1. Fewer than `minItems` candidate items → 'inconclusive' (`missing`: 'candidate' when the release
 *    has no items at all, else 'items'). Too little evidence cannot vouch for a release.
 * 2. At least `minItems` shared items (same key in both releases) → paired test on the shared
 *    items: block when candidate − baseline < −tolerance AND the one-sided exact McNemar test
 *    of "candidate worse" gives p < α. The tolerance is the practical threshold on the observed
 *    drop, McNemar the guard against noise; under no true change the block rate is ≤ α.
 * 3. Otherwise, with at least `minItems` baseline items → unpaired on all items: block when the
 *    upper bound of the (1 − 2α) Newcombe interval of candidate − baseline is below −tolerance
 *    (the drop is significantly larger than the tolerance).
 * 4. Otherwise (no usable baseline) → 'floor-only'. With a floor set, the floor test below is the
 *    evidence. Without one, nothing could have blocked: the decision would be "pass" whatever the
 *    release does, so it is 'inconclusive' (`missing`: 'baseline') — a baseline is required
 *    exactly when no floor is set. (The first release of a project is in this case: gate it with a
 *    floor, or accept the inconclusive verdict once; it then serves as the default baseline.)
 * In 2–4, with `floor` > 0, also block when the candidate's pass rate (all its items) is below
 * the floor AND the upper end of its (1 − 2α) Clopper–Pearson interval is too (exact binomial
 * p < α). Exact rather than Wilson: Wilson's one-sided error at floors of 0.9–0.99 with 10–100
 * items is 6–18% for α = 5%.
 *
 * `blocking` is true only for a 'gate' evaluator whose decision is 'block'. When the evaluator's
 * TPR/TNR are known, Rogan–Gladen corrected rates are reported alongside; the decision stays on
 * raw verdicts: the same evaluator judges both releases, so (if it errs alike on both) the
 * observed difference is the true one times J = TPR + TNR − 1 ≤ 1 — "no change" stays "no
 * change", the raw test keeps its error rate, and comparing the raw drop with the tolerance errs
 * towards shipping.
 */
export const decideEvaluator = (input: DecisionInput): EvaluatorDecision => {
  const { evaluator, candidate, baseline } = input;
  const policy = resolvePolicy(input.policy);
  const shared = pairItems(candidate, baseline);
  const flipped = flippedItems(shared);
  const candRate = rateOf(candidate);
  const baseRate = rateOf(baseline);
  const numbers: DecisionNumbers = {
    nCandidate: candidate.length,
    nBaseline: baseline.length,
    nShared: shared.length,
    candidateRate: candRate,
    baselineRate: baseRate,
    diff: candRate === null || baseRate === null ? null : candRate - baseRate,
    test: 'none',
  };
  let decision: EvaluatorDecision['decision'];
  let missing: MissingEvidence | undefined;
  let reason: string;
  if (candidate.length < policy.minItems) {
    const lack = lackOfItems(input, policy);
    decision = 'inconclusive';
    missing = lack.missing;
    reason =
      candidate.length === 0
        ? lack.sentence
        : `${lack.sentence}; candidate pass rate ${formatRate(candRate)}${baseRate === null ? '' : `, baseline ${formatRate(baseRate)}`}`;
  } else {
    let comparison: Outcome;
    if (shared.length >= policy.minItems) {
      comparison = comparePaired(shared, policy);
      numbers.test = 'mcnemar';
    } else if (baseline.length >= policy.minItems) {
      comparison = compareUnpaired(candidate, baseline, shared.length, policy);
      numbers.test = 'unpaired';
    } else {
      const name = input.context?.baseline;
      const why =
        baseline.length === 0
          ? name
            ? `baseline ${name} has no items to compare with`
            : 'no baseline to compare with'
          : `baseline${name ? ` ${name}` : ''} has ${baseline.length} items, ${shared.length} shared (${policy.minItems} needed to compare)`;
      const fix =
        input.context?.source === 'upload'
          ? 'upload outputs for more of the dataset version’s items, or set policy.floor'
          : 'name a baseline release that has traces (--baseline), or set policy.floor';
      const rest =
        policy.floor > 0
          ? `${candidate.length} candidate items`
          : `candidate pass rate ${formatRate(candRate)} on ${candidate.length} items, and no floor is set, so nothing could block: ${fix}`;
      comparison = { blocks: false, sentence: `${why}; ${rest}`, numbers: {} };
      numbers.test = 'floor-only';
      if (policy.floor <= 0) missing = 'baseline';
    }
    const floor = checkFloor(candidate, policy);
    Object.assign(numbers, comparison.numbers, floor?.numbers);
    decision = comparison.blocks || floor?.blocks ? 'block' : missing ? 'inconclusive' : 'pass';
    reason = floor ? `${comparison.sentence}; ${floor.sentence}` : comparison.sentence;
  }
  if (evaluator.tpr !== undefined && evaluator.tnr !== undefined) {
    const { tpr, tnr } = evaluator;
    const correct = (rate: number | null) => (rate === null ? null : correctedPassRate(rate, tpr, tnr));
    numbers.correctedCandidateRate = correct(numbers.candidateRate);
    numbers.correctedBaselineRate = correct(numbers.baselineRate);
  }
  const blocking = decision === 'block' && evaluator.status === 'gate';
  if (decision === 'block' && !blocking) reason += ' (signal evaluator: reported, never blocks)';
  if (decision === 'inconclusive' && evaluator.status !== 'gate') reason += ' (signal evaluator: reported only)';
  return { evaluator, decision, blocking, ...(missing ? { missing } : {}), reason, numbers, flipped, policy };
};
