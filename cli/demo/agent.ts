import {
  type Context,
  type HrTime,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { UserFeedback } from './feedback.js';
import { demoReleases, type FailureRates } from './releases.js';
import { createRng } from './rng.js';
import { generateTrace } from './scenarios.js';
import { AGENT_NAME } from './spans.js';
import type { DemoTrace, TraceTruth } from './types.js';

export interface SimulatedAgentOptions {
  /** evalloop's base URL; spans go to `${url}/v1/traces`. */
  url: string;
  /** An ingest key of the project. */
  ingestKey: string;
  /** How many traces to emit. */
  traces: number;
  seed: number;
  /** The release the traffic comes from (`service.version`); default the baseline release. */
  release?: string;
  failureRates?: Partial<FailureRates>;
  /** The window the traces' start times are spread over; default the last 7 days up to 5 minutes ago. */
  startTime?: Date;
  endTime?: Date;
  /** Send the simulated users' thumbs up/down to `POST /api/feedback` after the spans (default true). */
  feedback?: boolean;
  onProgress?: (progress: { emitted: number; total: number }) => void;
}

export interface SimulatedAgentRun {
  /** Ground truth by trace id (as the SDK generated it). */
  truth: Map<string, TraceTruth>;
  spans: number;
  /** Feedback entries sent (thumbs down and up). */
  feedback: number;
  /** The window the traces start in. */
  window: { from: Date; to: Date };
  elapsedMs: number;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** Spans ended but not yet exported above which emission waits (bounds memory on large runs). */
const HIGH_WATER = 8192;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const hrTime = (ms: number): HrTime => {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.min(999_999_999, Math.round((ms - seconds * 1000) * 1e6))];
};

/** Counts what the exporter settled, and keeps the first failure. */
const countingExporter = (inner: SpanExporter) => {
  const stats = { settled: 0, failed: 0, error: null as string | null };
  const exporter: SpanExporter = {
    export: (spans, done) =>
      inner.export(spans, (result) => {
        stats.settled += spans.length;
        if (result.code !== 0) {
          stats.failed += spans.length;
          stats.error ??= result.error?.message ?? 'export failed';
        }
        done(result);
      }),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
  return { exporter, stats };
};

/** Posts end-user feedback (the traces must have arrived), a few requests at a time. */
const sendFeedback = async (url: string, key: string, entries: [string, UserFeedback][]) => {
  const send = async ([traceId, { score, comment }]: [string, UserFeedback]) => {
    const response = await fetch(`${url.replace(/\/$/, '')}/api/feedback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ traceId, score, ...(comment ? { comment } : {}), source: 'research-assistant web app' }),
    });
    if (!response.ok)
      throw new Error(`simulated agent: feedback answered ${response.status}: ${await response.text()}`);
  };
  for (let i = 0; i < entries.length; i += 8) await Promise.all(entries.slice(i, i + 8).map(send));
};

/** Records one simulated trace with explicit times; returns its trace id. */
const recordTrace = (tracer: ReturnType<BasicTracerProvider['getTracer']>, demo: DemoTrace, startMs: number) => {
  const byRef = new Map<string, Span>();
  const contexts = new Map<string, Context>();
  const ends: [Span, number][] = [];
  for (const s of demo.spans) {
    const parent = s.parentRef === null ? ROOT_CONTEXT : (contexts.get(s.parentRef) ?? ROOT_CONTEXT);
    const span = tracer.startSpan(
      s.name,
      {
        kind: s.kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL,
        startTime: hrTime(startMs + s.startMs),
        attributes: s.attributes,
      },
      parent,
    );
    if (s.error) {
      span.recordException(
        { name: s.error.type, message: s.error.message },
        hrTime(startMs + s.startMs + s.durationMs),
      );
      span.setStatus({ code: SpanStatusCode.ERROR, message: s.error.message });
    }
    byRef.set(s.ref, span);
    contexts.set(s.ref, trace.setSpan(ROOT_CONTEXT, span));
    ends.push([span, startMs + s.startMs + s.durationMs]);
  }
  for (const [span, end] of ends.reverse()) span.end(hrTime(end));
  const root = byRef.get('root');
  if (!root) throw new Error('a simulated trace has no root span');
  return root.spanContext().traceId;
};

/**
 * Emits `traces` simulated research-assistant traces through the OpenTelemetry SDK (batch span
 * processor, OTLP/HTTP protobuf exporter) to evalloop, their start times spread over the window,
 * and returns the ground truth by trace id. Fails when any export failed.
 */
export const runSimulatedAgent = async (options: SimulatedAgentOptions): Promise<SimulatedAgentRun> => {
  const started = Date.now();
  const release = options.release ?? demoReleases.baseline;
  const to = options.endTime ?? new Date(started - 5 * 60_000);
  const from = options.startTime ?? new Date(to.getTime() - WEEK_MS);
  const { exporter, stats } = countingExporter(
    new OTLPTraceExporter({
      url: `${options.url.replace(/\/$/, '')}/v1/traces`,
      headers: { Authorization: `Bearer ${options.ingestKey}` },
      timeoutMillis: 30_000,
    }),
  );
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': AGENT_NAME,
      'service.version': release,
      'deployment.environment.name': 'demo',
    }),
    spanProcessors: [
      new BatchSpanProcessor(exporter, {
        maxQueueSize: HIGH_WATER * 4,
        maxExportBatchSize: 512,
        scheduledDelayMillis: 100,
        exportTimeoutMillis: 30_000,
      }),
    ],
  });
  const tracer = provider.getTracer('research-assistant.agent', '1.0.0');
  const rng = createRng(options.seed);
  const truth = new Map<string, TraceTruth>();
  const feedback: [string, UserFeedback][] = [];
  const step = (to.getTime() - from.getTime()) / Math.max(1, options.traces);
  let spans = 0;
  for (let i = 0; i < options.traces; i++) {
    const demo = generateTrace(rng, { release, failureRates: options.failureRates });
    const traceId = recordTrace(tracer, demo, from.getTime() + (i + rng.next() * 0.9) * step);
    truth.set(traceId, demo.truth);
    if (demo.feedback) feedback.push([traceId, demo.feedback]);
    spans += demo.spans.length;
    if ((i + 1) % 100 === 0 || i + 1 === options.traces) {
      options.onProgress?.({ emitted: i + 1, total: options.traces });
      // Let exports run; wait while too many ended spans are still unexported.
      await sleep(0);
      while (spans - stats.settled > HIGH_WATER) await sleep(5);
    }
  }
  await provider.forceFlush();
  await provider.shutdown();
  if (stats.failed > 0 || stats.settled < spans) {
    throw new Error(
      `simulated agent: ${stats.failed} of ${spans} spans failed to export (${stats.settled} settled): ${stats.error}`,
    );
  }
  if (options.feedback ?? true) await sendFeedback(options.url, options.ingestKey, feedback);
  return { truth, spans, feedback: feedback.length, window: { from, to }, elapsedMs: Date.now() - started };
};
