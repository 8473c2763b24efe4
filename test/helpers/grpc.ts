import { once } from 'node:events';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { ProtobufReader } from '../../core/otlp/protobuf-reader.js';

/** The OTLP collector methods. */
export const EXPORT_PATHS = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
} as const;

/** What a raw unary call got back. */
export interface RawAnswer {
  error: grpc.ServiceError | null;
  response: Buffer | undefined;
}

/**
 * A bare grpc-js client sending raw bytes to an OTLP method (for what the SDK exporters never send:
 * garbage, missing keys, oversize messages). `gzip`: compress requests (`grpc-encoding: gzip`).
 */
export const rawGrpcClient = (address: string, options: { gzip?: boolean } = {}) => {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), {
    'grpc.default_compression_algorithm': options.gzip ? 2 : 0,
    'grpc.max_send_message_length': -1,
  });
  const exportRaw = (path: string, body: Uint8Array, metadata: Record<string, string> = {}) =>
    new Promise<RawAnswer>((resolve) => {
      const md = new grpc.Metadata();
      for (const [key, value] of Object.entries(metadata)) md.set(key, value);
      client.makeUnaryRequest(
        path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from(body),
        md,
        { deadline: Date.now() + 15_000 },
        (error, response) => resolve({ error, response }),
      );
    });
  return { exportRaw, close: () => client.close() };
};

/**
 * Reads a `grpc-status-details-bin` trailer: google.rpc.Status {1 code, 2 message, 3 details: Any
 * {1 type_url, 2 value}}; for a google.rpc.RetryInfo detail, its retry_delay seconds.
 */
export const readStatusDetails = (bytes: Uint8Array) => {
  const r = new ProtobufReader(bytes);
  const end = bytes.length;
  const out: { code?: number; message?: string; details: { typeUrl: string; retryDelaySeconds?: number | string }[] } =
    { details: [] };
  while (r.pos < end) {
    const tag = r.uint32(end);
    if (tag === 0x08) out.code = r.int32(end);
    else if (tag === 0x12) out.message = r.string(end);
    else if (tag === 0x1a) {
      const anyEnd = r.delimited(end);
      const detail: (typeof out.details)[number] = { typeUrl: '' };
      while (r.pos < anyEnd) {
        const anyTag = r.uint32(anyEnd);
        if (anyTag === 0x0a) detail.typeUrl = r.string(anyEnd);
        else if (anyTag === 0x12) {
          const infoEnd = r.delimited(anyEnd);
          if (r.pos < infoEnd && r.uint32(infoEnd) === 0x0a) {
            const durationEnd = r.delimited(infoEnd);
            detail.retryDelaySeconds = 0;
            while (r.pos < durationEnd) {
              const dTag = r.uint32(durationEnd);
              if (dTag === 0x08) detail.retryDelaySeconds = r.int64(durationEnd);
              else r.int64(durationEnd);
            }
          }
          r.pos = infoEnd;
        } else throw new Error(`unexpected Any field tag ${anyTag}`);
      }
      out.details.push(detail);
    } else throw new Error(`unexpected google.rpc.Status field tag ${tag}`);
  }
  return out;
};

/** What the recording proxy saw of one gRPC call. */
export interface SeenCall {
  path: string;
  /** The `grpc-encoding` request header (absent: identity). */
  encoding: string | undefined;
  /** The first message frame's compressed flag (byte 0 of the gRPC length-prefixed message). */
  compressedFlag: number | undefined;
  grpcStatus: string | undefined;
}

const HOP_HEADERS = new Set([':authority', ':scheme', 'connection', 'host']);

/**
 * A pass-through HTTP/2 proxy in front of a gRPC server that records each call's request headers and
 * first frame, so a test can tell that an exporter really compressed its messages.
 */
export const startGrpcRecordingProxy = async (target: string) => {
  const seen: SeenCall[] = [];
  const upstream = http2.connect(`http://${target}`);
  const proxy = http2.createServer();
  proxy.on('stream', (stream, headers) => {
    const forwarded: http2.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) if (!HOP_HEADERS.has(name)) forwarded[name] = value;
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const body = Buffer.concat(chunks);
      const call: SeenCall = {
        path: String(headers[':path']),
        encoding: headers['grpc-encoding'] as string | undefined,
        compressedFlag: body.length ? body[0] : undefined,
        grpcStatus: undefined,
      };
      seen.push(call);
      const out = upstream.request(forwarded);
      let responseHeaders: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders | null = null;
      const response: Buffer[] = [];
      out.on('response', (h) => {
        responseHeaders = h;
      });
      out.on('trailers', (t) => {
        trailers = t;
      });
      out.on('data', (chunk: Buffer) => response.push(chunk));
      out.on('end', () => {
        const final = trailers as http2.IncomingHttpHeaders | null;
        call.grpcStatus = String(final?.['grpc-status'] ?? responseHeaders['grpc-status']);
        const clean = (h: http2.IncomingHttpHeaders) => {
          const { ':status': _status, ...rest } = h;
          return rest;
        };
        if (final) {
          stream.respond({ ':status': 200, ...clean(responseHeaders) }, { waitForTrailers: true });
          stream.on('wantTrailers', () => stream.sendTrailers(clean(final)));
          stream.end(Buffer.concat(response));
        } else {
          stream.respond({ ':status': 200, ...clean(responseHeaders) }, { endStream: true });
        }
      });
      out.end(body);
    });
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  const { port } = proxy.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    seen,
    stop: async () => {
      upstream.close();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
};
