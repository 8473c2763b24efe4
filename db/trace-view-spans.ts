import type pg from 'pg';

/** The normalized content fields the trace view reads (see core/normalize/types.ts). */
const CONTENT_FIELDS = [
  'systemInstructions',
  'inputMessages',
  'outputMessages',
  'toolDefinitions',
  'toolCalls',
  'retrievedDocuments',
  'input',
  'output',
  'errorMessage',
];

/**
 * The spans of one trace as the web view reads them: normalized fields only (no raw OTLP
 * attributes, which repeat the messages), in start order, with each LLM span's repeated
 * conversation history cut in the database. `repeated` is the length of the longest prefix of the
 * span's input messages equal to the previous LLM span's input followed by its output (finish
 * reasons aside); `content.inputMessages` then holds only the messages after it, and
 * `repeated_from` names that previous span. An agent's growing history thus crosses the wire
 * once, not once per call.
 *
 * Cost: each LLM span's stored content is decompressed twice (as itself, and as the next LLM
 * span's previous one: the window carries only TOAST pointers), each time unpacked in one pass
 * (`jsonb_to_record`, `offset 0` so it is not re-evaluated per use), and its messages compared by
 * index until the first difference.
 */
export const getCompactTraceSpans = async (pool: pg.Pool, projectId: string, traceId: string) => {
  const record = CONTENT_FIELDS.map((f) => `"${f}" jsonb`).join(', ');
  const rebuilt = CONTENT_FIELDS.map((f) => (f === 'inputMessages' ? `'${f}', m.new_input` : `'${f}', c."${f}"`)).join(
    ', ',
  );
  const { rows } = await pool.query(
    `select s.span_id, s.parent_span_id, s.name, s.kind, s.start_ns::text, s.duration_ms, s.status_message,
            s.is_error, s.error_type, s.provider, s.request_model, s.response_model, s.input_tokens,
            s.output_tokens, s.total_tokens, x.repeated,
            case when x.repeated > 0 then s.prev_span end as repeated_from,
            jsonb_build_object(${rebuilt}) as content
     from (
       select sp.*, lag(sp.span_id) over w as prev_span, lag(sp.content) over w as prev_content
       from spans sp where sp.project_id = $1 and sp.trace_id = $2
       window w as (partition by sp.kind = 'llm' order by sp.start_ns, sp.span_id)) s
     left join lateral (select * from jsonb_to_record(s.content) as c(${record}) offset 0) c on true
     left join lateral (
       select * from jsonb_to_record(case when s.kind = 'llm' then s.prev_content end)
         as p("inputMessages" jsonb, "outputMessages" jsonb)
       offset 0) p on true
     cross join lateral (
       select case when jsonb_typeof(c."inputMessages") = 'array' then c."inputMessages" end as im,
              case when jsonb_typeof(p."inputMessages") = 'array' then p."inputMessages" end as prev_in,
              case when jsonb_typeof(p."outputMessages") = 'array' then p."outputMessages" end as prev_out
       offset 0) a
     cross join lateral (
       select (select i from generate_series(0, least(jsonb_array_length(a.im), jsonb_array_length(a.prev_in)) - 1) i
               where (a.im -> i) is distinct from (a.prev_in -> i) limit 1) as first_diff
       offset 0) d
     cross join lateral (
       select case
         when s.kind <> 'llm' or a.im is null or a.prev_in is null then 0
         when d.first_diff is not null then d.first_diff
         when jsonb_array_length(a.im) <= jsonb_array_length(a.prev_in) then jsonb_array_length(a.im)
         else jsonb_array_length(a.prev_in) + (
           select coalesce(min(j), count(*))::int
           from generate_series(0, least(jsonb_array_length(a.im) - jsonb_array_length(a.prev_in),
                                         coalesce(jsonb_array_length(a.prev_out), 0)) - 1) j
           where (a.im -> (jsonb_array_length(a.prev_in) + j)) - 'finishReason'
                 is distinct from (a.prev_out -> j) - 'finishReason')
         end as repeated
       offset 0) x
     cross join lateral (
       select case when x.repeated > 0
                then (select coalesce(jsonb_agg(a.im -> i order by i), '[]'::jsonb)
                      from generate_series(x.repeated, jsonb_array_length(a.im) - 1) i)
                else c."inputMessages" end as new_input
       offset 0) m
     order by s.start_ns, s.span_id`,
    [projectId, traceId],
  );
  return rows;
};
