import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { CoveredVerdict } from '../core/calibration/human-verdicts.js';
import { coverageOf } from '../core/calibration/label-coverage.js';
import { reviewableSql } from '../core/consent.js';
import { AppError } from '../core/errors.js';
import { resolveProjectSettings } from '../core/project-settings.js';
import {
  coveredFromRow,
  FROZEN_LABEL_COLUMNS,
  type FrozenLabelRow,
  loadModeHistory,
  withCoverage,
} from './label-coverage.js';

export interface DatasetView {
  id: string;
  name: string;
  failureMode: string | null;
  createdAt: string;
  versions: {
    version: number;
    contentHash: string;
    labelCount: number;
    /** Labels left out because their traces may not be reviewed (no consent). */
    excludedNoConsent: number;
    /** Labels on synthetic traces. */
    syntheticLabels: number;
    createdAt: string;
    createdBy: string;
  }[];
}

/** Datasets of a project with their versions, newest version first. */
export const listDatasets = async (pool: pg.Pool, projectId: string): Promise<DatasetView[]> => {
  const { rows } = await pool.query(
    `select d.id, d.name, m.key as "failureMode", d.created_at::text as "createdAt",
       coalesce((select json_agg(json_build_object('version', v.version, 'contentHash', v.content_hash,
         'labelCount', v.label_count, 'excludedNoConsent', v.excluded_no_consent,
         'syntheticLabels', v.synthetic_labels, 'createdAt', v.created_at, 'createdBy', v.created_by) order by v.version desc)
         from dataset_versions v where v.dataset_id = d.id), '[]') as versions
     from datasets d left join failure_modes m on m.id = d.failure_mode_id
     where d.project_id = $1 order by d.name`,
    [projectId],
  );
  return rows;
};

export const findDataset = async (pool: pg.Pool, projectId: string, id: string) =>
  (await listDatasets(pool, projectId)).find((d) => d.id === id) ?? null;

/** Creates a dataset for one failure mode (or all when `failureModeKey` is null). */
export const createDataset = async (pool: pg.Pool, projectId: string, name: string, failureModeKey: string | null) => {
  let modeId: string | null = null;
  if (failureModeKey) {
    const mode = await pool.query('select id from failure_modes where project_id = $1 and key = $2', [
      projectId,
      failureModeKey,
    ]);
    if (mode.rowCount === 0)
      throw new AppError('bad_request', `failureMode: no failure mode "${failureModeKey}"`, { field: 'failureMode' });
    modeId = mode.rows[0].id;
  }
  const inserted = await pool.query(
    `insert into datasets (project_id, name, failure_mode_id) values ($1, $2, $3)
     on conflict (project_id, name) do nothing returning id`,
    [projectId, name, modeId],
  );
  if (inserted.rowCount === 0) throw new AppError('conflict', `dataset "${name}" already exists`, { field: 'name' });
  return (await findDataset(pool, projectId, inserted.rows[0].id))!;
};

/**
 * The labels a freeze takes: every label not superseded by a later one; for a failure-mode
 * dataset, the labels that judged that mode — recorded coverage naming it, a legacy label of that
 * mode, or a legacy "no failure" label made after the mode existed (read as in core/calibration/label-coverage.ts).
 * `reviewable` says whether the label's trace may be reviewed under the project's consent rule ($3: required).
 */
const EFFECTIVE_LABELS = `
  select ${FROZEN_LABEL_COLUMNS}, ${reviewableSql('t', 3)} as reviewable,
    coalesce(t.tags->>'synthetic' = 'true', false) as synthetic
  from labels l left join failure_modes m on m.id = l.failure_mode_id
    left join traces t on t.project_id = l.project_id and t.trace_id = l.trace_id
  where l.project_id = $1
    and ($2::uuid is null
         or l.covered @> jsonb_build_array(jsonb_build_object('failureModeId', $2::uuid::text))
         or (l.covered is null and l.failure_mode_id = $2)
         or (l.covered is null and l.failure_mode_id is null
             and exists (select 1 from failure_modes f
                         where f.id = $2 and f.created_at <= l.created_at and f.status <> 'proposed')))
    and not exists (select 1 from labels s where s.project_id = l.project_id and s.supersedes = l.id)
  order by l.id`;

/** Failure mode key → the rubric versions the labels judged it under (only `onlyMode` when given). */
const rubricVersionsOf = (labels: { covered: CoveredVerdict[] }[], onlyMode: string | null) => {
  const out: Record<string, number[]> = {};
  for (const c of labels.flatMap((l) => l.covered)) {
    if (c.rubricVersion === null || (onlyMode !== null && c.failureMode !== onlyMode)) continue;
    const list = out[c.failureMode] ?? [];
    if (!list.includes(c.rubricVersion)) list.push(c.rubricVersion);
    out[c.failureMode] = list;
  }
  for (const list of Object.values(out)) list.sort((a, b) => a - b);
  return out;
};

/**
 * Freezes a dataset's current labels into an immutable, content-hashed version. If nothing
 * changed since the last version (same labels), that version is returned instead of a copy.
 */
