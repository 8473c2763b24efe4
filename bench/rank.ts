/**
 * `npm run bench:rank`: signal computation plus ranking for a 50k-trace window, with 1M and
 * with 100k traces of history. Cost should grow with the window, not the history.
 * Flags: --window N (50000), --history N (1000000), --small-history N (100000).
 */
import { parseArgs } from 'node:util';
import { createActivities } from '../activities/registry.js';
import { parseConfig } from '../core/config.js';
import { resolveProjectSettings } from '../core/project-settings.js';
import { openDatabase } from '../db/connection.js';
import { migrateDatabase } from '../db/migrate.js';
import { ensureProject } from '../db/projects.js';
import { startBenchPostgres } from './bench-postgres.js';

const { values } = parseArgs({
  options: {
    window: { type: 'string', default: '50000' },
    history: { type: 'string', default: '1000000' },
    'small-history': { type: 'string', default: '100000' },
  },
});
const WINDOW = Number(values.window);
const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

const WINDOW_START = '2026-11-16T00:00:00Z';
const WINDOW_END = '2026-11-23T00:00:00Z';
const ROUTES = ['answer', 'research', 'summarize', 'triage'];
const MODELS = ['gpt-4o-2024-08-06', 'gpt-4o-mini', 'claude-3-5-sonnet-20241022', 'acme-llm-2'];
const PROMPTS = ['v6', 'v7'];

/** History: closed traces with rollups over the 30 days before the window (no spans needed). */
const insertHistory = async (pool: import('pg').Pool, n: number) => {
  const batch = 250_000;
  for (let from = 0; from < n; from += batch) {
    const to = Math.min(n, from + batch);
    await pool.query(
      `insert into traces (project_id, trace_id, status, last_span_at, closed_at, root_span_name, route, session_id, user_id,
         prompt_version, model_version, models, input, output, input_tokens, output_tokens, total_tokens, span_count,
         llm_calls, tool_calls, has_error, start_time, end_time, latency_ms, signals, anomaly_score)
       select 'default', md5('h' || i), 'closed', ts, ts, 'invoke_agent ' || r, r, 's' || (i % 200000), 'u' || (i % 50000),
         p, m, jsonb_build_array(m), 'question ' || (i % 9973) || ' about topic ' || (i % 131), 'answer ' || i,
         2 * (900 + (i % 400)), 2 * (150 + (i % 90)), 2 * (1050 + (i % 400) + (i % 90)), 4, 2, 1, false, ts,
         ts + interval '1500 milliseconds', 1500, '[]', 0
       from (select i, $3::timestamptz - (random() * interval '30 days') as ts,
               ($4::text[])[1 + i % 4] as r, ($5::text[])[1 + i % 4] as m, ($6::text[])[1 + i % 2] as p
             from generate_series($1::int, $2::int) i) s`,
      [from, to - 1, WINDOW_START, ROUTES, MODELS, PROMPTS],
    );
  }
};

/**
 * The window: open traces with their spans (agent root, two LLM calls, one tool call), idle
 * so closeTraces takes them. A few per cent carry anomalies: context pressure, token spikes,
 * truncation, tool errors, empty outputs, re-submissions (sessions shared with history).
 */
