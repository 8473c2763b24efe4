import type pg from 'pg';
import type { FrozenLabel } from '../core/calibration/human-verdicts.js';
import { evalItemFromTrace } from '../core/evaluators/eval-item.js';
import type { EvalItem } from '../core/evaluators/types.js';
import { FROZEN_LABEL_COLUMNS, type FrozenLabelRow, withCoverage } from './label-coverage.js';

/**
 * The labels of a frozen dataset version, each with every failure mode it covered (legacy labels
 * resolved against the project's mode history), so `humanVerdicts` reads them by covered semantics.
 */
export const loadFrozenLabels = async (
  pool: pg.Pool,
  projectId: string,
  datasetVersionId: string,
): Promise<FrozenLabel[]> => {
  const { rows } = await pool.query<FrozenLabelRow>(
    `select ${FROZEN_LABEL_COLUMNS}
     from dataset_version_labels dl
     join dataset_versions v on v.id = dl.dataset_version_id
     join datasets d on d.id = v.dataset_id and d.project_id = $1
     join labels l on l.id = dl.label_id
     left join failure_modes m on m.id = l.failure_mode_id
     where dl.dataset_version_id = $2`,
    [projectId, datasetVersionId],
  );
  return withCoverage(pool, projectId, rows);
};

/** The evaluator's view (EvalItem) of each trace, in two queries for the whole set. */
export const loadEvalItems = async (pool: pg.Pool, projectId: string, traceIds: string[]) => {
  const unique = [...new Set(traceIds)];
  const [traces, spans] = await Promise.all([
    pool.query('select * from traces where project_id = $1 and trace_id = any($2::text[])', [projectId, unique]),
    pool.query(
      `select trace_id, span_id, parent_span_id, name, kind, start_ns::text, start_time::text, end_time::text,
              output_tokens, is_error, content
       from spans where project_id = $1 and trace_id = any($2::text[]) order by start_ns, span_id`,
      [projectId, unique],
    ),
  ]);
  const spansByTrace = new Map<string, typeof spans.rows>();
  for (const s of spans.rows) spansByTrace.set(s.trace_id, [...(spansByTrace.get(s.trace_id) ?? []), s]);
  const items = new Map<string, EvalItem>();
  for (const t of traces.rows) items.set(t.trace_id, evalItemFromTrace(t, spansByTrace.get(t.trace_id) ?? []));
  return items;
};
