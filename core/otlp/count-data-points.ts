import { parseJsonObject } from './decode-json-common.js';
import { OtlpDecodeError } from './errors.js';
import { ProtobufReader, WIRE_LEN } from './protobuf-reader.js';
import { annotateError, defineMessage, type MessageSchema } from './protobuf-schema.js';

// opentelemetry/proto/metrics/v1/metrics.proto: only the path down to the data points is read.
const REQUEST = defineMessage([[1, 'resourceMetrics', WIRE_LEN, true]]);
const RESOURCE_METRICS = defineMessage([
  [1, 'resource', WIRE_LEN],
  [2, 'scopeMetrics', WIRE_LEN, true],
  [3, 'schemaUrl', WIRE_LEN],
]);
const SCOPE_METRICS = defineMessage([
  [1, 'scope', WIRE_LEN],
  [2, 'metrics', WIRE_LEN, true],
  [3, 'schemaUrl', WIRE_LEN],
]);
/** Metric's data oneof: gauge 5, sum 7, histogram 9, exponential_histogram 10, summary 11. */
const METRIC = defineMessage([
  [1, 'name', WIRE_LEN],
  [2, 'description', WIRE_LEN],
  [3, 'unit', WIRE_LEN],
  [5, 'gauge', WIRE_LEN],
  [7, 'sum', WIRE_LEN],
  [9, 'histogram', WIRE_LEN],
  [10, 'exponentialHistogram', WIRE_LEN],
  [11, 'summary', WIRE_LEN],
  [12, 'metadata', WIRE_LEN, true],
]);
const DATA_FIELDS = new Set([5, 7, 9, 10, 11]);
/** Gauge, Sum, Histogram, ExponentialHistogram and Summary all keep their points in field 1. */
const DATA = defineMessage([[1, 'dataPoints', WIRE_LEN, true]]);

/** Calls `each(end)` for every occurrence of length-delimited `field` of the message ending at `end`. */
const forEachField = (
  r: ProtobufReader,
  end: number,
  schema: MessageSchema,
  fields: Set<number>,
  each: (fieldEnd: number) => void,
) => {
  const start = r.pos;
  let at = start;
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      if (fields.has(tag >>> 3) && (tag & 7) === WIRE_LEN) {
        const fieldEnd = r.delimited(end);
        each(fieldEnd);
        r.pos = fieldEnd;
      } else r.skipField(tag, end, schema);
    }
  } catch (err) {
    throw annotateError(err, r.buf, schema, start, at);
  }
};

const ONE = (n: number) => new Set([n]);

/**
 * Counts the data points of an OTLP/protobuf `ExportMetricsServiceRequest` without decoding them
 * (evalloop does not store metrics; the count goes into the partial-success answer). A truncated or
 * malformed message throws {@link OtlpDecodeError}.
 */
export function countDataPointsProtobuf(body: Uint8Array): number {
  const r = new ProtobufReader(body);
  let count = 0;
  forEachField(r, body.length, REQUEST, ONE(1), (resourceEnd) =>
    forEachField(r, resourceEnd, RESOURCE_METRICS, ONE(2), (scopeEnd) =>
      forEachField(r, scopeEnd, SCOPE_METRICS, ONE(2), (metricEnd) =>
        forEachField(r, metricEnd, METRIC, DATA_FIELDS, (dataEnd) =>
          forEachField(r, dataEnd, DATA, ONE(1), () => {
            count++;
          }),
        ),
      ),
    ),
  );
  return count;
}

const DATA_KEYS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

const arrayAt = (value: unknown, path: string): unknown[] => {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpDecodeError('expected an array', { path });
  return value;
};

const objectAt = (value: unknown, path: string): Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OtlpDecodeError('expected an object', { path });
  }
  return value as Record<string, unknown>;
};

/** Counts the data points of an OTLP/JSON `ExportMetricsServiceRequest` (`''` is an empty request). */
export function countDataPointsJson(text: string): number {
  const root = parseJsonObject(text === '' ? '{}' : text);
  let count = 0;
  arrayAt(root.resourceMetrics, 'resourceMetrics').forEach((rm, i) => {
    const rmPath = `resourceMetrics[${i}]`;
    arrayAt(objectAt(rm, rmPath).scopeMetrics, `${rmPath}.scopeMetrics`).forEach((sm, j) => {
      const smPath = `${rmPath}.scopeMetrics[${j}]`;
      arrayAt(objectAt(sm, smPath).metrics, `${smPath}.metrics`).forEach((m, k) => {
        const mPath = `${smPath}.metrics[${k}]`;
        const metric = objectAt(m, mPath);
        for (const key of DATA_KEYS) {
          if (metric[key] === undefined || metric[key] === null) continue;
          const data = objectAt(metric[key], `${mPath}.${key}`);
          count += arrayAt(data.dataPoints, `${mPath}.${key}.dataPoints`).length;
        }
      });
    });
  });
  return count;
}
