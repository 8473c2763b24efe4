import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { decodeLogsProtobuf, decodeTracesProtobuf } from './decode-protobuf.js';
import { OtlpDecodeError } from './errors.js';
import { ProtobufWriter } from './protobuf-writer.js';

const pb = () => new ProtobufWriter();
const TRACE_ID = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const SPAN_ID = Uint8Array.from({ length: 8 }, (_, i) => 0xa0 + i);

/** A minimal valid span; `extra` appends more fields (or broken bytes). */
function span(extra: (w: ProtobufWriter) => unknown = () => {}): ProtobufWriter {
  const w = pb().bytes(1, TRACE_ID).bytes(2, SPAN_ID).string(5, 'span').fixed64(7, 10n).fixed64(8, 20n);
  extra(w);
  return w;
}

/** ExportTraceServiceRequest with one ResourceSpans per entry of `scopes`, each a list of spans. */
function request(...scopes: ProtobufWriter[][]): Uint8Array {
  const resourceSpans = pb().bytes(1, pb().bytes(1, pb().string(1, 'k').bytes(2, pb().string(1, 'v'))));
  for (const spans of scopes) {
    const scopeSpans = pb().bytes(1, pb().string(1, 'scope'));
    for (const s of spans) scopeSpans.bytes(2, s);
    resourceSpans.bytes(2, scopeSpans);
  }
  return pb().bytes(1, resourceSpans).finish();
}

function decodeError(buf: Uint8Array): OtlpDecodeError {
  try {
    decodeTracesProtobuf(buf);
  } catch (err) {
    if (err instanceof OtlpDecodeError) return err;
    throw err;
  }
  throw new Error('expected an OtlpDecodeError');
}

const nested = (depth: number): ProtobufWriter => {
  let value = pb().string(1, 'leaf');
  for (let i = 0; i < depth; i++) value = pb().bytes(5, pb().bytes(1, value));
  return value;
};
const attribute = (key: string | Uint8Array, value: ProtobufWriter) =>
  typeof key === 'string' ? pb().string(1, key).bytes(2, value) : pb().bytes(1, key).bytes(2, value);
const SPANS = 'resourceSpans[0].scopeSpans[0].spans[0]';

describe('decodeTracesProtobuf rejects broken messages with the path of the field', () => {
  it.each([
    [
      'a traceId that runs past the end of its span',
      request([span()], [span(), span(), span(), pb().raw([0x0a, 0x10, 1, 2, 3])]),
      'resourceSpans[0].scopeSpans[1].spans[3].traceId: length-delimited field runs past the end of the message (truncated body?)',
    ],
    [
      'invalid UTF-8 in the span name',
      request([span((w) => w.bytes(5, Uint8Array.of(0x61, 0xff)))]),
      `${SPANS}.name: string field is not valid UTF-8`,
    ],
    [
      'invalid UTF-8 in a long attribute value',
      request([
        span((w) =>
          w.bytes(9, attribute('k', pb().bytes(1, Uint8Array.of(...Buffer.from('x'.repeat(40)), 0xc3, 0x28)))),
        ),
      ]),
      `${SPANS}.attributes[0].value.stringValue: string field is not valid UTF-8`,
    ],
    [
      'an overlong encoding in an attribute key',
      request([span((w) => w.bytes(9, attribute('ok', pb())).bytes(9, attribute(Uint8Array.of(0xc0, 0x80), pb())))]),
      `${SPANS}.attributes[1].key: string field is not valid UTF-8`,
    ],
    [
      'a UTF-16 surrogate in the status message',
      request([span((w) => w.bytes(15, pb().bytes(2, Uint8Array.of(0xed, 0xa0, 0x80))))]),
      `${SPANS}.status.message: string field is not valid UTF-8`,
    ],
    [
      'traceId sent as a varint',
      request([pb().varint(1, 5)]),
      `${SPANS}.traceId: expected wire type 2 (length-delimited), got 0 (varint)`,
    ],
    [
      'startTimeUnixNano sent as fixed32',
      request([span((w) => w.fixed32(7, 1))]),
      `${SPANS}.startTimeUnixNano: expected wire type 1 (fixed64), got 5 (fixed32)`,
    ],
    [
      'spans sent as a varint',
      pb()
        .bytes(1, pb().bytes(2, pb().varint(2, 1)))
        .finish(),
      'resourceSpans[0].scopeSpans[0].spans[0]: expected wire type 2 (length-delimited), got 0 (varint)',
    ],
    [
      'a truncated fixed64 time',
      request([pb().raw([0x39, 1, 2, 3])]),
      `${SPANS}.startTimeUnixNano: fixed64 field runs past the end of the message (truncated body?)`,
    ],
    [
      'a truncated varint',
      request([pb().raw([0x30, 0x80])]),
      `${SPANS}.kind: varint runs past the end of the message (truncated body?)`,
    ],
    [
      'an 11-byte varint',
      request([pb().raw([0x30, ...new Array(10).fill(0xff), 0x01])]),
      `${SPANS}.kind: varint is longer than 10 bytes`,
    ],
    [
      'field number 0',
      request([pb().raw([0x02, 0x00])]),
      `${SPANS}.field 0: invalid field number 0 (corrupt message?)`,
    ],
    ['wire type 7', request([pb().raw([0xff, 0x01])]), `${SPANS}.field 31: invalid wire type 7 (corrupt message?)`],
    [
      'a stray end-group tag',
      request([pb().raw([0x8c, 0x01])]),
      `${SPANS}.field 17: unexpected end-group tag (corrupt message?)`,
    ],
    [
      'a group closed by another field',
      request([pb().raw([0x8b, 0x01, 0x94, 0x01])]),
      `${SPANS}.field 17: end-group tag does not match its start`,
    ],
    [
      'attribute values nested 101 levels deep',
      request([span((w) => w.bytes(9, attribute('deep', nested(101))))]),
      'attribute values nest more than 100 levels deep',
    ],
    [
      'a bad value deep inside an array and a kvlist',
      request([
        span((w) =>
          w.bytes(
            9,
            attribute(
              'a',
              pb().bytes(
                5,
                pb()
                  .bytes(1, pb().string(1, 'x'))
                  .bytes(1, pb().bytes(6, pb().bytes(1, attribute('k', pb().raw([0x21, 0]))))),
              ),
            ),
          ),
        ),
      ]),
      `${SPANS}.attributes[0].value.arrayValue.values[1].kvlistValue.values[0].value.doubleValue: double field runs past the end of the message (truncated body?)`,
    ],
    [
      'a bad event',
      request([span((w) => w.bytes(11, pb()).bytes(11, pb().raw([0x12, 5])))]),
      `${SPANS}.events[1].name: length-delimited field runs past the end of the message (truncated body?)`,
    ],
    [
      'a bad link',
      request([span((w) => w.bytes(13, pb().varint(2, 1)))]),
      `${SPANS}.links[0].spanId: expected wire type 2 (length-delimited), got 0 (varint)`,
    ],
    [
      'a body cut inside the envelope',
      pb().raw([0x0a, 0x05, 0x12, 0x03]).finish(),
      'resourceSpans[0]: length-delimited field runs past the end of the message (truncated body?)',
    ],
  ])('%s', (_, buf, message) => {
    const err = decodeError(buf);
    if (message.includes(':')) expect(err.message).toBe(message);
    else expect(err.message).toContain(message);
    expect(err.code).toBe('invalid_otlp');
  });
});

