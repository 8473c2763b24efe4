import * as grpc from '@grpc/grpc-js';
import { AppError } from '../core/errors.js';
import { encodeExportResponse, type OtlpSignal } from '../core/otlp/encode-response.js';
import { toGrpcFailure } from '../core/otlp/grpc-status.js';
import { bodyLimitOf, createExportHandler, type ExportOutcome, type OtlpIngestDeps } from './otlp-ingest.js';

export type OtlpGrpcDeps = OtlpIngestDeps;

/** The OTLP collector services (opentelemetry/proto/collector/…/v1/*_service.proto), one method each. */
const SERVICES: Record<OtlpSignal, string> = {
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
};

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const identity = (bytes: Buffer) => bytes;

/**
 * A service whose messages stay raw bytes: the request goes to our own protobuf decoder, the response
 * comes from our own encoder, so no generic protobuf parsing sits on the hot path.
 */
const rawService = (signal: OtlpSignal): grpc.ServiceDefinition => ({
  Export: {
    path: `/${SERVICES[signal]}/Export`,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
    originalName: 'export',
  },
});

const firstValue = (metadata: grpc.Metadata, key: string) => {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : undefined;
};

const answer = (signal: OtlpSignal, outcome: ExportOutcome, callback: grpc.sendUnaryData<Buffer>) => {
  if (outcome.ok) {
    callback(null, asBuffer(encodeExportResponse(signal, 'protobuf', outcome.partial)));
    return;
  }
  const failure = toGrpcFailure(outcome.error, outcome.storeFailed);
  const metadata = new grpc.Metadata();
  if (failure.statusDetails) metadata.set('grpc-status-details-bin', asBuffer(failure.statusDetails));
  callback({ code: failure.code, details: failure.details, metadata });
};

/**
 * The OTLP/gRPC receiver: TraceService, LogsService and MetricsService `Export`, over the same export
 * path as OTLP/HTTP (api/otlp-ingest.ts): same keys (`authorization: Bearer <key>` metadata, ingest
 * role), validation, memory-weighted budget, writer and partial success. gzip (`grpc-encoding: gzip`)
 * is decompressed by grpc-js, which also enforces the per-request limit (`bodyLimitOf`: OTLP_MAX_BODY_BYTES,
 * at most the budget ÷ its cost per byte) after decompression: a larger message is RESOURCE_EXHAUSTED
 * without RetryInfo, like HTTP's 413. Status codes follow the OTLP spec (see core/otlp/grpc-status.ts).
 */
export const createOtlpGrpcServer = (deps: OtlpGrpcDeps) => {
  const exportTelemetry = createExportHandler(deps);
  const server = new grpc.Server({
    'grpc.max_receive_message_length': bodyLimitOf(deps),
  });
  for (const signal of ['traces', 'logs', 'metrics'] as const) {
    const handler: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => {
      const request = call.request;
      exportTelemetry({
        signal,
        encoding: 'protobuf',
        authorization: firstValue(call.metadata, 'authorization'),
        claimedProject: firstValue(call.metadata, 'x-evalloop-project'),
        // grpc-js has received the whole message: it is charged to the budget as HTTP bodies are.
        readBody: async ({ limit, budget, costPerByte }) => {
          if (request.length > limit) {
            throw new AppError(
              'payload_too_large',
              `the message exceeds the ${limit}-byte limit; send smaller batches`,
            );
          }
          const reserved = Math.ceil(request.length * costPerByte);
          budget.reserve(reserved);
          return { body: request, reserved };
        },
      }).then(
        (outcome) => answer(signal, outcome, callback),
        (err: unknown) => {
          deps.log(`otlp/grpc ${signal}: ${String(err)}`);
          callback({ code: grpc.status.INTERNAL, details: 'internal error; see the server log' });
        },
      );
    };
    server.addService(rawService(signal), { Export: handler });
  }
  return server;
};

/** Binds the server (port 0: a free port) and resolves with the port; `stop` drains, then forces after 5 s. */
export const listenOtlpGrpc = async (server: grpc.Server, host: string, port: number) => {
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, actual) =>
      err ? reject(err) : resolve(actual),
    ),
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      const force = setTimeout(() => server.forceShutdown(), 5000);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  return { port: bound, stop };
};
