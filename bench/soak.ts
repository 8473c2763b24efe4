import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { parseConfig } from '../core/config.js';
import { createRng } from '../core/stats/random.js';
import { createApiKey } from '../db/api-keys.js';
import { openDatabase } from '../db/connection.js';
import { startBenchPostgres } from './bench-postgres.js';
import { readMemory, sampleMemory, spawnServerChild } from './server-child.js';
import { agentExports, gzipBomb, malformedBodies, mixedJsonExport } from './soak-traffic.js';

const USAGE = `usage: npm run bench:soak -- [--duration S] [--concurrency C] [--idle S] [--kinds K,...] [--measure-amplification]

Runs \`evalloop serve\` as a child process (loopback only) and, for S seconds (default 180), has C
concurrent clients (default 8) send a mix of normal protobuf exports, large exports, JSON exports
mixing good spans with out-of-range values, gzip bombs and malformed bodies, label posts and gate
polls (--kinds: only these of normal,large,mixed,bomb,malformed,label,gate). Then waits for the idle traces to close and prints, as its last line: requests by status,
acknowledged vs stored spans, traces left open past the idle time, and the server's peak RSS.
Target: 0 lost, 0 stuck, peak RSS < 512 MB.
--measure-amplification instead sends one large export alone and prints the server's peak RSS
growth per decompressed body byte (the MEMORY_PER_BODY_BYTE of api/otlp-ingest.ts).
`;

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '180' },
    concurrency: { type: 'string', default: '8' },
    idle: { type: 'string', default: '5' },
    kinds: { type: 'string' },
    'measure-amplification': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

