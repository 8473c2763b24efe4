import { createCalibrateEvaluatorActivity } from './calibrate-evaluator.js';
import { createCloseTracesActivity } from './close-traces.js';
import { createCycleDriftActivity } from './cycle-drift.js';
import { createCycleSteps } from './cycle-steps.js';
import type { ActivityDeps } from './deps.js';
import { createFillQueueActivity } from './fill-queue.js';
import { createGateSteps } from './gate-steps.js';
import { createGenerateEvaluatorsActivity } from './generate-evaluators.js';
import { createRecalibrateActivity } from './recalibrate.js';
import { createRunEvaluatorActivity } from './run-evaluator.js';
import { createSyntheticInputsActivity } from './synthetic-inputs.js';
import { createWatchedEvaluatorsActivity } from './watched-evaluators.js';

/**
 * Every durable step, by its stable name (renaming one is a migration: recorded workflow
 * history refers to it). Each takes one JSON-serializable input and returns JSON.
 */
export const createActivities = (deps: ActivityDeps) => ({
  closeTraces: createCloseTracesActivity(deps),
  fillQueue: createFillQueueActivity(deps),
  generateEvaluators: createGenerateEvaluatorsActivity(deps),
  calibrateEvaluator: createCalibrateEvaluatorActivity(deps),
  runEvaluator: createRunEvaluatorActivity(deps),
  ...createCycleSteps(deps),
  ...createGateSteps(deps),
  recalibrateEvaluator: createRecalibrateActivity(deps),
  cycleDrift: createCycleDriftActivity(deps),
  listWatchedEvaluators: createWatchedEvaluatorsActivity(deps),
  generateSyntheticInputs: createSyntheticInputsActivity(deps),
});

export type Activities = ReturnType<typeof createActivities>;
export type ActivityName = keyof Activities;
