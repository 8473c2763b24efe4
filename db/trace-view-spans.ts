import type pg from 'pg';

/**
 * The spans of one trace as the web view reads them: normalized fields only (no raw OTLP
 * attributes, which repeat the messages), in start order, with each LLM span's repeated
 * conversation history cut in the database. `repeated` is the length of the longest prefix of the
 * span's input messages equal (finish reasons aside) to the previous LLM span's input followed by
 * its output; `content.inputMessages` then holds only the messages after it, and `repeated_from`
 * names that previous span. An agent's growing history thus crosses the wire once, not once per call.
 */
export const getCompactTraceSpans = async (pool: pg.Pool, projectId: string, traceId: string) => {
  const { rows } = await pool.query(
    `with s as (
       select span_id, parent_span_id, name, kind, start_ns, duration_ms, status_message, is_error, error_type,
              provider, request_model, response_model, input_tokens, output_tokens, total_tokens, content,
              coalesce(content->'inputMessages', '[]'::jsonb) as im,
              lag(coalesce(content->'inputMessages', '[]'::jsonb) || coalesce(content->'outputMessages', '[]'::jsonb))
                over w as prev_all,
              lag(span_id) over w as prev_span
       from spans where project_id = $1 and trace_id = $2
       window w as (partition by kind = 'llm' order by start_ns, span_id)),
     r as (
       select s.*, case when kind <> 'llm' or prev_all is null or jsonb_typeof(im) <> 'array'
                          or jsonb_typeof(prev_all) <> 'array' then 0
                   else (select coalesce(min(o) - 1, least(jsonb_array_length(im), jsonb_array_length(prev_all)))
                         from jsonb_array_elements(im) with ordinality a(e, o)
                         where o <= jsonb_array_length(prev_all)
                           and (e - 'finishReason') is distinct from ((prev_all -> (o::int - 1)) - 'finishReason'))
                   end as repeated
       from s)
     select span_id, parent_span_id, name, kind, start_ns::text, duration_ms, status_message, is_error, error_type,
            provider, request_model, response_model, input_tokens, output_tokens, total_tokens, repeated,
            case when repeated > 0 then prev_span end as repeated_from,
            case when repeated > 0 then jsonb_set(content, '{inputMessages}',
                   (select coalesce(jsonb_agg(e order by o), '[]'::jsonb)
                    from jsonb_array_elements(im) with ordinality a(e, o) where o > repeated))
                 else content end as content
     from r order by start_ns, span_id`,
    [projectId, traceId],
  );
  return rows;
};
