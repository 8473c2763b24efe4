import { toTemporalWorkflow } from './engine-temporal-sandbox.js';
import { workflows } from './index.js';

/**
 * The entry Temporal bundles into its workflow sandbox: every workflow body, exported under its
 * stable name (the Temporal workflow type). Imports only bodies and the sandbox adapter.
 */
export const closeTraces = toTemporalWorkflow(workflows.closeTraces, true);
export const refreshCycle = toTemporalWorkflow(workflows.refreshCycle);
export const scheduledCycle = toTemporalWorkflow(workflows.scheduledCycle, true);
export const gate = toTemporalWorkflow(workflows.gate);
export const recalibrate = toTemporalWorkflow(workflows.recalibrate);
export const driftWatch = toTemporalWorkflow(workflows.driftWatch, true);
