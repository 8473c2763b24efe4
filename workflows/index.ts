import { closeTraces } from './close-traces.js';

/** Every workflow, registered in this order. Names are stable: renaming one is a migration. */
export const workflows = { closeTraces } as const;

export type Workflows = typeof workflows;