/** A small real export: every kind of field, so that every prefix cuts somewhere different. */
function sdkExport(): Uint8Array {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('prefix-test', '1.0');
  const s = tracer.startSpan('chat', { attributes: { a: 'é', n: -1, d: 1.5, b: true, arr: ['x', 'y'] } });
  s.addEvent('ev', { k: 'v' });
  s.setStatus({ code: 2, message: 'bad' });
  s.end();
  return ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
}

describe('decodeTracesProtobuf on damaged bodies', () => {
  const full = sdkExport();

  it('either decodes or throws OtlpDecodeError for every prefix of a message', () => {
    let decoded = 0;
    for (let n = 0; n <= full.length; n++) {
      try {
        decodeTracesProtobuf(full.subarray(0, n));
        decoded++;
      } catch (err) {
        expect(err).toBeInstanceOf(OtlpDecodeError);
      }
    }
    expect(decoded).toBeGreaterThanOrEqual(2); // the empty body and the whole message
  });

  it('either decodes or throws OtlpDecodeError when bytes are corrupted', () => {
    let seed = 42;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let round = 0; round < 2000; round++) {
      const copy = full.slice();
      for (let k = 0; k < 3; k++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      try {
        decodeTracesProtobuf(copy);
      } catch (err) {
        expect(err).toBeInstanceOf(OtlpDecodeError);
      }
    }
  });
});

