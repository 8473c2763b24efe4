/**
 * The evidence a gate verdict rests on, and its fingerprint. A decided gate is reused only while
 * the fingerprint is unchanged: the same candidate traces (each at its last span time) or the same
 * uploaded outputs, the same baseline and its traces, the same gating and signal evaluator versions
 * (with their statuses) and the same policy. Anything else changed → a new gate run.
 */
import { createHash } from 'node:crypto';
import type { GatePolicy } from './types.js';

export interface GateEvidence {
  source: 'traces' | 'upload';
  release: string;
  baseline: string | null;
  datasetVersionId: string | null;
  /** One stamp per candidate item: `traceId@lastSpanAt`, or `item#sha256(output, context)` for uploads. */
  candidate: readonly string[];
  /** The baseline's trace stamps (empty for uploads: the frozen dataset version is their baseline). */
  baselineItems: readonly string[];
  /** `versionId:status` of every evaluator the gate runs. */
  evaluators: readonly string[];
  policy: GatePolicy;
}

/** How much evidence there was (what the API and UI show next to the fingerprint). */
export interface EvidenceSummary {
  candidate: number;
  baseline: number;
  evaluators: number;
}

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The stamp of one uploaded output: its item and a hash of what was uploaded for it. */
export const outputStamp = (item: string, output: string, context: unknown) =>
  `${item}#${sha256(canonicalJson({ output, context: context ?? null }))}`;

const sorted = (xs: readonly string[]) => [...xs].sort();

/** A hex SHA-256 over the evidence; independent of the order items and evaluators were listed in. */
export const evidenceFingerprint = (e: GateEvidence): string =>
  sha256(
    canonicalJson({
      ...e,
      candidate: sorted(e.candidate),
      baselineItems: sorted(e.baselineItems),
      evaluators: sorted(e.evaluators),
    }),
  );

export const summarizeEvidence = (e: GateEvidence): EvidenceSummary => ({
  candidate: e.candidate.length,
  baseline: e.baselineItems.length,
  evaluators: e.evaluators.length,
});
