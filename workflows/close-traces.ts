import { defineWorkflow } from './context.js';

/** Upper bound on passes per run, so one run cannot go on forever under a flood of traffic. */
const MAX_PASSES = 200;

/**
 * Closes every trace that has been idle for TRACE_IDLE_SECONDS: writes its rollup row.
 * Scheduled every minute by default; each pass is one durable step.
 */
export const closeTraces = defineWorkflow('closeTraces', async (ctx, _scheduledAt?: Date, _context?: unknown) => {
  let closed = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const result = await ctx.run('closeTraces', {});
    closed += result.closed;
    if (!result.more) break;
  }
  return { closed };
});