describe('decodeTracesProtobuf accepts what proto3 allows', () => {
  it('decodes an empty body as an empty request', () => {
    expect(decodeTracesProtobuf(new Uint8Array(0))).toEqual({ spans: [] });
    expect(decodeLogsProtobuf(new Uint8Array(0))).toEqual({ records: [] });
  });

  it('skips unknown fields of every wire type at every level', () => {
    const unknown = (w: ProtobufWriter) =>
      w.varint(90, 7).fixed64(91, 1n).string(92, 'x').fixed32(93, 1).raw([0xe3, 0x05, 0x08, 0x01, 0xe4, 0x05]);
    const plain = decodeTracesProtobuf(request([span((w) => w.bytes(9, attribute('k', pb().string(1, 'v'))))]));
    const value = unknown(pb().string(1, 'v'));
    const withUnknown = pb()
      .bytes(
        1,
        unknown(pb())
          .bytes(1, unknown(pb().bytes(1, unknown(pb().string(1, 'k')).bytes(2, unknown(pb().string(1, 'v'))))))
          .bytes(
            2,
            unknown(pb().bytes(1, unknown(pb().string(1, 'scope')))).bytes(
              2,
              span((w) => unknown(w.bytes(9, unknown(attribute('k', value))))),
            ),
          ),
      )
      .finish();
    expect(decodeTracesProtobuf(unknown(pb()).raw(withUnknown).finish())).toEqual(plain);
  });

  it('decodes fields in any order, sharing a late resource with earlier spans', () => {
    const resourceSpans = pb()
      .bytes(2, pb().bytes(2, span()).bytes(1, pb().string(2, '9.9').string(1, 'late-scope')))
      .string(3, 'https://schema')
      .bytes(1, pb().bytes(1, attribute('service.name', pb().string(1, 'svc'))));
    const [decoded] = decodeTracesProtobuf(pb().bytes(1, resourceSpans).finish()).spans;
    expect(decoded!.resource).toEqual({ attributes: { 'service.name': 'svc' }, schemaUrl: 'https://schema' });
    expect(decoded!.scope).toEqual({ name: 'late-scope', version: '9.9', attributes: {} });
  });

  it.each([
    ['int64 above 2^53', pb().varint(3, 2n ** 53n + 1n), '9007199254740993'],
    ['int64 max', pb().varint(3, 2n ** 63n - 1n), '9223372036854775807'],
    ['int64 min', pb().varint(3, -(2n ** 63n)), '-9223372036854775808'],
    ['largest safe integer', pb().varint(3, 2 ** 53 - 1), 2 ** 53 - 1],
    ['smallest safe integer', pb().varint(3, -(2 ** 53) + 1), -(2 ** 53) + 1],
    ['-1 (10-byte varint)', pb().varint(3, -1), -1],
    ['NaN', pb().double(4, Number.NaN), 'NaN'],
    ['-Infinity', pb().double(4, -Infinity), '-Infinity'],
    ['bool with a wide varint', pb().varint(2, 2n ** 40n), true],
    ['bytes', pb().bytes(7, Uint8Array.of(0xfb, 0xff)), '+/8='],
    ['an empty AnyValue', pb(), null],
    ['string_value_strindex (profiles only)', pb().varint(8, 3), null],
    ['the last of several values', pb().string(1, 'first').varint(3, 2), 2],
    ['a 4-byte UTF-8 character', pb().string(1, '🦜'), '🦜'],
  ])('decodes an attribute holding %s', (_, value, expected) => {
    const [decoded] = decodeTracesProtobuf(request([span((w) => w.bytes(9, attribute('v', value)))])).spans;
    expect(decoded!.attributes).toEqual({ v: expected });
  });

  it('keeps ids of the wrong length for validation to reject, and maps unknown status codes to unset', () => {
    const [decoded] = decodeTracesProtobuf(
      request([pb().bytes(1, Uint8Array.of(0xab)).bytes(4, new Uint8Array(0)).bytes(15, pb().varint(3, 7))]),
    ).spans;
    expect(decoded).toMatchObject({ traceId: 'ab', spanId: '', parentSpanId: '', status: { code: 0, message: '' } });
  });

  it('stores an attribute named __proto__ as a plain property', () => {
    const [decoded] = decodeTracesProtobuf(
      request([span((w) => w.bytes(9, attribute('__proto__', pb().string(1, 'x'))))]),
    ).spans;
    expect(Object.getPrototypeOf(decoded!.attributes)).toBe(Object.prototype);
    expect(Object.keys(decoded!.attributes)).toEqual(['__proto__']);
  });

  it('reads a node Buffer, and caches copies of its keys rather than views of its (reused) memory', () => {
    const body = Buffer.from(request([span((w) => w.bytes(9, attribute('alpha', pb().string(1, 'alpha'))))]));
    expect(decodeTracesProtobuf(body).spans[0]!.attributes).toEqual({ alpha: 'alpha' });
    body.set(Buffer.from('omega'), body.indexOf('alpha'));
    body.set(Buffer.from('omega'), body.lastIndexOf('alpha'));
    expect(decodeTracesProtobuf(body).spans[0]!.attributes).toEqual({ omega: 'omega' });
  });

  it('decodes many distinct keys of the same length correctly (key cache)', () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `key.${String(i).padStart(5, '0')}`);
    const s = span((w) => {
      for (const k of keys) w.bytes(9, attribute(k, pb().string(1, k)));
    });
    for (let round = 0; round < 2; round++) {
      const [decoded] = decodeTracesProtobuf(request([s])).spans;
      expect(Object.entries(decoded!.attributes).every(([k, v]) => k === v)).toBe(true);
      expect(Object.keys(decoded!.attributes)).toHaveLength(keys.length);
    }
  });
});
