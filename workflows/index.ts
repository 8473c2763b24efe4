import { closeTraces } from './close-traces.js';
import { gate } from './gate.js';
import { driftWatch, recalibrate } from './recalibrate.js';
import { refreshCycle } from './refresh-cycle.js';
import { scheduledCycle } from './scheduled-cycle.js';

/** Every workflow, registered in this order. Names are stable: renaming one is a migration. */
export const workflows = { closeTraces, refreshCycle, scheduledCycle, gate, recalibrate, driftWatch } as const;

export type Workflows = typeof workflows;
