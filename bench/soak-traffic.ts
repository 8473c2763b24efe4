import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { decodeTracesProtobuf } from '../core/otlp/decode-protobuf.js';
import { encodeAgentTraffic } from './agent-traffic.js';

/** One request the soak sends, and the span ids a 200 acknowledges (minus partial rejections). */
export interface SoakRequest {
  kind: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array | string;
  /** Span ids stored if the request is answered 200 (valid spans only). */
  spanIds: string[];
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

const attr = (key: string, value: string | number) =>
  typeof value === 'string'
    ? { key, value: { stringValue: value } }
    : Number.isSafeInteger(value)
      ? { key, value: { intValue: String(value) } }
      : { key, value: { doubleValue: value } };

/**
 * An OTLP/JSON export of `good` valid spans plus spans carrying values that do not fit their
 * columns (a token count above 2³¹, a double 1e300, span kind 70000, a 10,000-character name,
 * an 8,000-character session id; random, so Postgres cannot compress them into an index). All are storable; the receiver must not answer 503 for them.
 */
export const mixedJsonExport = (good: number) => {
  const traceId = hex(16);
  const now = BigInt(Date.now()) * 1_000_000n;
  const span = (spanId: string, extra: { name?: string; kind?: number; attributes?: ReturnType<typeof attr>[] }) => ({
    traceId,
    spanId,
    name: extra.name ?? 'chat gpt-4o',
    kind: extra.kind ?? 1,
    startTimeUnixNano: now.toString(),
    endTimeUnixNano: (now + 5_000_000n).toString(),
    attributes: [attr('gen_ai.operation.name', 'chat'), ...(extra.attributes ?? [])],
    status: { code: 0 },
  });
  const ids = Array.from({ length: good + 5 }, () => hex(8));
  const spans = [
    ...ids.slice(0, good).map((id) => span(id, { attributes: [attr('gen_ai.usage.input_tokens', 12)] })),
    span(ids[good]!, { attributes: [attr('gen_ai.usage.input_tokens', 3_000_000_000)] }),
    span(ids[good + 1]!, { attributes: [attr('gen_ai.usage.output_tokens', 1e300)] }),
    span(ids[good + 2]!, { kind: 70000 }),
    span(ids[good + 3]!, { name: hex(5_000) }),
    span(ids[good + 4]!, { attributes: [attr('session.id', hex(4_000))] }),
  ];
  const body = JSON.stringify({
    resourceSpans: [{ resource: { attributes: [attr('service.name', 'soak')] }, scopeSpans: [{ spans }] }],
  });
  return { body, spanIds: ids };
};

/** Pre-encoded protobuf exports of agent traffic, with the span ids each holds. */
export const agentExports = (spans: number, batchSize: number) =>
  encodeAgentTraffic({ spans, batchSize }).batches.map((body) => ({
    body,
    spanIds: decodeTracesProtobuf(body).spans.map((s) => s.spanId),
  }));

/** 200 MiB of spaces in about 200 KiB of gzip. */
export const gzipBomb = () => gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20));

/** Malformed bodies: truncated protobuf, JSON that is not JSON, JSON of the wrong shape. */
export const malformedBodies = (sample: Uint8Array) => [
  { type: 'application/x-protobuf', body: sample.slice(0, Math.max(1, sample.length - 7)) },
  { type: 'application/json', body: '{"resourceSpans": [' },
  { type: 'application/json', body: '{"resourceSpans": 5}' },
];
