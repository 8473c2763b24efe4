import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { parseConfig } from '../core/config.js';
import { createApiKey } from '../db/api-keys.js';
import { openDatabase } from '../db/connection.js';
import { agentHistoryTrace } from './agent-history.js';
import { startBenchPostgres } from './bench-postgres.js';
import { spawnServerChild } from './server-child.js';

const USAGE = `usage: npm run bench:ui -- [--sizes 100,500] [--runs 5]

Ingests synthetic agent traces (LLM calls with a growing history, a tool call after each) of a
10-span baseline and of each size into a fresh database, then fetches each trace page from
\`evalloop serve\` (a child process) over HTTP as a reviewer (redaction on) and as an admin, and
prints bytes sent gzipped and uncompressed, the page's element count, the server time (median of
--runs), and the same for opening the last LLM span (its content loads on demand), each also as
a ratio to the 10-span baseline measured in the same run.
`;

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,500' },
    runs: { type: 'string', default: '5' },
    help: { type: 'boolean', default: false },
  },
});

const log = (m: string) => process.stderr.write(`[bench:ui] ${m}\n`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

interface Measure {
  gzipBytes: number;
  rawBytes: number;
  elements: number;
  ms: number;
}

/** Fetches one page `runs` times (gzip asked, as browsers do): bytes on the wire, HTML size, elements, median time. */
const measure = async (url: string, cookie: string, runs: number): Promise<Measure> => {
  const times: number[] = [];
  let html = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    // fetch decodes gzip transparently: this is the page's HTML; wireBytes reads the compressed size.
    const res = await fetch(url, { headers: { cookie, 'accept-encoding': 'gzip' } });
    const body = Buffer.from(await res.arrayBuffer());
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}: ${body.toString().slice(0, 300)}`);
    html = body.toString('utf8');
  }
  return {
    gzipBytes: await wireBytes(url, cookie),
    rawBytes: Buffer.byteLength(html),
    elements: (html.match(/<[a-zA-Z][a-zA-Z0-9-]*/g) ?? []).length,
    ms: median(times),
  };
};

/** The compressed body's length as sent (node:http, which does not decode). */
const wireBytes = async (url: string, cookie: string) => {
  const { request } = await import('node:http');
  return new Promise<number>((resolve, reject) => {
    const req = request(url, { headers: { cookie, 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (res.headers['content-encoding'] !== 'gzip') return reject(new Error(`${url}: not gzipped`));
        gunzipSync(body); // a valid gzip stream, or this throws
        resolve(body.length);
      });
    });
    req.on('error', reject);
    req.end();
  });
};

const signIn = async (url: string, key: string) => {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ key, next: '/' }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('evalloop_session='));
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie.split(';')[0]!;
};

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;

const main = async () => {
  if (args.help) return void process.stdout.write(USAGE);
  const sizes = args.sizes.split(',').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 3 || n > 5000) throw new Error(`--sizes: "${s}" is not a span count in 3..5000`);
    return n;
  });
  const runs = Number(args.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error(`--runs: "${args.runs}" is not in 1..50`);

  const postgres = await startBenchPostgres(parseConfig(process.env).DATABASE_URL, log);
  process.once('exit', () => rmSync(postgres.workDir, { recursive: true, force: true }));
  const server = await spawnServerChild({
    cwd: join(import.meta.dirname, '..'),
    env: {
      DATABASE_URL: postgres.url,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      CLOSE_TRACES_CRON: '0 0 1 1 *',
    },
  });
  const database = openDatabase(postgres.url, { max: 2 });
  try {
    const keys = {
      ingest: await createApiKey(database.db, 'default', 'ingest', 'bench ingest'),
      review: await createApiKey(database.db, 'default', 'review', 'bench reviewer'),
      admin: await createApiKey(database.db, 'default', 'admin', 'bench admin'),
    };
    const all = [10, ...sizes];
    const traces = new Map<number, { traceId: string; lastLlm: string }>();
    for (const [i, n] of all.entries()) {
      const traceId = `${(i + 1).toString(16).padStart(2, '0')}${'ab'.repeat(15)}`;
      const trace = agentHistoryTrace({ traceId, spans: n, startMs: Date.UTC(2026, 0, 1, 12, i) });
      let sent = 0;
      for (const body of trace.bodies) {
        const text = JSON.stringify(body);
        sent += text.length;
        const res = await fetch(`${server.url}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.ingest}` },
          body: text,
        });
        if (res.status !== 200)
          throw new Error(`ingest of the ${n}-span trace: HTTP ${res.status} ${await res.text()}`);
      }
      const { rows } = await database.pool.query<{ span_id: string }>(
        `select span_id from spans where trace_id = $1 and kind = 'llm' order by start_ns desc limit 1`,
        [traceId],
      );
      traces.set(n, { traceId, lastLlm: rows[0]!.span_id });
      log(`ingested a ${trace.spans}-span trace (${trace.llmCalls} LLM calls, ${kb(sent)} of OTLP/JSON)`);
    }
    const stored = await database.pool.query<{ trace_id: string; bytes: number }>(
      `select trace_id, sum(pg_column_size(content))::float8 as bytes from spans group by trace_id`,
    );
    const contentBytes = new Map(stored.rows.map((r) => [r.trace_id, r.bytes]));

    const rows: string[] = [];
    for (const [who, key] of [
      ['reviewer', keys.review],
      ['admin', keys.admin],
    ] as const) {
      const cookie = await signIn(server.url, key);
      const results = new Map<number, { page: Measure; span: Measure }>();
      for (const n of all) {
        const { traceId, lastLlm } = traces.get(n)!;
        const page = await measure(`${server.url}/traces/${traceId}`, cookie, runs);
        const span = await measure(`${server.url}/traces/${traceId}/spans/${lastLlm}`, cookie, runs);
        results.set(n, { page, span });
      }
      const base = results.get(10)!;
      for (const n of all) {
        const { page, span } = results.get(n)!;
        rows.push(
          [
            who.padEnd(8),
            String(n).padStart(5),
            kb(contentBytes.get(traces.get(n)!.traceId) ?? 0).padStart(10),
            `${kb(page.gzipBytes)} (${ratio(page.gzipBytes, base.page.gzipBytes)})`.padStart(20),
            `${kb(page.rawBytes)} (${ratio(page.rawBytes, base.page.rawBytes)})`.padStart(20),
            `${page.elements} (${ratio(page.elements, base.page.elements)})`.padStart(15),
            `${page.ms.toFixed(0)} ms (${ratio(page.ms, base.page.ms)})`.padStart(16),
            `${kb(span.gzipBytes)} / ${kb(span.rawBytes)}`.padStart(22),
            `${span.ms.toFixed(0)} ms (${ratio(span.ms, base.span.ms)})`.padStart(16),
          ].join(' '),
        );
      }
    }
    process.stdout.write(
      [
        `trace page over HTTP, median of ${runs}; ratios against the 10-span trace of the same run`,
        [
          'viewer  ',
          'spans',
          '   stored',
          '           page gzip',
          '            page raw',
          '       elements',
          '     server time',
          '     last LLM span gz/raw',
          '       span time',
        ].join(' '),
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await database.close();
    await server.stop();
    await postgres.stop();
  }
};

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
