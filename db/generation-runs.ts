import type pg from 'pg';

/** A stored generation run. */
export interface GenerationRunView {
  id: string;
  runKey: string;
  datasetVersionId: string;
  failureModes: string[] | null;
  createdBy: string;
  publishedCount: number;
  summary: string;
  report: unknown;
  createdAt: string;
}

const COLUMNS = `id, run_key as "runKey", dataset_version_id as "datasetVersionId", failure_modes as "failureModes",
  created_by as "createdBy", published_count as "publishedCount", summary, report, created_at::text as "createdAt"`;

export const findGenerationRunByKey = async (
  pool: pg.Pool,
  projectId: string,
  runKey: string,
): Promise<GenerationRunView | null> =>
  (
    await pool.query(`select ${COLUMNS} from generation_runs where project_id = $1 and run_key = $2`, [
      projectId,
      runKey,
    ])
  ).rows[0] ?? null;

export const findGenerationRun = async (
  pool: pg.Pool,
  projectId: string,
  id: string,
): Promise<GenerationRunView | null> =>
  (await pool.query(`select ${COLUMNS} from generation_runs where project_id = $1 and id = $2`, [projectId, id]))
    .rows[0] ?? null;

/** Newest first, without the bulky report. */
export const listGenerationRuns = async (
  pool: pg.Pool,
  projectId: string,
  limit: number,
): Promise<Omit<GenerationRunView, 'report'>[]> =>
  (
    await pool.query(
      `select id, run_key as "runKey", dataset_version_id as "datasetVersionId", failure_modes as "failureModes",
              created_by as "createdBy", published_count as "publishedCount", summary, created_at::text as "createdAt"
       from generation_runs where project_id = $1 order by created_at desc, id limit $2`,
      [projectId, limit],
    )
  ).rows;

/** Stores a run once per key; a retried run gets the record written first. */
export const recordGenerationRun = async (
  pool: pg.Pool,
  run: Omit<GenerationRunView, 'id' | 'createdAt'> & { projectId: string },
): Promise<GenerationRunView> => {
  await pool.query(
    `insert into generation_runs (project_id, run_key, dataset_version_id, failure_modes, created_by, published_count, summary, report)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (project_id, run_key) do nothing`,
    [
      run.projectId,
      run.runKey,
      run.datasetVersionId,
      run.failureModes === null ? null : JSON.stringify(run.failureModes),
      run.createdBy,
      run.publishedCount,
      run.summary,
      JSON.stringify(run.report),
    ],
  );
  const stored = await findGenerationRunByKey(pool, run.projectId, run.runKey);
  if (!stored) throw new Error(`generation run ${run.runKey} was not stored`);
  return stored;
};

/** Trace ids of a dataset version's labels that came from the random slice of a review queue. */
export const randomSliceTraceIds = async (pool: pg.Pool, projectId: string, datasetVersionId: string) =>
  new Set<string>(
    (
      await pool.query(
        `select distinct l.trace_id from dataset_version_labels dl
         join labels l on l.id = dl.label_id and l.project_id = $1
         where dl.dataset_version_id = $2 and l.sampling = 'random'`,
        [projectId, datasetVersionId],
      )
    ).rows.map((r) => r.trace_id as string),
  );

/** Whether a dataset version exists and belongs to the project (a foreign id is as unknown as a missing one). */
export const datasetVersionInProject = async (pool: pg.Pool, projectId: string, versionId: string) =>
  (
    await pool.query(
      `select 1 from dataset_versions v join datasets d on d.id = v.dataset_id
       where v.id = $2 and d.project_id = $1`,
      [projectId, versionId],
    )
  ).rowCount === 1;
