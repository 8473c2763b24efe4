import { cycleLabelStatus, recordCycleStage, saveCycleReport } from '../db/cycle-progress.js';
import { freezeAllLabels } from '../db/datasets.js';
import { LABEL_VERDICTS_SQL } from '../db/label-coverage.js';
import type { ActivityDeps } from './deps.js';

/** The steps of the refresh cycle that are not other stages' activities. */
export const createCycleSteps = (deps: ActivityDeps) => ({
  /** Records the stage (and error) on the cycle row, so it is visible without the engine. */
  recordCycleStage: (input: { cycleId: string; stage: string; status?: string; error?: string | null }) =>
    recordCycleStage(deps.pool, input),

  /** Labels made in this cycle per failure mode, pending tasks, and whether waiting is over. */
  cycleLabelStatus: (input: { projectId: string; cycleId: string; quota: number }) =>
    cycleLabelStatus(deps.pool, input.projectId, input.cycleId, input.quota),

  /**
   * Freezes all the project's labels into a dataset version (content-hashed: a repeat returns the
   * same version), with the active failure modes its labels marked failing (the ones to learn).
   */
  freezeCycleDataset: async (input: { projectId: string; cycleId: string }) => {
    const frozen = await freezeAllLabels(deps.pool, input.projectId, `cycle ${input.cycleId}`);
    // The active modes some frozen label marked failing (legacy labels: their own mode, when failing).
    const { rows } = await deps.pool.query<{ key: string }>(
      `select distinct c.key from dataset_version_labels dl join labels l on l.id = dl.label_id
       left join failure_modes m on m.id = l.failure_mode_id
       cross join lateral ${LABEL_VERDICTS_SQL}
       join failure_modes a on a.project_id = l.project_id and a.key = c.key
       where dl.dataset_version_id = $1 and c.verdict = 'fail' and a.status = 'active'
       order by c.key`,
      [frozen.versionId],
    );
    return { ...frozen, failureModes: rows.map((r) => r.key) };
  },

  /** Stores the cycle report and marks the cycle done. */
  writeCycleReport: (input: { cycleId: string; report: Record<string, unknown> }) =>
    saveCycleReport(deps.pool, input.cycleId, input.report),
});
