import { describe, expect, it } from 'vitest';
import { makeItem } from '../evaluators/item-fixtures.js';
import { generateForMode } from '../generation/generate.js';
import type { Verdict } from '../stats/confusion.js';
import { createRng, hashSeed } from '../stats/random.js';
import { type CandidateSpec, calibrateCandidate, type LabeledItem } from './calibrate.js';
import { calibrateSelection } from './select.js';

const WORDS = 'the a report refund invoice order status shipping account password delivery price plan team'.split(' ');

/** Labels independent of the text: nothing can truly predict them. */
const noise = (n: number, seed: string): LabeledItem[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const verdict: Verdict = i < n / 2 ? 'fail' : 'pass';
    const output = Array.from({ length: 12 }, () => WORDS[Math.floor(rng() * WORDS.length)]).join(' ');
    return {
      item: makeItem({ traceId: `${seed}-${i}`, output, input: 'question' }),
      human: { traceId: `${seed}-${i}`, verdict, score: null, critique: null, dissent: 0 },
    };
  });
};

/** A candidate scoring each item by a hash: a coin flip per item, fixed across folds. */
const coin = (name: string): CandidateSpec => ({
  name,
  kind: 'regex',
  family: 'deterministic',
  tuneThreshold: true,
  fit: async () => ({
    config: { kind: 'regex', pattern: name, mustMatch: false, field: 'output' } as never,
    score: async (item) => ({ scores: [(hashSeed(`${name}:${item.traceId}`) % 1000) / 1000], explanation: null }),
  }),
});

describe('calibrateSelection (nested cross-validation)', () => {
  it('reports the chosen candidate below its own, selection-inflated score when candidates are coin flips', async () => {
    const items = noise(24, 'coins');
    const specs = Array.from({ length: 8 }, (_, i) => coin(`coin-${i}`));
    const { selected, candidates } = await calibrateSelection(specs, items, { seed: 'sel' });
    const ownBest = Math.max(...candidates.map((c) => c.agreement.mcc ?? -1));
    expect(selected!.protocol).toMatchObject({ nested: true, candidates: 8 });
    // The best of 8 coin flips looks good on its own; the procedure that picks it does not.
    expect(ownBest).toBeGreaterThan(selected!.agreement.mcc ?? -1);
    expect(selected!.band).not.toBe('gate');
    expect(selected!.reason).toMatch(/selection-aware: 8 candidates/);
  });

  it('keeps a single candidate’s own figures (no selection, nothing to correct)', async () => {
    const items = noise(20, 'one');
    const { selected } = await calibrateSelection([coin('only')], items, { seed: 's' });
    expect(selected!.protocol).toMatchObject({ nested: false, candidates: 1 });
  });

  it('never gates on pure noise, over many seeds and both label budgets', async () => {
    const bands: string[] = [];
    for (let s = 0; s < 6; s++) {
      for (const n of [20, 40]) {
        const result = await generateForMode(
          { key: 'noise', title: 'noise', rubric: 'noise' },
          noise(n, `noise-${s}-${n}`),
          { judge: null, judgeModel: null, proposeWithLlm: null },
          { seed: `n${s}` },
        );
        bands.push(result.selected.deterministic?.band ?? 'none');
      }
    }
    expect(bands).toHaveLength(12);
    expect(bands.filter((b) => b === 'gate')).toEqual([]);
  });
});

describe('not measurable is not MCC 0', () => {
  it('a constant candidate is not measurable, with the reason', async () => {
    const constant: CandidateSpec = {
      name: 'always-pass',
      kind: 'length',
      family: 'deterministic',
      tuneThreshold: false,
      fit: async () => ({
        config: { kind: 'length', unit: 'chars', max: 1e9 } as never,
        score: async () => ({ scores: [1], explanation: null }),
      }),
    };
    const r = await calibrateCandidate(constant, noise(20, 'c'), { seed: 'c' });
    expect(r.agreement).toMatchObject({ mcc: null, mccCI: null });
    expect(r.reason).toBe('not measurable: predicts pass for every labeled trace');
    expect(r.band).toBe('revise');
  });

  it('an unbuildable candidate says why', async () => {
    const never: CandidateSpec = {
      name: 'nothing',
      kind: 'banned_phrases',
      family: 'deterministic',
      tuneThreshold: true,
      unbuildable: 'no phrase separates failing from passing outputs',
      fit: async () => null,
    };
    const r = await calibrateCandidate(never, noise(20, 'u'), { seed: 'u' });
    expect(r.config).toBeNull();
    expect(r.reason).toBe('not measurable: no phrase separates failing from passing outputs');
  });
});
