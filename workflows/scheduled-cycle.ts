import { cycleIdOf } from '../core/cycle-id.js';
import { defineWorkflow } from './context.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * Fired by a project's cycle schedule (default weekly, Monday 06:00 UTC): starts the refresh
 * cycle of the week that ended at the scheduled time.
 */
export const scheduledCycle = defineWorkflow(
  'scheduledCycle',
  async (ctx, scheduledAt: Date, context: { projectId: string }) => {
    const end = new Date(scheduledAt).toISOString();
    const start = new Date(new Date(scheduledAt).getTime() - WEEK_MS).toISOString();
    const cycleId = cycleIdOf(context.projectId, start, end);
    await ctx.start('refreshCycle', cycleId, { projectId: context.projectId, windowStart: start, windowEnd: end });
    return { cycleId };
  },
);
