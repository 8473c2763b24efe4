import type { Signal } from '../signals/types.js';
import { inclusionProbabilities, sampleUniform, seededRandom, systematicSample } from './sampling.js';

/** A closed trace of the cycle's window, as the fill sees it. */
export interface QueueCandidate {
  traceId: string;
  signals: Signal[];
  /** Combined anomaly score 0..1 (0 when no signal). */
  score: number;
  /** Near-duplicate key, or null. */
  fingerprint: string | null;
}

/** How near-duplicates are found: candidate buckets (LSH bands) and the exact nearness test. */
export interface DuplicateTest {
  buckets: (fingerprint: string) => string[];
  near: (a: string, b: string) => boolean;
}

export interface FillOptions {
  budget: number;
  /** Share of the budget drawn uniformly at random from all traces (recorded as random). */
  randomFraction: number;
  seed: string;
  duplicates: DuplicateTest;
  /** Traces already in the cycle's queue: never added twice (and `budget` is what is left of the cycle's). */
  exclude?: Set<string>;
  /** Tasks the cycle already has, and how many of them are random picks (a repeated fill only tops up). */
  queued?: number;
  randomAlready?: number;
}

export interface PlannedTask {
  traceId: string;
  sampling: 'anomaly' | 'random';
  stratum: string;
  probability: number;
  priority: number;
  reasons: Signal[];
  duplicateCount: number;
  duplicateTraceIds: string[];
}

export interface FillPlan {
  tasks: PlannedTask[];
  stats: {
    candidates: number;
    anomalous: number;
    clusters: number;
    duplicatesCollapsed: number;
    randomPicked: number;
    strata: Record<string, { clusters: number; picked: number }>;
  };
}

/** Groups near-duplicate anomalous traces; the strongest of each group represents it. */
const clusterDuplicates = (items: QueueCandidate[], test: DuplicateTest) => {
  const sorted = [...items].sort((a, b) => b.score - a.score || a.traceId.localeCompare(b.traceId));
  const clusters: { head: QueueCandidate; members: QueueCandidate[] }[] = [];
  const byBucket = new Map<string, number[]>();
  for (const item of sorted) {
    let home = -1;
    const buckets = item.fingerprint ? test.buckets(item.fingerprint) : [];
    for (const bucket of buckets) {
      for (const index of byBucket.get(bucket) ?? []) {
        const head = clusters[index]!.head;
        if (head.fingerprint && item.fingerprint && test.near(head.fingerprint, item.fingerprint)) {
          home = index;
          break;
        }
      }
      if (home >= 0) break;
    }
    if (home >= 0) {
      clusters[home]!.members.push(item);
      continue;
    }
    clusters.push({ head: item, members: [] });
    for (const bucket of buckets) {
      const list = byBucket.get(bucket) ?? [];
      list.push(clusters.length - 1);
      byBucket.set(bucket, list);
    }
  }
  return clusters;
};

/** Splits `total` over strata as evenly as their sizes allow (water-filling). */
const allocate = (sizes: Map<string, number>, total: number) => {
  const allocation = new Map<string, number>([...sizes.keys()].map((k) => [k, 0]));
  let left = total;
  let open = [...sizes.keys()].filter((k) => (sizes.get(k) ?? 0) > 0);
  while (left > 0 && open.length > 0) {
    const share = Math.max(1, Math.floor(left / open.length));
    for (const key of [...open].sort()) {
      if (left === 0) break;
      const room = (sizes.get(key) ?? 0) - (allocation.get(key) ?? 0);
      const give = Math.min(share, room, left);
      allocation.set(key, (allocation.get(key) ?? 0) + give);
      left -= give;
    }
    open = open.filter((k) => (allocation.get(k) ?? 0) < (sizes.get(k) ?? 0));
  }
  return allocation;
};

/**
 * Plans one cycle's review queue. A random slice of the budget is drawn uniformly from all
 * traces (so agreement can later be estimated without the anomaly bias); the rest goes to
 * anomalous traces, near-duplicates collapsed, stratified by each group's strongest signal so
 * no one signal fills the queue, drawn within each stratum with probability proportional to
 * the anomaly score. Every task records its stratum and inclusion probability.
 */
export const planQueue = (candidates: QueueCandidate[], options: FillOptions): FillPlan => {
  const random = seededRandom(options.seed);
  const pool = candidates.filter((c) => !options.exclude?.has(c.traceId));
  const budget = Math.max(0, Math.floor(options.budget));
  const cycleBudget = budget + (options.queued ?? 0);
  const share =
    options.randomFraction > 0 && cycleBudget > 0 ? Math.max(1, Math.round(cycleBudget * options.randomFraction)) : 0;
  const randomTarget = Math.max(0, Math.min(pool.length, budget, share - (options.randomAlready ?? 0)));

  const tasks: PlannedTask[] = [];
  const randomPicks = new Set(sampleUniform(pool.length, randomTarget, random).map((i) => pool[i]!.traceId));
  for (const c of pool) {
    if (!randomPicks.has(c.traceId)) continue;
    tasks.push({
      traceId: c.traceId,
      sampling: 'random',
      stratum: 'random',
      probability: randomTarget / pool.length,
      priority: c.score,
      reasons: c.signals,
      duplicateCount: 0,
      duplicateTraceIds: [],
    });
  }

  const anomalous = pool.filter((c) => c.signals.length > 0 && !randomPicks.has(c.traceId));
  const clusters = clusterDuplicates(anomalous, options.duplicates);
  const strata = new Map<string, typeof clusters>();
  for (const cluster of clusters) {
    const stratum = [...cluster.head.signals].sort((a, b) => b.strength - a.strength)[0]!.name;
    const list = strata.get(stratum);
    if (list) list.push(cluster);
    else strata.set(stratum, [cluster]);
  }
  const allocation = allocate(new Map([...strata].map(([k, v]) => [k, v.length])), budget - tasks.length);
  const strataStats: FillPlan['stats']['strata'] = {};
  for (const [stratum, members] of [...strata].sort(([a], [b]) => a.localeCompare(b))) {
    const k = allocation.get(stratum) ?? 0;
    const pi = inclusionProbabilities(
      members.map((m) => m.head.score),
      k,
    );
    const picked = systematicSample(pi, random);
    strataStats[stratum] = { clusters: members.length, picked: picked.length };
    for (const index of picked) {
      const { head, members: dupes } = members[index]!;
      tasks.push({
        traceId: head.traceId,
        sampling: 'anomaly',
        stratum,
        probability: pi[index]!,
        priority: head.score,
        reasons: head.signals,
        duplicateCount: dupes.length,
        duplicateTraceIds: dupes.slice(0, 100).map((d) => d.traceId),
      });
    }
  }
  tasks.sort((a, b) => b.priority - a.priority || a.traceId.localeCompare(b.traceId));
  return {
    tasks,
    stats: {
      candidates: pool.length,
      anomalous: anomalous.length,
      clusters: clusters.length,
      duplicatesCollapsed: anomalous.length - clusters.length,
      randomPicked: randomPicks.size,
      strata: strataStats,
    },
  };
};
