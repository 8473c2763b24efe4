import {
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { encodeExportResponse, encodeStatus } from './encode-response.js';
import { ProtobufReader } from './protobuf-reader.js';

describe('encodeExportResponse', () => {
  it.each([
    ['traces', undefined, {}],
    ['traces', { rejected: 0, message: '' }, {}],
    [
      'traces',
      { rejected: 3, message: '3 spans rejected: traceId "" must be 16 bytes' },
      {
        partialSuccess: { rejectedSpans: 3, errorMessage: '3 spans rejected: traceId "" must be 16 bytes' },
      },
    ],
    [
      'traces',
      { rejected: 0, message: 'warning: clock skew ✓' },
      { partialSuccess: { errorMessage: 'warning: clock skew ✓' } },
    ],
    [
      'logs',
      { rejected: 2, message: 'bad ids' },
      { partialSuccess: { rejectedLogRecords: 2, errorMessage: 'bad ids' } },
    ],
    [
      'metrics',
      { rejected: 9, message: 'not stored' },
      { partialSuccess: { rejectedDataPoints: 9, errorMessage: 'not stored' } },
    ],
    ['metrics', { rejected: 0, message: 'not stored' }, { partialSuccess: { errorMessage: 'not stored' } }],
  ] as const)('encodes a %s response with %j as protobuf the SDK exporter reads back', (signal, partial, expected) => {
    const body = encodeExportResponse(signal, 'protobuf', partial);
    const serializer = {
      traces: ProtobufTraceSerializer,
      logs: ProtobufLogsSerializer,
      metrics: ProtobufMetricsSerializer,
    }[signal];
    expect(serializer.deserializeResponse(body)).toEqual(expected);
  });

  it.each([
    ['traces', undefined, '{}'],
    ['traces', { rejected: 3, message: 'why' }, '{"partialSuccess":{"rejectedSpans":"3","errorMessage":"why"}}'],
    [
      'logs',
      { rejected: 1, message: 'x "y"' },
      '{"partialSuccess":{"rejectedLogRecords":"1","errorMessage":"x \\"y\\""}}',
    ],
    ['logs', { rejected: 0, message: '' }, '{}'],
    ['metrics', { rejected: 2, message: 'm' }, '{"partialSuccess":{"rejectedDataPoints":"2","errorMessage":"m"}}'],
  ] as const)('encodes a %s response with %j as JSON', (signal, partial, expected) => {
    expect(encodeExportResponse(signal, 'json', partial)).toBe(expected);
  });
});

describe('encodeStatus', () => {
  it('encodes a google.rpc.Status with only the message', () => {
    const body = encodeStatus('protobuf', 'could not decode: réponse');
    const r = new ProtobufReader(body);
    expect(r.uint32(body.length)).toBe(0x12);
    expect(r.string(body.length)).toBe('could not decode: réponse');
    expect(r.pos).toBe(body.length);
    expect(JSON.parse(encodeStatus('json', 'bad "body"'))).toEqual({ message: 'bad "body"' });
  });
});