const insertWindow = async (pool: import('pg').Pool, n: number) => {
  await pool.query(
    `insert into traces (project_id, trace_id, status, last_span_at)
     select 'default', md5('w' || i), 'open', now() - interval '1 hour' from generate_series(0, $1::int - 1) i`,
    [n],
  );
  const span = (part: string) => `
    insert into spans (project_id, trace_id, span_id, parent_span_id, name, kind, otel_kind, start_time, end_time,
      start_ns, duration_ms, status_code, is_error, provider, request_model, response_model, input_tokens,
      output_tokens, total_tokens, session_id, user_id, tags, content, resource, scope, attributes, events, links)
    select 'default', md5('w' || i), ${part}
    from (select i, $2::timestamptz + (i::float8 / $1::float8) * interval '7 days' as ts,
            ($3::text[])[1 + i % 4] as r, ($4::text[])[1 + i % 4] as m, ($5::text[])[1 + i % 2] as p
          from generate_series(0, $1::int - 1) i) s`;
  const common = `'{}'::jsonb, '{"name":"bench"}'::jsonb`;
  const llm = (idx: number) => `
    substr(md5('l${idx}' || i), 1, 16), substr(md5('root' || i), 1, 16), 'chat ' || m, 'llm', 3,
    ts + interval '${idx * 500} milliseconds', ts + interval '${idx * 500 + 400} milliseconds',
    (extract(epoch from ts) * 1e9)::bigint + ${idx * 500_000_000}, 400 + (i % 37),
    case when ${idx} = 2 and i % 97 = 0 then 2 else 0 end, ${idx} = 2 and i % 97 = 0, 'openai', m, m,
    case when i % 53 = 0 then 120000 else 900 + (i % 400) end,
    case when i % 71 = 0 then 9000 else 150 + (i % 90) end, null,
    's' || (i % 200000), 'u' || (i % 50000),
    jsonb_build_object('prompt_version', p, 'model_version', m),
    jsonb_build_object(
      'inputMessages', jsonb_build_array(jsonb_build_object('role', 'user', 'content',
        'question ' || (i % 9973) || ' about topic ' || (i % 131), 'toolCalls', '[]'::jsonb)),
      'outputMessages', jsonb_build_array(jsonb_build_object('role', 'assistant', 'content',
        case when i % 89 = 0 then '' else 'answer ' || i end, 'toolCalls', '[]'::jsonb,
        'finishReason', case when i % 61 = 0 then 'length' else 'stop' end)),
      'finishReasons', jsonb_build_array(case when i % 61 = 0 then 'length' else 'stop' end),
      'toolCalls', '[]'::jsonb, 'input', null, 'output', null),
    ${common}, jsonb_build_object('gen_ai.request.model', m), '[]', '[]'`;
  await pool.query(
    span(`substr(md5('root' || i), 1, 16), null, 'invoke_agent ' || r, 'agent', 1, ts, ts + interval '1500 milliseconds',
      (extract(epoch from ts) * 1e9)::bigint, 1500 + (i % 700), 0, false, null, null, null, null, null, null,
      's' || (i % 200000), 'u' || (i % 50000), jsonb_build_object('agent', r, 'prompt_version', p),
      '{"inputMessages":[],"outputMessages":[],"toolCalls":[],"finishReasons":[],"input":null,"output":null}', ${common}, '{}', '[]', '[]'`),
    [WINDOW, WINDOW_START, ROUTES, MODELS, PROMPTS],
  );
  for (const idx of [1, 2]) await pool.query(span(llm(idx)), [WINDOW, WINDOW_START, ROUTES, MODELS, PROMPTS]);
  await pool.query(
    span(`substr(md5('tool' || i), 1, 16), substr(md5('root' || i), 1, 16), 'execute_tool search', 'tool', 1,
      ts + interval '900 milliseconds', ts + interval '1000 milliseconds', (extract(epoch from ts) * 1e9)::bigint + 900000000,
      100, case when i % 43 = 0 then 2 else 0 end, i % 43 = 0, null, null, null, null, null, null, null, null, '{}',
      jsonb_build_object('inputMessages', '[]'::jsonb, 'outputMessages', '[]'::jsonb, 'finishReasons', '[]'::jsonb,
        'input', null, 'output', null, 'toolCalls', jsonb_build_array(jsonb_build_object('id', 'c' || i, 'name', 'search', 'arguments', '{"q":"x"}',
          'result', case when i % 43 = 0 then '{"error":"backend timeout"}' else 'ok' end, 'error', null))),
      ${common}, '{}', '[]', '[]'`),
    [WINDOW, WINDOW_START, ROUTES, MODELS, PROMPTS],
  );
};

/** One run: fresh database, history, window; returns seconds for close+signals and for ranking. */
const run = async (history: number) => {
  const bench = await startBenchPostgres(process.env.DATABASE_URL, log);
  const handle = openDatabase(bench.url, { max: 8 });
  try {
    await migrateDatabase(handle);
    await ensureProject(handle.db, 'default');
    log(`history ${history}: inserting history`);
    await insertHistory(handle.pool, history);
    log(`history ${history}: inserting the ${WINDOW}-trace window (4 spans each)`);
    await insertWindow(handle.pool, WINDOW);
    await handle.pool.query('vacuum analyze traces');
    await handle.pool.query('vacuum analyze spans');
    const config = parseConfig({ DATABASE_URL: bench.url });
    const settings = resolveProjectSettings({});
    const activities = createActivities({
      config,
      pool: handle.pool,
      db: handle.db,
      llm: null,
      settingsOf: async () => settings,
      log,
    });
    const t0 = performance.now();
    let closed = 0;
    for (;;) {
      const pass = await activities.closeTraces({ idleSeconds: 60 });
      closed += pass.closed;
      if (!pass.more) break;
    }
    const t1 = performance.now();
    const fill = await activities.fillQueue({ projectId: 'default', windowStart: WINDOW_START, windowEnd: WINDOW_END });
    const t2 = performance.now();
    const signalled = await handle.pool.query(
      `select count(*)::int as n from traces where start_time >= $1 and start_time < $2 and jsonb_array_length(signals) > 0`,
      [WINDOW_START, WINDOW_END],
    );
    log(
      `history ${history}: closed ${closed} traces in ${((t1 - t0) / 1000).toFixed(1)} s ` +
        `(${signalled.rows[0].n} with signals); ranked ${fill.stats.candidates} candidates into ${fill.added} tasks ` +
        `in ${((t2 - t1) / 1000).toFixed(2)} s (strata ${JSON.stringify(fill.stats.strata)})`,
    );
    return (t2 - t0) / 1000;
  } finally {
    await handle.close();
    await bench.stop();
  }
};

const big = await run(Number(values.history));
const small = await run(Number(values['small-history']));
process.stdout.write(
  `rank: window ${WINDOW} traces; history ${values.history}: ${big.toFixed(1)} s; history ${values['small-history']}: ${small.toFixed(1)} s; ratio: ${(big / small).toFixed(2)}\n`,
);
