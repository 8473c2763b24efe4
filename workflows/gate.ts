import { decideEvaluator } from '../core/gate/decide.js';
import { decideGate } from '../core/gate/gate.js';
import { renderMarkdown } from '../core/gate/report.js';
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

/** The gate id of a project and release: asking twice returns the same gate. */
export const gateIdOf = (projectId: string, release: string) => `gate:${projectId}:${release}`;

/**
 * The release gate: runs every `gate` and `signal` evaluator on the release's candidate outputs
 * (traces tagged with the release, or uploaded outputs for a dataset version's inputs) and on the
 * baseline's, decides per evaluator (a regression beyond the tolerance with statistical support,
 * or a floor breach, blocks; noise does not), and passes only when no gating evaluator blocks.
 */
export const gate = defineWorkflow('gate', async (ctx, input: GateWorkflowInput) => {
  const gateId = ctx.workflowId;
  const base = {
    gateId,
    projectId: input.projectId,
    release: input.release,
    datasetVersionId: input.datasetVersionId ?? null,
  };
  await ctx.setStatus('stage', { stage: 'closing traces' });
  // The candidate's traffic was sent before the gate was asked: roll up the project's open traces now.
  for (let pass = 0; pass < 200; pass++) {
    if (!(await ctx.run('closeTraces', { projectId: input.projectId, idleSeconds: 0 })).more) break;
  }
  const prep = await ctx.run('prepareGate', { ...base, baseline: input.baseline ?? null });
  await ctx.setStatus('stage', { stage: 'evaluating', evaluators: prep.evaluators.length, baseline: prep.baseline });
  const evaluatorIds = prep.evaluators.map((e) => e.id);
  const candidate = await ctx.run('collectGateVerdicts', {
    ...base,
    side: 'candidate',
    baseline: prep.baseline,
    evaluatorIds,
  });
  const hasBaseline = prep.baseline !== null || base.datasetVersionId !== null;
  const baseline = hasBaseline
    ? await ctx.run('collectGateVerdicts', { ...base, side: 'baseline', baseline: prep.baseline, evaluatorIds })
    : { n: 0, verdicts: {} as typeof candidate.verdicts };
  const decisions = prep.evaluators.map((evaluator) =>
    decideEvaluator({
      evaluator,
      candidate: candidate.verdicts[evaluator.id] ?? [],
      baseline: baseline.verdicts[evaluator.id] ?? [],
      policy: input.policy,
    }),
  );
  const result = decideGate(decisions, {
    release: input.release,
    baseline: prep.baseline ?? (base.datasetVersionId ? 'dataset outputs' : undefined),
  });
  const markdown = renderMarkdown(result, { baseUrl: input.publicUrl });
  await ctx.run('saveGateResult', { gateId, status: result.verdict, baseline: prep.baseline, result, markdown });
  await ctx.setStatus('stage', { stage: 'decided', verdict: result.verdict });
  return result;
});
