import { describe, expect, it } from 'vitest';
import { METRICS_DATA_POINTS, metricsRequestJson, metricsRequestProtobuf } from '../../test/helpers/otlp-metrics.js';
import { countDataPointsJson, countDataPointsProtobuf } from './count-data-points.js';
import { OtlpDecodeError } from './errors.js';
import { ProtobufWriter } from './protobuf-writer.js';

describe('counting the data points of an ExportMetricsServiceRequest', () => {
  it('counts every kind (gauge, sum, histogram, exponential histogram, summary) across resources and scopes', () => {
    expect(countDataPointsProtobuf(metricsRequestProtobuf())).toBe(METRICS_DATA_POINTS);
    expect(countDataPointsJson(metricsRequestJson())).toBe(METRICS_DATA_POINTS);
  });

  it('counts an empty request as 0', () => {
    expect(countDataPointsProtobuf(new Uint8Array(0))).toBe(0);
    expect(countDataPointsJson('')).toBe(0);
    expect(countDataPointsJson('{}')).toBe(0);
  });

  it('skips unknown fields and fields outside the data-point path', () => {
    const body = new ProtobufWriter()
      .varint(9, 1)
      .bytes(1, new ProtobufWriter().string(3, 'https://schema').bytes(2, new ProtobufWriter().varint(15, 3)))
      .finish();
    expect(countDataPointsProtobuf(body)).toBe(0);
  });

  it.each([
    ['truncated', metricsRequestProtobuf().slice(0, 40)],
    ['a known field with the wrong wire type', new ProtobufWriter().varint(1, 5).finish()],
    ['garbage', Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
  ])('rejects a %s protobuf body', (_, body) => {
    expect(() => countDataPointsProtobuf(body)).toThrow(OtlpDecodeError);
  });

  it('names the path of a broken field', () => {
    const body = new ProtobufWriter()
      .bytes(1, new ProtobufWriter().bytes(2, new ProtobufWriter().bytes(2, new ProtobufWriter().varint(7, 1))))
      .finish();
    expect(() => countDataPointsProtobuf(body)).toThrow(
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum: expected wire type 2',
    );
  });

  it.each([
    ['not JSON', '{"resourceMetrics": [', 'not valid JSON'],
    ['resourceMetrics not an array', '{"resourceMetrics": 3}', 'resourceMetrics: expected an array'],
    [
      'dataPoints not an array',
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"sum":{"dataPoints":{}}}]}]}]}',
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints: expected an array',
    ],
    [
      'a metric not an object',
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[7]}]}]}',
      'metrics[0]: expected an object',
    ],
  ])('rejects a JSON body with %s, naming the path', (_, text, message) => {
    expect(() => countDataPointsJson(text)).toThrow(message);
  });
});
