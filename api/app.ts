import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type pg from 'pg';
import type { Activities } from '../activities/registry.js';
import { AppError } from '../core/errors.js';
import type { ProjectSettings } from '../core/project-settings.js';
import type { Db } from '../db/connection.js';
import type { IngestWriter } from '../db/ingest-writer.js';
import { createWebApp } from '../web/app.js';
import { notFoundPage, wantsHtmlNotFound } from '../web/not-found.js';
import type { Engine } from '../workflows/engine.js';
import { createAdjudicationRoutes } from './adjudications.js';
import { type AppEnv, type Caller, type KeyLookup, resolveSession, type SessionStore } from './auth.js';
import { createBootstrapRoutes } from './bootstrap.js';
import { csrfGuard } from './csrf.js';
import { createCycleRoutes } from './cycles.js';
import { createDatasetRoutes } from './datasets.js';
import { handleError } from './errors.js';
import { createEvaluatorRoutes } from './evaluators.js';
import { createFailureModeRoutes } from './failure-modes.js';
import { createFeedbackRoutes } from './feedback.js';
import { createGateRoutes } from './gates.js';
import { createImportRoutes } from './import.js';
import { createKeyRoutes } from './keys.js';
import { createLabelRoutes } from './labels.js';
import { createOpenApiRoutes } from './openapi-routes.js';
import { createOtlpRoutes } from './otlp.js';
import { createQueueRoutes } from './queue.js';
import type { InflightBudget } from './read-body.js';
import { createScorecardRoutes } from './scorecard.js';
import { securityHeaders } from './security-headers.js';
import { createSessionRoutes } from './sessions.js';
import { createSettingsRoutes } from './settings.js';
import { createTraceRoutes } from './traces.js';
import { rejectNulInUrl } from './validate.js';

/** What the HTTP app needs; built at the composition root (cli/serve.ts). */
export interface AppDeps {
  pool: pg.Pool;
  db: Db;
  /** Uncached key lookup: a revoked key stops at once. */
  lookupKey: KeyLookup;
  /** The OTLP receiver's lookup, cached briefly (it authenticates every export); cleared on revocation. */
  lookupIngestKey: KeyLookup;
  /** Drops cached key lookups (called after a revocation here; other processes learn by NOTIFY). */
  onKeyRevoked: () => void;
  /** The web UI's server-side sessions. */
  sessions: SessionStore;
  /** Trust `X-Forwarded-Proto` (TRUST_PROXY): TLS behind a proxy makes the cookie Secure. */
  trustProxy: boolean;
  settingsOf: (projectId: string) => Promise<ProjectSettings>;
  /** Drops this process's cached settings of a project after a change (`settingsOf` reads them again). */
  onSettingsChanged: (projectId: string) => void;
  /** Seconds without a new span before a trace closes (imported traces close the same way). */
  traceIdleSeconds: number;
  writer: IngestWriter;
  maxBodyBytes: number;
  /**
   * Memory held by in-flight exports (8 bytes per decompressed byte, api/otlp-ingest.ts), shared with
   * the OTLP/gRPC receiver; its capacity also caps one request's body.
   */
  ingestBudget: InflightBudget;
  /** A request body must arrive within this many milliseconds (else 408). */
  bodyReadTimeoutMs: number;
  activities: Activities;
  /** Redacts one trace's data for a non-admin caller (see api/redaction.ts). */
  redactTrace: <T>(caller: Caller, value: T) => Promise<T>;
  lockSeconds: number;
  engine: Engine;
  notifyLabel: (projectId: string, taskId: string, labelId: string) => Promise<void>;
  reviewBudget: number;
  publicUrl: string;
  randomFraction: number;
  /** Readiness: /healthz answers 200 only once this is true. */
  isReady: () => boolean;
  log: (m: string) => void;
}

/** The whole HTTP surface: health, the OTLP receiver, the REST API. */
export const createApp = (deps: AppDeps) => {
  const app = new Hono<AppEnv>();
  app.use('*', securityHeaders);
  app.get('/healthz', (c) => (deps.isReady() ? c.json({ status: 'ok' }) : c.json({ status: 'starting' }, 503)));
  app.route('/', createOtlpRoutes({ ...deps, lookupKey: deps.lookupIngestKey }));
  // After the OTLP receiver (its answers are small, and its requests are the compressed ones): pages and JSON.
  app.use('*', compress({ encoding: 'gzip', contentTypeFilter: /^(text\/html|application\/json)\b/ }));
  app.use('*', rejectNulInUrl());
  app.use('*', csrfGuard({ trustProxy: deps.trustProxy, publicUrl: deps.publicUrl }));
  app.use('*', resolveSession(deps.sessions));
  app.route('/api/traces', createTraceRoutes(deps));
  app.route('/api/sessions', createSessionRoutes(deps));
  app.route('/api/queue', createQueueRoutes(deps));
  app.route('/api/labels', createLabelRoutes(deps));
  app.route('/api/adjudications', createAdjudicationRoutes(deps));
  app.route('/api/failure-modes', createFailureModeRoutes(deps));
  app.route('/api/datasets', createDatasetRoutes(deps));
  app.route('/api/feedback', createFeedbackRoutes(deps));
  app.route('/api/evaluators', createEvaluatorRoutes(deps));
  app.route('/api/cycles', createCycleRoutes(deps));
  app.route('/api/gates', createGateRoutes(deps));
  app.route('/api/scorecard', createScorecardRoutes(deps));
  app.route('/api/keys', createKeyRoutes({ ...deps, onRevoke: deps.onKeyRevoked }));
  app.route('/api/settings', createSettingsRoutes(deps));
  app.route('/api/import', createImportRoutes(deps));
  app.route('/api/bootstrap', createBootstrapRoutes(deps));
  app.route('/api', createOpenApiRoutes());
  app.route('/', createWebApp(deps));
  app.notFound((c) =>
    wantsHtmlNotFound(c)
      ? notFoundPage(c)
      : handleError(new AppError('not_found', `no route ${c.req.method} ${c.req.path}`), c, deps.log),
  );
  app.onError((err, c) => handleError(err, c, deps.log));
  return app;
};
