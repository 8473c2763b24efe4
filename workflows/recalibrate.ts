import { defineWorkflow } from './context.js';

export interface RecalibrateWorkflowInput {
  projectId: string;
  versionId: string;
  trigger: 'scheduled' | 'model_change' | 'manual';
  model?: string;
}

/** Drift watch of one evaluator version: re-run on its calibration set, record, demote and alert on a drop. */
export const recalibrate = defineWorkflow('recalibrate', async (ctx, input: RecalibrateWorkflowInput) =>
  ctx.run('recalibrateEvaluator', input),
);

/**
 * Fired weekly per project (and when the configured judge model changes): recalibrates every
 * gating and signalling evaluator version, each as its own workflow.
 */
export const driftWatch = defineWorkflow(
  'driftWatch',
  async (
    ctx,
    scheduledAt: Date,
    context: { projectId: string; trigger?: 'scheduled' | 'model_change'; model?: string; judgesOnly?: boolean },
  ) => {
    const versions = await ctx.run('listWatchedEvaluators', {
      projectId: context.projectId,
      judgesOnly: context.judgesOnly ?? false,
    });
    const stamp = new Date(scheduledAt).toISOString();
    for (const versionId of versions) {
      await ctx.start('recalibrate', `recalibrate:${versionId}:${stamp}`, {
        projectId: context.projectId,
        versionId,
        trigger: context.trigger ?? 'scheduled',
        model: context.model,
      });
    }
    return { started: versions.length };
  },
);
