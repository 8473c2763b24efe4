import { z } from 'zod';
import { parseCron } from './cron.js';

/** A cron expression in core/cron.ts's format (5 fields, or 6 with seconds first); the message says what is wrong. */
const cron = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .superRefine((value, ctx) => {
      try {
        parseCron(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    });

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * Every setting evalloop reads from the environment, with its default. Parsed once, at the
 * composition root (`cli/`), and passed down; nothing else reads `process.env`.
 */
export const configSchema = z.object({
  /** Postgres connection string. Unset: an embedded Postgres is started under EVALLOOP_DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * The login that owns evalloop's tables and runs migrations (ours and DBOS's), when DATABASE_URL
   * is a least-privilege app login. At start it applies pending migrations and grants DATABASE_URL's
   * role row access (no TRUNCATE, no DDL). Unset: DATABASE_URL does both (a warning is logged if
   * that login is a superuser or owns the tables, since the immutability triggers then do not bind
   * it). Ignored without DATABASE_URL: the embedded Postgres creates both logins itself.
   */
  DATABASE_OWNER_URL: z.string().url().optional(),
  /** Where the embedded Postgres keeps its data (only used when DATABASE_URL is unset). */
  EVALLOOP_DATA_DIR: z.string().default('./.data'),
  /** HTTP port; 4318 is the OTLP/HTTP default, so exporters work with their default endpoint. */
  PORT: z.coerce.number().int().min(0).max(65535).default(4318),
  /**
   * OTLP/gRPC port (4317 is the OTLP/gRPC default); `0` picks a free port, `off` disables the gRPC
   * receiver. Listens on HOST, like the HTTP server.
   */
  GRPC_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(4317),
  /** Interface to listen on. */
  HOST: z.string().default('0.0.0.0'),
  /** A trace with no new span for this long is closed and rolled up. */
  TRACE_IDLE_SECONDS: positiveInt(120),
  /** Cron schedule of the close-traces workflow (UTC; 5 fields, or 6 with seconds first: core/cron.ts). */
  CLOSE_TRACES_CRON: cron('* * * * *'),
  /**
   * The durable-execution engine. `dbos` (default): checkpoints in the same Postgres, nothing else to
   * run. `temporal`: a Temporal cluster or Temporal Cloud runs the same workflows (TEMPORAL_*).
   */
  EVALLOOP_ENGINE: z.enum(['dbos', 'temporal']).default('dbos'),
  /**
   * Temporal frontend, host:port. Unset with EVALLOOP_ENGINE=temporal: `evalloop serve` starts a local
   * `temporal server start-dev` (SQLite under EVALLOOP_DATA_DIR) and stops it on exit.
   */
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d{1,5}$/, 'expected host:port, e.g. localhost:7233 or my-ns.a1b2c.tmprl.cloud:7233')
    .optional(),
  /** Temporal namespace (Temporal Cloud: `<namespace>.<account>`). */
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** Task queue evalloop's workers poll and its workflows run on. */
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('evalloop'),
  /** Temporal Cloud API key (implies TLS). */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  /** Connect with TLS (true with an API key or client certificate). */
  TEMPORAL_TLS: z.enum(['true', 'false']).optional(),
  /** mTLS client certificate and key (PEM files), for Temporal Cloud namespaces that use certificates. */
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  /** The `temporal` CLI for the local dev server (default: `temporal` on PATH). */
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  /**
   * Largest accepted OTLP request body, measured after decompression (413 above). 8 MiB: what
   * the default INGEST_MAX_INFLIGHT_BYTES allows one request anyway (see there).
   */
  OTLP_MAX_BODY_BYTES: positiveInt(8 * 1024 * 1024),
  /**
   * Memory the receiver may hold at once across requests, counted as decompressed bytes times the
   * measured cost of decoding them into rows (api/otlp-ingest.ts); above it, 503 + Retry-After. It also
   * caps one request's decompressed body at INGEST_MAX_INFLIGHT_BYTES / that cost (8 MiB by
   * default). Garbage outlives the requests that made it, so sustained load costs more than the
   * budget: 64 MiB is what keeps the server's peak RSS under 512 MB in `npm run bench:soak`.
   */
  INGEST_MAX_INFLIGHT_BYTES: positiveInt(64 * 1024 * 1024),
  /** A request body (OTLP or API) must arrive within this many seconds, else 408 and the connection is closed. */
  BODY_READ_TIMEOUT_SECONDS: positiveInt(30),
  /** Request headers must arrive within this many seconds (slow-header senders are cut off). */
  HEADERS_TIMEOUT_SECONDS: positiveInt(10),
  /** Open HTTP connections at most; further connections are refused until some close. */
  MAX_CONNECTIONS: positiveInt(1000),
  /** The URL people reach this server at (links in gate reports and alerts). Default: http://localhost:PORT. */
  PUBLIC_URL: z.string().url().optional(),
  /** Where drift alerts are POSTed as JSON (optional). */
  ALERT_WEBHOOK_URL: z.string().url().optional(),
  /** Review tasks per project per cycle. */
  REVIEW_BUDGET: z.coerce.number().int().min(0).default(120),
  /** Share of each cycle's budget drawn uniformly at random (kept for unbiased agreement estimates). */
  REVIEW_RANDOM_FRACTION: z.coerce.number().min(0).max(1).default(0.1),
  /** How long a reviewer's lock on a task lasts. */
  REVIEW_LOCK_SECONDS: positiveInt(900),
  /** This process's identity among servers and workers. Default: `<serve|worker>-<host>-<pid>`. */
  EVALLOOP_EXECUTOR_ID: z.string().optional(),
  /** Whether `serve` also runs queued cycles (workers always do). Set false to leave them to workers. */
  SERVE_RUNS_CYCLES: z.enum(['true', 'false']).default('true'),
  /** A process not seen for this long is dead: its unfinished workflows go to the live ones. */
  EXECUTOR_STALE_SECONDS: positiveInt(20),
  /** Base URL of an OpenAI-compatible endpoint for LLM judges. Unset: no LLM (judges unavailable). */
  LLM_BASE_URL: z.string().url().optional(),
  /** API key for LLM_BASE_URL. */
  LLM_API_KEY: z.string().optional(),
  /** Default judge model. */
  LLM_MODEL: z.string().default('gpt-4o-mini'),
  /**
   * Trust the reverse proxy in front of evalloop: its `X-Forwarded-Proto` decides whether a request
   * came over TLS (the sign-in cookie is then `Secure`, and `https://` origins pass the CSRF check).
   * Only enable it behind a proxy that sets (overwrites) that header.
   */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** A web sign-in ends this long after it began, however active. */
  SESSION_MAX_AGE_SECONDS: positiveInt(7 * 24 * 3600),
  /** A web sign-in ends after this long without a request. */
  SESSION_IDLE_SECONDS: positiveInt(8 * 3600),
  /** debug | info | warn | error */
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

/** Settings that must agree with each other (checked after each variable on its own). */
const checkedConfigSchema = configSchema.superRefine((c, ctx) => {
  if ((c.TEMPORAL_TLS_CERT_PATH === undefined) !== (c.TEMPORAL_TLS_KEY_PATH === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_TLS_KEY_PATH'],
      message: 'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together: set both or neither',
    });
  }
  if (c.TEMPORAL_TLS === 'false' && (c.TEMPORAL_API_KEY || c.TEMPORAL_TLS_CERT_PATH)) {
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_TLS'],
      message: 'TEMPORAL_TLS=false cannot be used with TEMPORAL_API_KEY or a client certificate (they need TLS)',
    });
  }
});

export type Config = z.infer<typeof configSchema>;

/** Parses an environment into a Config, with an error that names every wrong variable. */
export const parseConfig = (env: Record<string, string | undefined>): Config => {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = checkedConfigSchema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return result.data;
};