export const freezeDataset = async (pool: pg.Pool, projectId: string, datasetId: string, createdBy: string) => {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const dataset = await client.query(
      `select d.id, d.failure_mode_id, m.key from datasets d left join failure_modes m on m.id = d.failure_mode_id
       where d.project_id = $1 and d.id = $2 for update of d`,
      [projectId, datasetId],
    );
    if (dataset.rowCount === 0) throw new AppError('not_found', `no dataset ${datasetId}`);
    const project = await client.query('select settings from projects where id = $1', [projectId]);
    const { consent } = resolveProjectSettings(project.rows[0]?.settings);
    const effective = await client.query<FrozenLabelRow & { reviewable: boolean; synthetic: boolean }>(
      EFFECTIVE_LABELS,
      [projectId, dataset.rows[0].failure_mode_id, consent.required],
    );
    // Labels of traces that may not be reviewed (no consent) never enter a version.
    const rows = effective.rows.filter((r) => r.reviewable);
    const excludedNoConsent = effective.rows.length - rows.length;
    const syntheticLabels = rows.filter((r) => r.synthetic).length;
    const rubricVersions = rubricVersionsOf(await withCoverage(client, projectId, rows), dataset.rows[0].key);
    const hash = createHash('sha256');
    for (const r of rows) hash.update(`${r.id}\n`);
    const contentHash = hash.digest('hex');
    const latest = await client.query(
      'select id, version, content_hash from dataset_versions where dataset_id = $1 order by version desc limit 1',
      [datasetId],
    );
    let version = latest.rows[0]?.version as number | undefined;
    let versionId = latest.rows[0]?.id as string | undefined;
    let created = false;
    if (latest.rows[0]?.content_hash !== contentHash) {
      version = (version ?? 0) + 1;
      const inserted = await client.query(
        `insert into dataset_versions
           (dataset_id, version, content_hash, label_count, rubric_versions, created_by, excluded_no_consent,
            synthetic_labels)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
        [
          datasetId,
          version,
          contentHash,
          rows.length,
          JSON.stringify(rubricVersions),
          createdBy,
          excludedNoConsent,
          syntheticLabels,
        ],
      );
      versionId = inserted.rows[0].id;
      await client.query(
        'insert into dataset_version_labels (dataset_version_id, label_id) select $1, unnest($2::uuid[])',
        [versionId, rows.map((r) => r.id)],
      );
      created = true;
    }
    await client.query('commit');
    return {
      datasetId,
      versionId: versionId!,
      version: version!,
      contentHash,
      labelCount: rows.length,
      rubricVersions,
      excludedNoConsent,
      syntheticLabels,
      created,
    };
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
};

/**
 * Pages through a frozen version's labels (with their traces' input and output), in label-id
 * order; each line says which failure modes the label covered, at which rubric versions
 * (`adjudicates` non-null: an adjudication, the ground truth of its mode over the reviewers' labels).
 */
export const readVersionPage = async (
  pool: pg.Pool,
  projectId: string,
  datasetId: string,
  version: number,
  after: string | null,
  limit: number,
) => {
  const { rows } = await pool.query(
    `select l.id, l.trace_id as "traceId", m.key as "failureMode", l.verdict, l.score, l.critique, l.reviewer,
            l.rubric_version as "rubricVersion", l.sampling, l.sampling_probability as "samplingProbability",
            l.supersedes, l.adjudicates, l.created_at as "createdAt", l.created_at::text as "labeledAt", l.covered,
            t.input, t.output
     from dataset_versions v
     join datasets d on d.id = v.dataset_id and d.project_id = $1
     join dataset_version_labels dl on dl.dataset_version_id = v.id
     join labels l on l.id = dl.label_id
     left join failure_modes m on m.id = l.failure_mode_id
     left join traces t on t.project_id = l.project_id and t.trace_id = l.trace_id
     where v.dataset_id = $2 and v.version = $3 and ($4::uuid is null or l.id > $4)
     order by l.id limit $5`,
    [projectId, datasetId, version, after, limit],
  );
  const legacyNoFailure = rows.some((r) => r.covered === null && r.failureMode === null);
  const modes = legacyNoFailure ? await loadModeHistory(pool, projectId) : [];
  return rows.map(({ labeledAt, covered: stored, ...r }) => {
    const covered = coverageOf({ ...r, createdAt: labeledAt, covered: coveredFromRow(stored) }, modes);
    return {
      ...r,
      failureModes: covered.filter((c) => c.verdict === 'fail').map((c) => c.failureMode),
      covered,
      coverageRecorded: stored !== null,
    };
  });
};

export const findVersion = async (pool: pg.Pool, projectId: string, datasetId: string, version: number) =>
  (
    await pool.query(
      `select v.version, v.content_hash as "contentHash", v.label_count as "labelCount", v.rubric_versions as "rubricVersions"
       from dataset_versions v join datasets d on d.id = v.dataset_id
       where d.project_id = $1 and v.dataset_id = $2 and v.version = $3`,
      [projectId, datasetId, version],
    )
  ).rows[0] ?? null;

/** The project's dataset of all labels (created on first use), frozen now: what cycles and generation calibrate on. */
export const freezeAllLabels = async (pool: pg.Pool, projectId: string, createdBy: string) => {
  await pool.query(
    `insert into datasets (project_id, name, failure_mode_id) values ($1, 'all-labels', null) on conflict (project_id, name) do nothing`,
    [projectId],
  );
  const { rows } = await pool.query(`select id from datasets where project_id = $1 and name = 'all-labels'`, [
    projectId,
  ]);
  return freezeDataset(pool, projectId, rows[0].id, createdBy);
};
