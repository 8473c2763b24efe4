import { ProtobufWriter } from '../../core/otlp/protobuf-writer.js';

/**
 * A hand-built OTLP `ExportMetricsServiceRequest` (no metrics exporter package is installed): two
 * resources, the GenAI client metrics an instrumented app exports, one of each data kind
 * (metrics.proto: gauge 5, sum 7, histogram 9, exponential_histogram 10, summary 11), with
 * {@link METRICS_DATA_POINTS} data points in all.
 */
export const METRICS_DATA_POINTS = 9;

const NOW = 1_760_000_000_000_000_000n;

const attribute = (key: string, value: string) =>
  new ProtobufWriter().string(1, key).bytes(2, new ProtobufWriter().string(1, value));

/** A NumberDataPoint (gauge, sum): attributes 7, start 2, time 3, as_double 4. */
const numberPoint = (value: number, model: string) =>
  new ProtobufWriter()
    .bytes(7, attribute('gen_ai.request.model', model))
    .fixed64(2, NOW)
    .fixed64(3, NOW)
    .double(4, value);

/** A HistogramDataPoint: time 3, count 4, sum 5, bucket_counts 6, explicit_bounds 7. */
const histogramPoint = (count: number) =>
  new ProtobufWriter()
    .fixed64(3, NOW)
    .fixed64(4, BigInt(count))
    .double(5, count * 0.5)
    .fixed64(6, BigInt(count));

const metric = (name: string, dataField: number, points: ProtobufWriter[]) => {
  const data = new ProtobufWriter();
  for (const point of points) data.bytes(1, point);
  if (dataField === 7 || dataField === 9 || dataField === 10) data.varint(2, 2); // cumulative temporality
  return new ProtobufWriter().string(1, name).string(3, '{token}').bytes(dataField, data);
};

const scopeMetrics = (metrics: ProtobufWriter[]) => {
  const scope = new ProtobufWriter().bytes(1, new ProtobufWriter().string(1, 'gen-ai-metrics').string(2, '1.0.0'));
  for (const m of metrics) scope.bytes(2, m);
  return scope;
};

const resourceMetrics = (service: string, scopes: ProtobufWriter[]) => {
  const resource = new ProtobufWriter().bytes(1, new ProtobufWriter().bytes(1, attribute('service.name', service)));
  for (const s of scopes) resource.bytes(2, s);
  return resource;
};

/** The request as protobuf bytes. */
export const metricsRequestProtobuf = (): Uint8Array =>
  new ProtobufWriter()
    .bytes(
      1,
      resourceMetrics('chat-app', [
        scopeMetrics([
          metric('gen_ai.client.token.usage', 9, [histogramPoint(3), histogramPoint(5)]),
          metric('gen_ai.client.operation.duration', 9, [histogramPoint(1)]),
          metric('llm.calls', 7, [numberPoint(4, 'gpt-4o'), numberPoint(2, 'gpt-4o-mini')]),
        ]),
      ]),
    )
    .bytes(
      1,
      resourceMetrics('worker', [
        scopeMetrics([
          metric('queue.depth', 5, [numberPoint(7, 'gpt-4o')]),
          metric('latency', 10, [new ProtobufWriter().fixed64(3, NOW).fixed64(4, 2n)]),
          metric('latency.summary', 11, [new ProtobufWriter().fixed64(3, NOW).fixed64(4, 2n)]),
        ]),
        scopeMetrics([metric('empty.gauge', 5, []), metric('cpu', 5, [numberPoint(0.5, 'gpt-4o')])]),
      ]),
    )
    .finish();

const jsonPoint = { timeUnixNano: String(NOW), asDouble: 1 };

/** The same shape as OTLP/JSON (lowerCamelCase), also with {@link METRICS_DATA_POINTS} data points. */
export const metricsRequestJson = () =>
  JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'chat-app' } }] },
        scopeMetrics: [
          {
            scope: { name: 'gen-ai-metrics' },
            metrics: [
              {
                name: 'gen_ai.client.token.usage',
                histogram: { dataPoints: [{ count: '3' }, { count: '5' }], aggregationTemporality: 2 },
              },
              { name: 'gen_ai.client.operation.duration', histogram: { dataPoints: [{ count: '1' }] } },
              { name: 'llm.calls', sum: { dataPoints: [jsonPoint, jsonPoint], isMonotonic: true } },
            ],
          },
        ],
      },
      {
        scopeMetrics: [
          {
            metrics: [
              { name: 'queue.depth', gauge: { dataPoints: [jsonPoint] } },
              { name: 'latency', exponentialHistogram: { dataPoints: [{ count: '2' }] } },
              { name: 'latency.summary', summary: { dataPoints: [{ count: '2' }] } },
            ],
          },
          {
            metrics: [
              { name: 'empty.gauge', gauge: {} },
              { name: 'cpu', gauge: { dataPoints: [jsonPoint] } },
            ],
          },
        ],
      },
    ],
  });
