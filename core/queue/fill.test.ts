import { describe, expect, it } from 'vitest';
import type { Signal, SignalName } from '../signals/types.js';
import { type DuplicateTest, planQueue, type QueueCandidate } from './fill.js';
import { inclusionProbabilities, seededRandom, systematicSample } from './sampling.js';

// Fingerprints here are "group:n": the same group is a near-duplicate.
const duplicates: DuplicateTest = {
  buckets: (fp) => [fp.split(':')[0]!],
  near: (a, b) => a.split(':')[0] === b.split(':')[0],
};

const signal = (name: SignalName, strength: number): Signal => ({ name, strength, explanation: `${name} ${strength}` });

const candidate = (id: string, signals: Signal[], fingerprint: string | null = `${id}:0`): QueueCandidate => ({
  traceId: id,
  signals,
  score: signals.length ? Math.max(...signals.map((s) => s.strength)) : 0,
  fingerprint,
});

describe('inclusion probabilities and systematic sampling', () => {
  it('sum to k, cap at 1, and favour heavier items', () => {
    const pi = inclusionProbabilities([10, 1, 1, 1, 1, 1], 2);
    expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(2);
    expect(pi[0]).toBe(1);
    expect(pi[1]).toBeCloseTo(0.2);
  });

  it('draws exactly k items, each with its probability (Monte Carlo)', () => {
    const pi = inclusionProbabilities([5, 3, 2, 1, 1, 1, 1, 1], 3);
    const counts = new Array(pi.length).fill(0);
    const runs = 20_000;
    for (let r = 0; r < runs; r++) {
      const picked = systematicSample(pi, seededRandom(`mc-${r}`));
      expect(picked).toHaveLength(3);
      for (const i of picked) counts[i]++;
    }
    for (const [i, c] of counts.entries()) expect(c / runs).toBeCloseTo(pi[i]!, 1);
  });
});

describe('planQueue', () => {
  const manyToolErrors = Array.from({ length: 500 }, (_, i) => candidate(`tool-${i}`, [signal('tool_error', 0.9)]));
  const fewTruncations = Array.from({ length: 8 }, (_, i) => candidate(`trunc-${i}`, [signal('truncation', 0.5)]));
  const normal = Array.from({ length: 2000 }, (_, i) => candidate(`ok-${i}`, []));
  const all = [...manyToolErrors, ...fewTruncations, ...normal];

  it('keeps a random slice of the budget, recorded with its probability', () => {
    const plan = planQueue(all, { budget: 100, randomFraction: 0.1, seed: 's', duplicates });
    const random = plan.tasks.filter((t) => t.sampling === 'random');
    expect(random).toHaveLength(10);
    for (const t of random) expect(t.probability).toBeCloseTo(10 / all.length);
    expect(plan.tasks).toHaveLength(100);
  });

  it('stratifies so one signal cannot fill the queue', () => {
    const plan = planQueue(all, { budget: 60, randomFraction: 0, seed: 's', duplicates });
    const truncations = plan.tasks.filter((t) => t.stratum === 'truncation');
    expect(truncations).toHaveLength(8);
    expect(truncations.every((t) => t.probability === 1)).toBe(true);
    expect(plan.tasks.filter((t) => t.stratum === 'tool_error')).toHaveLength(52);
  });

  it('collapses near-duplicates into one task with its count and links', () => {
    const dupes = Array.from({ length: 50 }, (_, i) =>
      candidate(`dup-${i}`, [signal('error', 0.8 + i / 1000)], `same:${i}`),
    );
    const plan = planQueue([...dupes, ...normal], { budget: 20, randomFraction: 0, seed: 's', duplicates });
    expect(plan.tasks).toHaveLength(1);
    expect(plan.tasks[0]).toMatchObject({ traceId: 'dup-49', duplicateCount: 49 });
    expect(plan.tasks[0]!.duplicateTraceIds).toHaveLength(49);
    expect(plan.stats.duplicatesCollapsed).toBe(49);
  });

  it('never plans a trace twice, nor one already in the cycle', () => {
    const plan = planQueue(all, {
      budget: 120,
      randomFraction: 0.5,
      seed: 's',
      duplicates,
      exclude: new Set(['trunc-0', 'trunc-1']),
    });
    const ids = plan.tasks.map((t) => t.traceId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('trunc-0');
  });

  it('is deterministic for a seed and varies across seeds', () => {
    const a = planQueue(all, { budget: 50, randomFraction: 0.2, seed: 'x', duplicates });
    const b = planQueue(all, { budget: 50, randomFraction: 0.2, seed: 'x', duplicates });
    const c = planQueue(all, { budget: 50, randomFraction: 0.2, seed: 'y', duplicates });
    expect(a).toEqual(b);
    expect(a.tasks.map((t) => t.traceId)).not.toEqual(c.tasks.map((t) => t.traceId));
  });

  it('handles an empty window and a zero budget', () => {
    expect(planQueue([], { budget: 120, randomFraction: 0.1, seed: 's', duplicates }).tasks).toEqual([]);
    expect(planQueue(all, { budget: 0, randomFraction: 0.1, seed: 's', duplicates }).tasks).toEqual([]);
  });
});