const positive = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, not "${text}"`);
  return n;
};

const log = (m: string) => process.stderr.write(`[soak] ${m}\n`);
const MB = 1024 * 1024;

/** Undo steps, run last-first when the run ends. */
const cleanups: (() => Promise<void>)[] = [];
const cleanUp = async () => {
  for (let step = cleanups.pop(); step; step = cleanups.pop()) {
    await step().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
  }
};

const startServer = async (env: Record<string, string>) => {
  const postgres = await startBenchPostgres(parseConfig(process.env).DATABASE_URL, log);
  cleanups.push(postgres.stop);
  process.once('exit', () => rmSync(postgres.workDir, { recursive: true, force: true }));
  const server = await spawnServerChild({
    cwd: join(import.meta.dirname, '..'),
    env: { DATABASE_URL: postgres.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
  });
  cleanups.push(() => server.stop());
  const database = openDatabase(postgres.url, { max: 2 });
  cleanups.push(database.close);
  return { server, database };
};

/** One large export alone: how much the server's RSS grows per decompressed body byte. */
const measureAmplification = async () => {
  const exports = agentExports(12_000, 12_000);
  const body = exports[0]!.body;
  const { server, database } = await startServer({
    OTLP_MAX_BODY_BYTES: String(512 * MB),
    INGEST_MAX_INFLIGHT_BYTES: String(4096 * MB),
    CLOSE_TRACES_CRON: '0 0 1 1 *',
  });
  const key = await createApiKey(database.db, 'default', 'ingest', 'soak');
  await sleep(3000);
  const idle = readMemory(server.pid)!;
  const memory = sampleMemory(server.pid, 20);
  const res = await fetch(`${server.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${key}` },
    body,
  });
  await res.arrayBuffer();
  const { peak } = memory.stop();
  const growth = peak - Math.max(idle.peak, idle.rss);
  process.stdout.write(
    `amplification: HTTP ${res.status}, body ${(body.length / MB).toFixed(1)} MB, idle RSS ${(idle.rss / MB).toFixed(0)} MB, ` +
      `peak RSS ${(peak / MB).toFixed(0)} MB, growth ${(growth / MB).toFixed(0)} MB = ${(growth / body.length).toFixed(2)} bytes per body byte\n`,
  );
};

type Kind = 'normal' | 'large' | 'mixed' | 'bomb' | 'malformed' | 'label' | 'gate';
const MIX: [Kind, number][] = [
  ['normal', 50],
  ['large', 6],
  ['mixed', 14],
  ['bomb', 6],
  ['malformed', 8],
  ['label', 10],
  ['gate', 6],
];

const soak = async (options: { durationS: number; concurrency: number; idleS: number; kinds?: string }) => {
  const only = options.kinds?.split(',');
  const mix = only ? MIX.filter(([kind]) => only.includes(kind)) : MIX;
  if (mix.length === 0) throw new Error(`--kinds must list some of ${MIX.map(([k]) => k).join(',')}`);
  log('encoding traffic');
  const normal = agentExports(30_000, 100);
  const large = agentExports(24_000, 6_000);
  const bomb = gzipBomb();
  const malformed = malformedBodies(normal[0]!.body);
  const { server, database } = await startServer({
    TRACE_IDLE_SECONDS: String(options.idleS),
    CLOSE_TRACES_CRON: '*/5 * * * * *',
  });
  log(`server pid ${server.pid} at ${server.url}`);
  const ingest = await createApiKey(database.db, 'default', 'ingest', 'soak ingest');
  const review = await createApiKey(database.db, 'default', 'review', 'soak review');
  const ci = await createApiKey(database.db, 'default', 'ci', 'soak ci');

  const statuses = new Map<string, number>();
  const acknowledged = new Set<string>();
  const traceIds: string[] = [];
  let normalNext = 0;
  let largeNext = 0;
  const random = createRng(42);
  const total = mix.reduce((n, [, w]) => n + w, 0);
  const pickKind = (): Kind => {
    let r = random() * total;
    for (const [kind, w] of mix) {
      r -= w;
      if (r < 0) return kind;
    }
    return mix[0]![0];
  };

  const otlp = (body: Uint8Array | string, type: string, extra: Record<string, string> = {}) =>
    fetch(`${server.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': type, authorization: `Bearer ${ingest}`, ...extra },
      body,
    });

  const sendOne = async (kind: Kind) => {
    let res: Response;
    let spanIds: string[] = [];
    switch (kind) {
      case 'normal':
      case 'large': {
        const pool = kind === 'normal' ? normal : large;
        const item = pool[(kind === 'normal' ? normalNext++ : largeNext++) % pool.length]!;
        res = await otlp(item.body, 'application/x-protobuf');
        spanIds = item.spanIds;
        break;
      }
      case 'mixed': {
        const item = mixedJsonExport(20);
        res = await otlp(item.body, 'application/json');
        spanIds = item.spanIds;
        break;
      }
      case 'bomb':
        res = await otlp(bomb, 'application/x-protobuf', { 'content-encoding': 'gzip' });
        break;
      case 'malformed': {
        const m = malformed[Math.floor(random() * malformed.length)]!;
        res = await otlp(m.body, m.type);
        break;
      }
      case 'label': {
        const traceId = traceIds[Math.floor(random() * traceIds.length)];
        res = await fetch(`${server.url}/api/labels`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${review}` },
          body: JSON.stringify({ id: randomUUID(), traceId: traceId ?? `${'0'.repeat(31)}1`, failureMode: null }),
        });
        break;
      }
      case 'gate':
        res = await fetch(`${server.url}/api/gates`, { headers: { authorization: `Bearer ${ci}` } });
        break;
    }
    const text = await res.text();
    const key = `${kind}:${res.status}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    if (res.status === 200 && spanIds.length > 0) {
      const rejected = Number(/"rejectedSpans":"?(\d+)/.exec(text)?.[1] ?? 0);
      if (rejected > 0) log(`${kind}: ${rejected} spans rejected: ${text.slice(0, 300)}`);
      else for (const id of spanIds) acknowledged.add(id);
    }
    if (res.status >= 500 && res.status !== 503) log(`${kind}: HTTP ${res.status} ${text.slice(0, 300)}`);
  };

  // Trace ids to label: those of the first normal exports, once acknowledged.
  const labelTargets = async () => {
    const { rows } = await database.pool.query<{ trace_id: string }>(
      'select trace_id from traces order by last_span_at limit 200',
    );
    traceIds.splice(0, traceIds.length, ...rows.map((r) => r.trace_id));
  };

  const memory = sampleMemory(server.pid);
  const idleRss = readMemory(server.pid)?.rss ?? 0;
  const deadline = Date.now() + options.durationS * 1000;
  let errors = 0;
  const client = async () => {
    while (Date.now() < deadline) {
      const kind = pickKind();
      await sendOne(kind).catch((err: unknown) => {
        errors++;
        const key = `${kind}:reset`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (errors <= 5) log(`${kind}: client error: ${String(err)} ${String((err as Error).cause ?? '')}`);
      });
    }
  };
  const refresh = setInterval(() => void labelTargets().catch(() => {}), 5000);
  log(`soaking for ${options.durationS} s with ${options.concurrency} clients`);
  await Promise.all(Array.from({ length: options.concurrency }, client));
  clearInterval(refresh);

  // Everything acknowledged must be stored, and every trace closed once idle (plus a close pass).
  log('load done; waiting for idle traces to close');
  const graceS = options.idleS + 10;
  const stuckQuery = `select count(*)::int as n from traces
     where status = 'open' and last_span_at < now() - make_interval(secs => $1)`;
  let stuck = 0;
  for (let waited = 0; waited < 90; waited += 5) {
    await sleep(5000);
    stuck = (await database.pool.query<{ n: number }>(stuckQuery, [graceS])).rows[0]!.n;
    const open = (
      await database.pool.query<{ n: number }>(`select count(*)::int as n from traces where status = 'open'`)
    ).rows[0]!.n;
    if (open === 0) break;
  }
  const { maxRss, peak } = memory.stop();
  const stored = new Set(
    (await database.pool.query<{ span_id: string }>('select span_id from spans')).rows.map((r) => r.span_id),
  );
  let lost = 0;
  for (const id of acknowledged) if (!stored.has(id)) lost++;
  const failed = (
    await database.pool.query<{ n: number }>(`select count(*)::int as n from traces where status = 'close_failed'`)
  ).rows[0]!.n;

  const byStatus = [...statuses.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}=${n}`)
    .join(' ');
  const requests = [...statuses.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(
    `soak ${options.durationS}s c=${options.concurrency}: ${requests} requests (${byStatus}; client errors ${errors}); ` +
      `spans acknowledged ${acknowledged.size}, stored ${stored.size}, lost ${lost}; ` +
      `traces open past idle ${stuck}, close_failed ${failed}; ` +
      `server RSS idle ${(idleRss / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB (max sampled ${(maxRss / MB).toFixed(0)} MB)\n`,
  );
  if (lost > 0 || stuck > 0 || peak >= 512 * MB) process.exitCode = 1;
};

const main = async () => {
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  process.once('SIGINT', () => {
    log('interrupted');
    void cleanUp();
    setTimeout(() => process.exit(130), 15_000).unref();
  });
  try {
    if (args['measure-amplification']) await measureAmplification();
    else
      await soak({
        durationS: positive('duration', args.duration),
        concurrency: positive('concurrency', args.concurrency),
        idleS: positive('idle', args.idle),
        kinds: args.kinds,
      });
  } finally {
    await cleanUp();
  }
};

main().catch((err: unknown) => {
  process.stderr.write(`soak: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
