import type { GatePolicy } from '../core/gate/types.js';
import { defineWorkflow } from './context.js';

export interface GateWorkflowInput {
  projectId: string;
  release: string;
  baseline?: string | null;
  datasetVersionId?: string | null;
  policy?: Partial<GatePolicy>;
  /** Where trace links in the report point. */
  publicUrl: string;
}

/** The prefix of every gate id of a project and release. */
export const gateIdPrefix = (projectId: string, release: string) => `gate:${projectId}:${release}:`;

/**
 * The id of a gate run: project, release, the first 12 hex digits of its evidence fingerprint and,
 * from the second run with the same evidence on (`--rerun`, or after an error), the run number.
 * Identical requests at the same time compute the same id, so the engine runs the gate once.
 */
export const gateIdOf = (projectId: string, release: string, evidence: string, run = 1) =>
  `${gateIdPrefix(projectId, release)}${evidence.slice(0, 12)}${run > 1 ? `.${run}` : ''}`;

/**
 * The release gate: runs every `gate` and `signal` evaluator on the release's candidate outputs
 * (traces tagged with the release, or uploaded outputs for a dataset version's inputs) and on the
 * baseline's, decides per evaluator (a regression beyond the tolerance with statistical support,
 * or a floor breach, blocks; noise does not; too little evidence is inconclusive), and passes only
 * when every gating evaluator had the evidence to vouch and none blocks. Steps pass ids and
 * counts; items, verdicts and the result live in Postgres (gate_items, evaluation_results, gate_runs).
 */
export const gate = defineWorkflow('gate', async (ctx, input: GateWorkflowInput) => {
  const gateId = ctx.workflowId;
  const base = {
    gateId,
    projectId: input.projectId,
    release: input.release,
    datasetVersionId: input.datasetVersionId ?? null,
    ...(input.policy ? { policy: input.policy } : {}),
  };
  try {
    await ctx.setStatus('stage', { stage: 'closing traces' });
    // The candidate's traffic was sent before the gate was asked: roll up the project's open traces now.
    for (let pass = 0; pass < 200; pass++) {
      if (!(await ctx.run('closeTraces', { projectId: input.projectId, idleSeconds: 0 })).more) break;
    }
    const prep = await ctx.run('prepareGate', { ...base, baseline: input.baseline ?? null });
    await ctx.setStatus('stage', {
      stage: 'evaluating',
      evaluators: prep.evaluatorIds.length,
      items: prep.candidateItems,
      baseline: prep.baseline,
    });
    const evaluatorIds = prep.evaluatorIds;
    await ctx.run('collectGateVerdicts', { ...base, side: 'candidate', evaluatorIds });
    if (prep.baselineItems > 0) await ctx.run('collectGateVerdicts', { ...base, side: 'baseline', evaluatorIds });
    const decided = await ctx.run('decideGateRun', {
      ...base,
      baseline: prep.baseline,
      evaluatorIds,
      candidateItems: prep.candidateItems,
      publicUrl: input.publicUrl,
    });
    await ctx.setStatus('stage', { stage: 'decided', verdict: decided.verdict });
    return { gateId, ...decided };
  } catch (err) {
    await ctx.run('saveGateResult', {
      gateId,
      status: 'error',
      baseline: input.baseline ?? null,
      result: null,
      markdown: null,
      error: (err as Error).message ?? String(err),
    });
    throw err;
  }
});
