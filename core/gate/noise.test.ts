/**
 * The gate must not block on noise alone: over many seeds where candidate and baseline share the
 * same true pass probability, the false-block rate stays at or below α (plus Monte Carlo slack).
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../stats/random.js';
import { decideEvaluator } from './decide.js';
import type { GateEvaluator, GateItem, GatePolicy, Verdict } from './types.js';

const SEEDS = 500;
const ALPHA = 0.05;
const SLACK = 0.01;

const evaluator: GateEvaluator = {
  id: 'ev',
  name: 'noise',
  failureMode: 'none',
  status: 'gate',
  version: 1,
  mcc: 0.8,
};
const draw = (rng: Rng, p: number): Verdict => (rng() < p ? 'pass' : 'fail');

const blockRate = (
  simulate: (rng: Rng) => { candidate: GateItem[]; baseline: GateItem[] },
  policy: Partial<GatePolicy>,
) => {
  let blocks = 0;
  for (let seed = 0; seed < SEEDS; seed++) {
    const d = decideEvaluator({ evaluator, ...simulate(createRng(`noise-${seed}`)), policy });
    if (d.decision === 'block') blocks++;
  }
  return blocks / SEEDS;
};

/** Same items for both releases: per-item difficulty (most easy, some hard), independent noise per release. */
const paired = (n: number) => (rng: Rng) => {
  const difficulty = Array.from({ length: n }, () => (rng() < 0.8 ? 0.95 : 0.4));
  const side = (name: string) =>
    difficulty.map((p, i) => ({ key: `item-${i}`, verdict: draw(rng, p), traceId: `${name}-${i}` }));
  return { baseline: side('base'), candidate: side('cand') };
};

/** Different items for each release, drawn at the same pass probability. */
const unpaired = (n: number, p: number) => (rng: Rng) => {
  const side = (name: string) =>
    Array.from({ length: n }, (_, i) => ({ key: `${name}-${i}`, verdict: draw(rng, p), traceId: `${name}-${i}` }));
  return { baseline: side('base'), candidate: side('cand') };
};

describe('false-block rate under no true change (500 seeds)', () => {
  it.each([
    [50, 0.05],
    [200, 0.05],
    [50, 0],
    [200, 0],
  ])('paired, %i items, tolerance %d: ≤ α + slack', (n, tolerance) => {
    expect(blockRate(paired(n), { tolerance, alpha: ALPHA })).toBeLessThanOrEqual(ALPHA + SLACK);
  });

  it.each([
    [0.5, 0.05],
    [0.85, 0.05],
    [0.5, 0],
    [0.85, 0],
  ])('unpaired, 200 vs 200 at p = %d, tolerance %d: ≤ α + slack', (p, tolerance) => {
    expect(blockRate(unpaired(200, p), { tolerance, alpha: ALPHA })).toBeLessThanOrEqual(ALPHA + SLACK);
  });

  it.each([
    [30, 0.9],
    [100, 0.8],
    [20, 0.99],
  ])('floor, %i items at a true rate equal to the %d floor: ≤ α + slack', (n, floor) => {
    const simulate = (rng: Rng) => ({ ...unpaired(n, floor)(rng), baseline: [] });
    expect(blockRate(simulate, { floor, alpha: ALPHA })).toBeLessThanOrEqual(ALPHA + SLACK);
  });
});

describe('power against a planted regression (500 seeds)', () => {
  it('blocks most 92% → 78% paired regressions on 50 items', () => {
    const q = 1 - 0.78 / 0.92; // share of baseline passes that turn into fails
    const simulate = (rng: Rng) => {
      const baseline = Array.from({ length: 50 }, (_, i) => ({
        key: `i${i}`,
        verdict: draw(rng, 0.92),
        traceId: `b${i}`,
      }));
      const candidate = baseline.map((b, i) => ({
        key: b.key,
        verdict: b.verdict === 'pass' ? draw(rng, 1 - q) : ('fail' as const),
        traceId: `c${i}`,
      }));
      return { baseline, candidate };
    };
    expect(blockRate(simulate, {})).toBeGreaterThan(0.75);
  });
});
