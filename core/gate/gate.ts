/** The release's verdict from its evaluators' decisions. */
import type { EvaluatorDecision, GateResult } from './types.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const names = (decisions: readonly EvaluatorDecision[]) => decisions.map((d) => d.evaluator.name);

/**
 * Combines per-evaluator decisions: the release passes unless at least one 'gate' evaluator
 * blocks. Signal evaluators that would have blocked, and evaluators with too little data, are
 * named in the summary but never change the verdict.
 */
export const decideGate = (
  decisions: readonly EvaluatorDecision[],
  meta: { release?: string; baseline?: string } = {},
): GateResult => {
  const gating = decisions.filter((d) => d.evaluator.status === 'gate');
  const blockers = decisions.filter((d) => d.blocking);
  const regressedSignals = decisions.filter((d) => d.decision === 'block' && !d.blocking);
  const insufficient = decisions.filter((d) => d.decision === 'insufficient');
  const blockedBy = names(blockers);
  const subject = meta.release ? `Release ${meta.release}` : 'The release';
  const against = meta.baseline ? ` against ${meta.baseline}` : '';
  const head =
    blockers.length > 0
      ? `${subject} is blocked${against} by ${plural(blockers.length, 'gating evaluator')} of ${gating.length}: ${blockedBy.join(', ')}.`
      : gating.length === 0
        ? `${subject} passes${against}: no gating evaluator was run.`
        : `${subject} passes${against}: none of its ${plural(gating.length, 'gating evaluator')} blocks.`;
  const notes: string[] = [];
  if (regressedSignals.length > 0) {
    notes.push(`Signal evaluators that regressed (not blocking): ${names(regressedSignals).join(', ')}.`);
  }
  if (insufficient.length > 0) {
    notes.push(`Too few items to decide (not blocking): ${names(insufficient).join(', ')}.`);
  }
  return {
    verdict: blockers.length > 0 ? 'blocked' : 'pass',
    blockedBy,
    summary: [head, ...notes].join(' '),
    release: meta.release ?? null,
    baseline: meta.baseline ?? null,
    decisions: [...decisions],
  };
};
