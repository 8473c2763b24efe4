import { hostname } from 'node:os';
import { serve } from '@hono/node-server';
import OpenAI from 'openai';
import { createActivities } from '../activities/registry.js';
import { createApp } from '../api/app.js';
import { cachedKeyLookup, type SessionStore } from '../api/auth.js';
import { createLabelNotifier } from '../api/notify-label.js';
import { createOtlpGrpcServer, listenOtlpGrpc } from '../api/otlp-grpc.js';
import { createInflightBudget } from '../api/read-body.js';
import { createTraceRedaction } from '../api/redaction.js';
import type { Config } from '../core/config.js';
import { resolveProjectSettings } from '../core/project-settings.js';
import { createApiKey, findApiKey } from '../db/api-keys.js';
import type { Db } from '../db/connection.js';
import { openDatabase } from '../db/connection.js';
import { createIngestWriter } from '../db/ingest-writer.js';
import { listenForKeyRevocations } from '../db/key-revocations.js';
import { ensureProject, findProject, listProjects } from '../db/projects.js';
import { createSession, deleteSession, findSession, type SessionLimits } from '../db/sessions.js';
import { migrateEngineSchema } from '../workflows/engine-dbos.js';
import { prepareDatabase, resolveDatabase } from './database.js';
import { createEngine } from './engine.js';
import { watchExecutors } from './executors.js';
import { watchJudgeModel } from './judge-model.js';

export interface RuntimeOptions {
  config: Config;
  /** Serve HTTP (`evalloop serve`) or only run workflows (`evalloop worker`). */
  http: boolean;
  log: (m: string) => void;
  /** Register the projects' refresh-cycle schedules (default true; tests turn it off). */
  scheduleCycles?: boolean;
  /** Where the first start prints the bootstrap keys (stdout by default). */
  print?: (m: string) => void;
}

const SETTINGS_CACHE_MS = 10_000;

/**
 * The composition root: database (embedded unless DATABASE_URL), migrations as the owner login
 * (the process itself runs as a login that owns nothing), the default
 * project on first start, activities, the DBOS engine, and (for `serve`) the HTTP app.
 * Returns a `stop` that shuts everything down in reverse order.
 */
export const startRuntime = async (options: RuntimeOptions) => {
  const { config, log } = options;
  let ready = false;
  const database = await resolveDatabase(config, log, { reuseRunning: false });
  await prepareDatabase(database, log, migrateEngineSchema);
  const { pool, db, close } = openDatabase(database.url, { max: 12, log });
  await bootstrapDefaultProject(db, options.print ?? ((m) => process.stdout.write(`${m}\n`)), config.PORT);

  const settingsCache = new Map<string, { at: number; value: ReturnType<typeof resolveProjectSettings> }>();
  const settingsOf = async (projectId: string) => {
    const hit = settingsCache.get(projectId);
    if (hit && Date.now() - hit.at < SETTINGS_CACHE_MS) return hit.value;
    const value = resolveProjectSettings((await findProject(db, projectId))?.settings);
    settingsCache.set(projectId, { at: Date.now(), value });
    return value;
  };
  const llm = config.LLM_BASE_URL
    ? new OpenAI({ baseURL: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY ?? 'none', maxRetries: 0 })
    : null;
  const activities = createActivities({ config, pool, db, llm, settingsOf, log });
  const executorId = config.EVALLOOP_EXECUTOR_ID ?? `${options.http ? 'serve' : 'worker'}-${hostname()}-${process.pid}`;
  const { engine, stop: stopEngine } = await createEngine(config, {
    databaseUrl: database.url,
    executorId,
    runsQueuedWorkflows: !options.http || config.SERVE_RUNS_CYCLES === 'true',
    // `serve` (and the demo) start a local Temporal dev server when TEMPORAL_ADDRESS is unset; workers join one.
    startsLocalTemporal: options.http,
    activities,
    closeTracesCron: config.CLOSE_TRACES_CRON,
    cycleSchedules:
      options.scheduleCycles === false
        ? []
        : (await listProjects(db)).map((p) => {
            const settings = resolveProjectSettings(p.settings);
            return { projectId: p.id, cron: settings.cycleCron, driftCron: settings.driftCron };
          }),
    log,
  });
  await engine.launch().catch(async (err: unknown) => {
    await stopEngine().catch(() => {});
    throw err;
  });
  if (llm) await watchJudgeModel({ pool, engine, model: config.LLM_MODEL, baseUrl: config.LLM_BASE_URL ?? '', log });
  const stopWatch = watchExecutors({
    pool,
    engine,
    executorId,
    kind: options.http ? 'serve' : 'worker',
    staleSeconds: config.EXECUTOR_STALE_SECONDS,
    log,
  });

  let server: ReturnType<typeof serve> | null = null;
  let app: ReturnType<typeof createApp> | null = null;
  let stopRevocations = async () => {};
  let stopGrpc = async () => {};
  let port = config.PORT;
  let grpcPort: number | null = null;
  if (options.http) {
    const lookupKey = (key: string) => findApiKey(db, key);
    const ingestLookup = cachedKeyLookup(lookupKey);
    stopRevocations = await listenForKeyRevocations(database.url, ingestLookup.clear, log);
    const writer = createIngestWriter(pool);
    // One budget for both receivers: what bounds memory is what the exports hold, whatever the transport.
    const ingestBudget = createInflightBudget(config.INGEST_MAX_INFLIGHT_BYTES);
    const httpApp = createApp({
      pool,
      db,
      lookupKey,
      lookupIngestKey: ingestLookup,
      onKeyRevoked: ingestLookup.clear,
      sessions: createSessionStore(db, {
        maxAgeSeconds: config.SESSION_MAX_AGE_SECONDS,
        idleSeconds: config.SESSION_IDLE_SECONDS,
      }),
      trustProxy: config.TRUST_PROXY === 'true',
      settingsOf,
      onSettingsChanged: (projectId: string) => settingsCache.delete(projectId),
      traceIdleSeconds: config.TRACE_IDLE_SECONDS,
      writer,
      activities,
      redactTrace: createTraceRedaction(settingsOf),
      lockSeconds: config.REVIEW_LOCK_SECONDS,
      engine,
      notifyLabel: createLabelNotifier(pool, engine, log),
      reviewBudget: config.REVIEW_BUDGET,
      publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
      randomFraction: config.REVIEW_RANDOM_FRACTION,
      maxBodyBytes: config.OTLP_MAX_BODY_BYTES,
      ingestBudget,
      bodyReadTimeoutMs: config.BODY_READ_TIMEOUT_SECONDS * 1000,
      isReady: () => ready,
      log,
    });
    app = httpApp;
    port = await new Promise<number>((resolve, reject) => {
      server = serve(
        {
          fetch: httpApp.fetch,
          port: config.PORT,
          hostname: config.HOST,
          serverOptions: httpServerLimits(config),
        },
        (info) => resolve(info.port),
      );
      (server as { maxConnections: number }).maxConnections = config.MAX_CONNECTIONS;
      server.once('error', reject);
    });
    log(
      `evalloop listening on http://${config.HOST}:${port} (OTLP: /v1/traces, /v1/logs, /v1/metrics; API: /api; UI: /)`,
    );
    if (config.GRPC_PORT !== 'off') {
      const grpcServer = createOtlpGrpcServer({
        lookupKey: ingestLookup,
        settingsOf,
        writer,
        ingestBudget,
        maxBodyBytes: config.OTLP_MAX_BODY_BYTES,
        log,
      });
      const grpc = await listenOtlpGrpc(grpcServer, config.HOST, config.GRPC_PORT);
      grpcPort = grpc.port;
      stopGrpc = grpc.stop;
      log(`OTLP/gRPC listening on ${config.HOST}:${grpcPort}`);
    }
  }
  ready = true;

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      ready = false;
      stopWatch();
      await Promise.all([stopGrpc(), server ? new Promise<void>((r) => server?.close(() => r())) : undefined]);
      await stopEngine();
      await stopRevocations();
      await close();
      await database.stop();
    })();
    return stopping;
  };
  /**
   * `app`: the HTTP app when serving (its route table lets tests cover every route). `grpcPort`: the
   * OTLP/gRPC port, null when not serving or GRPC_PORT=off.
   */
  return { port, grpcPort, pool, db, engine, activities, databaseUrl: database.url, executorId, app, stop };
};

