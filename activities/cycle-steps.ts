import { cycleLabelStatus, recordCycleStage, saveCycleReport } from '../db/cycle-progress.js';
import { freezeAllLabels } from '../db/datasets.js';
import type { ActivityDeps } from './deps.js';

/** The steps of the refresh cycle that are not other stages' activities. */
export const createCycleSteps = (deps: ActivityDeps) => ({
  /** Records the stage (and error) on the cycle row, so it is visible without the engine. */
  recordCycleStage: (input: { cycleId: string; stage: string; status?: string; error?: string | null }) =>
    recordCycleStage(deps.pool, input),

  /** Labels made in this cycle per failure mode, pending tasks, and whether waiting is over. */
  cycleLabelStatus: (input: { projectId: string; cycleId: string; quota: number }) =>
    cycleLabelStatus(deps.pool, input.projectId, input.cycleId, input.quota),

  /** Freezes all the project's labels into a dataset version (content-hashed: a repeat returns the same version). */
  freezeCycleDataset: async (input: { projectId: string; cycleId: string }) => {
    const frozen = await freezeAllLabels(deps.pool, input.projectId, `cycle ${input.cycleId}`);
    const { rows } = await deps.pool.query<{ key: string }>(
      `select distinct m.key from dataset_version_labels dl join labels l on l.id = dl.label_id
       join failure_modes m on m.id = l.failure_mode_id where dl.dataset_version_id = $1 and m.status = 'active'
       order by m.key`,
      [frozen.versionId],
    );
    return { ...frozen, failureModes: rows.map((r) => r.key) };
  },

  /** Stores the cycle report and marks the cycle done. */
  writeCycleReport: (input: { cycleId: string; report: Record<string, unknown> }) =>
    saveCycleReport(deps.pool, input.cycleId, input.report),
});
