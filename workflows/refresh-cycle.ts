import { defineWorkflow, type WorkflowContext } from './context.js';

export interface RefreshCycleInput {
  projectId: string;
  windowStart: string;
  windowEnd: string;
  budget?: number;
  randomFraction?: number;
  /** Failing traces per failure mode (of the modes marked failing) before the cycle stops waiting (default 15). */
  quota?: number;
  /** How long reviewers have, from the start of the wait (default 5 days, at most MAX_REVIEW_DEADLINE_SECONDS). */
  reviewDeadlineSeconds?: number;
}

/**
 * The longest review deadline a cycle accepts (30 days). With an hourly re-check a wait of that
 * length stays a few thousand history events on Temporal (limit 51,200); the API rejects more.
 */
export const MAX_REVIEW_DEADLINE_SECONDS = 30 * 24 * 3600;

/** The topic the label API sends each new label of a cycle's task on. */
export const LABEL_TOPIC = 'label';

const MAX_CLOSE_PASSES = 1000;
/**
 * Re-check label counts at least this often even without messages (labels made outside tasks, lost
 * messages). Labels, skips and releases wake the cycle at once, so this is a backstop: hourly keeps a
 * long wait's history small. Runs from before the `hourly-recheck` patch keep re-checking every 10 minutes.
 */
const RECHECK_SECONDS = 3600;
const LEGACY_RECHECK_SECONDS = 600;

const stage = async (ctx: WorkflowContext, cycleId: string, name: string, extra: Record<string, unknown> = {}) => {
  await ctx.setStatus('stage', { stage: name, ...extra });
  await ctx.run('recordCycleStage', { cycleId, stage: name });
};

/**
 * One turn of the loop for a project and a time window: close the window's traces → fill the
 * review queue → wait for labels (each label wakes the cycle) until every failure mode marked
 * failing has its quota of failing traces, no task is left, or the deadline passes → freeze a dataset version →
 * generate and calibrate evaluators per failure mode → publish survivors → write the report.
 * The workflow id is the cycle id (project + window), so starting it twice returns this run.
 */
export const refreshCycle = defineWorkflow('refreshCycle', async (ctx, input: RefreshCycleInput) => {
  const cycleId = ctx.workflowId;
  const quota = input.quota ?? 15;
  await stage(ctx, cycleId, 'closing window');
  let closed = 0;
  for (let pass = 0; pass < MAX_CLOSE_PASSES; pass++) {
    const r = await ctx.run('closeTraces', {});
    closed += r.closed;
    if (!r.more) break;
  }

  await stage(ctx, cycleId, 'filling queue');
  const fill = await ctx.run('fillQueue', {
    projectId: input.projectId,
    windowStart: input.windowStart,
    windowEnd: input.windowEnd,
    budget: input.budget,
    randomFraction: input.randomFraction,
    cycleId,
  });

  const deadline =
    (await ctx.now()) + Math.min(input.reviewDeadlineSeconds ?? 5 * 24 * 3600, MAX_REVIEW_DEADLINE_SECONDS) * 1000;
  // A quiet re-check records nothing: the stage row is written once, the status (engine-side) each time.
  const quiet = ctx.patched('hourly-recheck');
  let recorded = false;
  let labels = await ctx.run('cycleLabelStatus', { projectId: input.projectId, cycleId, quota });
  while (!labels.complete) {
    const now = await ctx.now();
    if (now >= deadline) break;
    const extra = {
      waitingFor: `${quota} failing traces per failure mode, or until ${new Date(deadline).toISOString()}`,
      labels,
    };
    if (quiet && recorded) await ctx.setStatus('stage', { stage: 'waiting for labels', ...extra });
    else await stage(ctx, cycleId, 'waiting for labels', extra);
    recorded = true;
    const recheck = quiet ? RECHECK_SECONDS : LEGACY_RECHECK_SECONDS;
    await ctx.recv(LABEL_TOPIC, Math.max(1, Math.min(recheck, (deadline - now) / 1000)));
    labels = await ctx.run('cycleLabelStatus', { projectId: input.projectId, cycleId, quota });
  }
  const reviewEnded = labels.complete ? labels.why : 'the review deadline passed';

  await stage(ctx, cycleId, 'freezing dataset');
  const dataset = await ctx.run('freezeCycleDataset', { projectId: input.projectId, cycleId });

  await stage(ctx, cycleId, 'measuring drift');
  const drift = await ctx.run('cycleDrift', { projectId: input.projectId, cycleId });

  const generated = [];
  for (const mode of dataset.failureModes) {
    await stage(ctx, cycleId, 'generating evaluators', { failureMode: mode });
    const result = await ctx.run('generateEvaluators', {
      projectId: input.projectId,
      datasetVersionId: dataset.versionId,
      failureModes: [mode],
      runKey: cycleId,
    });
    generated.push(...result.failureModes.map((m) => ({ ...m, runId: result.runId })));
  }

  await stage(ctx, cycleId, 'writing report');
  const report = {
    cycleId,
    window: { start: input.windowStart, end: input.windowEnd },
    closedTraces: closed,
    reviewed: { queued: fill.queued, fill: fill.stats, labels, reviewEnded },
    dataset: { id: dataset.datasetId, version: dataset.version, labels: dataset.labelCount, hash: dataset.contentHash },
    learned: generated,
    drift,
  };
  await ctx.run('writeCycleReport', { cycleId, report });
  await ctx.setStatus('stage', { stage: 'done' });
  return report;
});
