/** The release's verdict from its evaluators' decisions. */
import type { EvaluatorDecision, GateResult, MissingEvidence } from './types.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const names = (decisions: readonly EvaluatorDecision[]) => decisions.map((d) => d.evaluator.name);

/** Evidence kinds in the order a user should fix them. */
const ORDER: MissingEvidence[] = ['evaluators', 'candidate', 'items', 'baseline'];

/**
 * Combines per-evaluator decisions, failing closed: the release is 'blocked' when at least one
 * 'gate' evaluator blocks; otherwise 'inconclusive' when there is no gating evaluator at all, or
 * when any gating evaluator lacked evidence (too few items of the release, no release items, or no
 * baseline where one is required); otherwise 'pass'. Signal evaluators that regressed or lacked
 * evidence are named in the summary but never change the verdict.
 */
export const decideGate = (
  decisions: readonly EvaluatorDecision[],
  meta: { release?: string; baseline?: string | null } = {},
): GateResult => {
  const gating = decisions.filter((d) => d.evaluator.status === 'gate');
  const blockers = decisions.filter((d) => d.blocking);
  const lacking = gating.filter((d) => d.decision === 'inconclusive');
  const regressedSignals = decisions.filter((d) => d.decision === 'block' && !d.blocking);
  const quietSignals = decisions.filter((d) => d.decision === 'inconclusive' && d.evaluator.status !== 'gate');
  const blockedBy = names(blockers);
  const inconclusiveBy = names(lacking);
  const kinds = new Set<MissingEvidence>(lacking.map((d) => d.missing ?? 'items'));
  if (gating.length === 0) kinds.add('evaluators');
  const missing = blockers.length > 0 ? [] : ORDER.filter((k) => kinds.has(k));
  const subject = meta.release ? `Release ${meta.release}` : 'The release';
  const against = meta.baseline ? ` against ${meta.baseline}` : '';
  let head: string;
  if (blockers.length > 0) {
    head = `${subject} is blocked${against} by ${plural(blockers.length, 'gating evaluator')} of ${gating.length}: ${blockedBy.join(', ')}.`;
  } else if (gating.length === 0) {
    head =
      `${subject} is inconclusive${against}: no evaluator has status gate, so nothing can vouch for it` +
      `${decisions.length > 0 ? ` (${plural(decisions.length, 'signal evaluator')} reported only)` : ''}; ` +
      'calibrate an evaluator to gate status before gating releases.';
  } else if (lacking.length > 0) {
    // One sentence per distinct reason: with no trace of the release, every evaluator says the same.
    const reasons = [...new Set(lacking.map((d) => d.reason))];
    const shown = missing.includes('candidate') ? reasons.slice(0, 1) : reasons.slice(0, 3);
    head =
      `${subject} is inconclusive${against}: ${lacking.length} of ${plural(gating.length, 'gating evaluator')} ` +
      `lacked evidence (${inconclusiveBy.join(', ')}): ${shown.join('; ')}${reasons.length > shown.length ? '; …' : ''}.`;
  } else {
    head = `${subject} passes${against}: none of its ${plural(gating.length, 'gating evaluator')} blocks.`;
  }
  const notes: string[] = [];
  if (regressedSignals.length > 0) {
    notes.push(`Signal evaluators that regressed (not blocking): ${names(regressedSignals).join(', ')}.`);
  }
  if (quietSignals.length > 0) {
    notes.push(`Signal evaluators without enough evidence (reported only): ${names(quietSignals).join(', ')}.`);
  }
  if (blockers.length > 0 && lacking.length > 0) {
    notes.push(`Gating evaluators without enough evidence: ${inconclusiveBy.join(', ')}.`);
  }
  return {
    verdict: blockers.length > 0 ? 'blocked' : missing.length > 0 ? 'inconclusive' : 'pass',
    blockedBy,
    inconclusiveBy,
    missing,
    summary: [head, ...notes].join(' '),
    release: meta.release ?? null,
    baseline: meta.baseline ?? null,
    decisions: [...decisions],
  };
};
