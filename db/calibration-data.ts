import type pg from 'pg';
import type { FrozenLabel } from '../core/calibration/human-verdicts.js';
import { evalItemFromTrace } from '../core/evaluators/eval-item.js';
import type { EvalItem } from '../core/evaluators/types.js';

/** The labels of a frozen dataset version, and the failure modes they name (with current rubrics). */
export const loadFrozenLabels = async (pool: pg.Pool, projectId: string, datasetVersionId: string) => {
  const { rows } = await pool.query(
    `select l.id, l.trace_id as "traceId", m.key as "failureMode", l.verdict, l.score, l.critique, l.reviewer,
            l.created_at::text as "createdAt"
     from dataset_version_labels dl
     join dataset_versions v on v.id = dl.dataset_version_id
     join datasets d on d.id = v.dataset_id and d.project_id = $1
     join labels l on l.id = dl.label_id
     left join failure_modes m on m.id = l.failure_mode_id
     where dl.dataset_version_id = $2`,
    [projectId, datasetVersionId],
  );
  return rows as FrozenLabel[];
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
