import type { TraceRollup } from '../rollup.js';
import { hammingDistance, simhash64 } from './simhash.js';
import { noisyOr, roundStrength } from './strength.js';
import type { Signal } from './types.js';

/**
 * A trace's review priority (0..1, 3 decimals): the noisy-or 1 − Π(1 − strengthᵢ) of its signals,
 * so that independent weak signals add up, one strong signal dominates, and more never lowers it.
 * 0 without signals.
 */
export function anomalyScore(signals: readonly Signal[]): number {
  return roundStrength(noisyOr(signals.map((s) => s.strength)));
}

/** Fingerprints of different texts with the same signals are at most this many bits apart when near-duplicates. */
export const NEAR_DUPLICATE_DISTANCE = 10;
/** Distance floor between fingerprints with different signal sets: farther than any two texts can be. */
const DIFFERENT_SIGNALS = 64;

const FINGERPRINT = /^([0-9a-f]{16}):([a-z_+]*)$/;

/**
 * A short, stable string for collapsing near-duplicate traces in the review queue:
 * `<64-bit SimHash of the user input, 16 hex>:<sorted signal names joined by +>`, e.g.
 * `9f3a0c1b2d4e5f60:context_pressure+token_spike`. The input is normalized (case, punctuation,
 * whitespace, digit runs) before hashing; a trace without input hashes its root span name.
 */
export function fingerprint(rollup: TraceRollup, signals: readonly Signal[]): string {
  const names = [...new Set(signals.map((s) => s.name))].sort();
  return `${simhash64(rollup.input ?? rollup.rootSpanName ?? '')}:${names.join('+')}`;
}

/**
 * How far apart two fingerprints are: the Hamming distance (0..64) of their SimHashes when they
 * have the same signal set; 64 + the number of signals in only one of them otherwise; Infinity
 * when either is not a fingerprint. Near-duplicates: ≤ NEAR_DUPLICATE_DISTANCE.
 */
export function fingerprintDistance(a: string, b: string): number {
  const pa = FINGERPRINT.exec(a);
  const pb = FINGERPRINT.exec(b);
  if (pa === null || pb === null) return Number.POSITIVE_INFINITY;
  if (pa[2] !== pb[2]) {
    const sa = new Set(pa[2]!.split('+').filter(Boolean));
    const sb = new Set(pb[2]!.split('+').filter(Boolean));
    const onlyOne = [...sa].filter((n) => !sb.has(n)).length + [...sb].filter((n) => !sa.has(n)).length;
    return DIFFERENT_SIGNALS + onlyOne;
  }
  return hammingDistance(pa[1]!, pb[1]!);
}
