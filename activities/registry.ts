import { createCloseTracesActivity } from './close-traces.js';
import type { ActivityDeps } from './deps.js';
import { createFillQueueActivity } from './fill-queue.js';

/**
 * Every durable step, by its stable name (renaming one is a migration: recorded workflow
 * history refers to it). Each takes one JSON-serializable input and returns JSON.
 */
export const createActivities = (deps: ActivityDeps) => ({
  closeTraces: createCloseTracesActivity(deps),
  fillQueue: createFillQueueActivity(deps),
});

export type Activities = ReturnType<typeof createActivities>;
export type ActivityName = keyof Activities;
