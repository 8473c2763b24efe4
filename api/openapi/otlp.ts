import { z } from 'zod';
import type { OtlpSignal } from '../../core/otlp/encode-response.js';
import type { Operation } from './operation.js';
import { row } from './shapes.js';

const rpcStatus = z
  .looseObject({ code: z.number().optional(), message: z.string() })
  .describe('google.rpc.Status (JSON requests; protobuf requests get it in protobuf)');

const headers = z.object({
  'content-encoding': z.enum(['gzip', 'identity']).optional().describe('gzip-compressed bodies are accepted'),
  'x-evalloop-project': z.string().optional().describe('optional: must name the key’s own project'),
});

const RESOURCE_KEY: Record<OtlpSignal, string> = {
  traces: 'resourceSpans',
  logs: 'resourceLogs',
  metrics: 'resourceMetrics',
};

const NAMES: Record<OtlpSignal, string> = { traces: 'Trace', logs: 'Logs', metrics: 'Metrics' };

const exportOperation = (signal: OtlpSignal, what: string): Operation => ({
  method: 'post',
  path: `/v1/${signal}`,
  operationId: `export${NAMES[signal]}`,
  summary: `OTLP/HTTP export of ${signal}`,
  description: `${what} Answers as the OTLP spec says: a 200 only after the data is committed (partial success for individually bad items), errors as google.rpc.Status in the request’s encoding, 429/503 with Retry-After. Also served over OTLP/gRPC on the gRPC port.`,
  tag: 'OTLP receiver',
  permission: 'ingest',
  headers,
  rawBodies: [
    {
      contentType: 'application/x-protobuf',
      description: `an Export${NAMES[signal]}ServiceRequest in protobuf (opentelemetry-proto)`,
    },
    {
      contentType: 'application/json',
      description: `an Export${NAMES[signal]}ServiceRequest in OTLP/JSON`,
      schema: z.looseObject({ [RESOURCE_KEY[signal]]: z.array(row(`one ${RESOURCE_KEY[signal]} entry`)) }),
    },
  ],
  responses: {
    200: {
      description: `Export${NAMES[signal]}ServiceResponse (partialSuccess when some items were rejected)`,
      schema: z.looseObject({ partialSuccess: row('rejected count and the reason').optional() }),
    },
    400: { description: 'the body is not a valid export request', schema: rpcStatus },
    401: { description: 'missing, unknown or revoked key', schema: rpcStatus },
    403: { description: 'the key may not ingest (or names another project)', schema: rpcStatus },
    408: { description: 'the body did not arrive in time', schema: rpcStatus },
    413: { description: 'the body is too large', schema: rpcStatus },
    415: { description: 'Content-Type is neither application/x-protobuf nor application/json', schema: rpcStatus },
    503: { description: 'overloaded: retry after the Retry-After seconds', schema: rpcStatus },
  },
});

/** The OTLP/HTTP receiver (api/otlp.ts), outside /api. */
export const otlpOperations: Operation[] = [
  exportOperation('traces', 'Spans, keyed by (project, trace id, span id): a re-sent span is a no-op.'),
  exportOperation('logs', 'Log records; GenAI events attach to their span.'),
  exportOperation('metrics', 'Acknowledged with a partial success saying metrics are not stored.'),
];
