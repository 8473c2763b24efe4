/**
 * Pairing a release's items with the baseline's by item key, and the one-sided McNemar p-value
 * built on core/stats' exact two-sided test.
 */
import { mcnemar } from '../stats/mcnemar.js';
import type { FlippedItem, GateItem } from './types.js';

/** A dataset input evaluated in both releases. */
export interface SharedItem {
  key: string;
  baseline: GateItem;
  candidate: GateItem;
}

const indexByKey = (items: readonly GateItem[], side: string): Map<string, GateItem> => {
  const byKey = new Map<string, GateItem>();
  for (const item of items) {
    if (byKey.has(item.key)) {
      throw new RangeError(`${side} has item key "${item.key}" twice: give each dataset input one verdict per release`);
    }
    byKey.set(item.key, item);
  }
  return byKey;
};

/**
 * The items both releases evaluated, in key order. Throws a RangeError when a key repeats within
 * a release: pairing would be ambiguous (aggregate repeated judge runs before gating).
 */
export const pairItems = (candidate: readonly GateItem[], baseline: readonly GateItem[]): SharedItem[] => {
  const baseByKey = indexByKey(baseline, 'baseline');
  const candByKey = indexByKey(candidate, 'candidate');
  const shared: SharedItem[] = [];
  for (const [key, cand] of candByKey) {
    const base = baseByKey.get(key);
    if (base) shared.push({ key, baseline: base, candidate: cand });
  }
  return shared.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
};

/** Shared items whose verdict changed: pass → fail first, then fail → pass. */
export const flippedItems = (shared: readonly SharedItem[]): FlippedItem[] => {
  const toItem = (s: SharedItem): FlippedItem => ({
    key: s.key,
    traceId: s.candidate.traceId,
    baselineTraceId: s.baseline.traceId,
    from: s.baseline.verdict,
    to: s.candidate.verdict,
  });
  const worse = shared.filter((s) => s.baseline.verdict === 'pass' && s.candidate.verdict === 'fail');
  const better = shared.filter((s) => s.baseline.verdict === 'fail' && s.candidate.verdict === 'pass');
  return [...worse.map(toItem), ...better.map(toItem)];
};

/**
 * One-sided exact McNemar p-value of "the candidate is worse": with b = pass → fail and
 * c = fail → pass items, P(X ≥ b) for X ~ Binomial(b + c, 1/2), which equals P(X ≤ c).
 * From the two-sided test p2(b, c) = min(1, 2·P(X ≤ min(b, c))):
 * - c < b: P(X ≤ c) < 1/2, so p = p2(b, c) / 2;
 * - c ≥ b ≥ 1: p = 1 − P(X ≤ b − 1) = 1 − p2(b − 1, c + 1) / 2 (same n, and b − 1 < n/2);
 * - b = 0: p = 1.
 */
export const mcnemarWorseP = (b: number, c: number): number => {
  if (b === 0) return 1;
  if (c < b) return mcnemar(b, c) / 2;
  return 1 - mcnemar(b - 1, c + 1) / 2;
};