export type Runtime = Awaited<ReturnType<typeof startRuntime>>;

/**
 * Node's own request limits: headers within HEADERS_TIMEOUT_SECONDS, the whole request within
 * that plus BODY_READ_TIMEOUT_SECONDS (a backstop for every route; the OTLP receiver answers 408
 * itself at BODY_READ_TIMEOUT_SECONDS), checked every second instead of Node's default 30 s.
 */
const httpServerLimits = (config: Config) => ({
  headersTimeout: config.HEADERS_TIMEOUT_SECONDS * 1000,
  requestTimeout: (config.HEADERS_TIMEOUT_SECONDS + config.BODY_READ_TIMEOUT_SECONDS) * 1000,
  connectionsCheckingInterval: 1000,
  keepAliveTimeout: 5000,
});

/** On the very first start: the `default` project, and one admin and one ingest key, shown once. */
const bootstrapDefaultProject = async (
  db: Parameters<typeof ensureProject>[0],
  print: (m: string) => void,
  port: number,
) => {
  if (!(await ensureProject(db, 'default', 'Default project'))) return;
  const admin = await createApiKey(db, 'default', 'admin', 'bootstrap admin');
  const ingest = await createApiKey(db, 'default', 'ingest', 'bootstrap ingest');
  print(
    [
      '',
      'Created project "default". These keys are shown once; store them now (only hashes are kept):',
      `  admin key:  ${admin}`,
      `  ingest key: ${ingest}`,
      'Point an OpenTelemetry exporter here with:',
      `  OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:${port}`,
      `  OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer%20${ingest}"`,
      '  (OTLP/gRPC: OTEL_EXPORTER_OTLP_PROTOCOL=grpc and the gRPC port, GRPC_PORT, default 4317)',
      '',
    ].join('\n'),
  );
};

/** The web UI's sessions over db/sessions.ts (see api/auth.ts `SessionStore`). */
const createSessionStore = (db: Db, limits: SessionLimits): SessionStore => ({
  open: (caller) => createSession(db, caller, limits),
  find: (token: string) => findSession(db, token, limits),
  end: (token: string) => deleteSession(db, token),
  maxAgeSeconds: limits.maxAgeSeconds,
});
