import { describe, expect, it } from 'vitest';
import { decodeLogsJson, decodeTracesJson } from './decode-json.js';
import { OtlpDecodeError } from './errors.js';

const SPAN = {
  traceId: '5B8EFFF798038103D269B633813FC60C',
  spanId: 'EEE19B7EC3C1B174',
  name: 'span',
  startTimeUnixNano: '1',
};

/** One ResourceSpans with one ScopeSpans holding `spans`. */
const traces = (...spans: unknown[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
const withAttribute = (value: unknown) => traces({ ...SPAN, attributes: [{ key: 'k', value }] });
const P = 'resourceSpans[0].scopeSpans[0].spans[0]';

function decodeError(decode: () => unknown): OtlpDecodeError {
  try {
    decode();
  } catch (err) {
    if (err instanceof OtlpDecodeError) return err;
    throw err;
  }
  throw new Error('expected an OtlpDecodeError');
}

describe('decodeTracesJson rejects bodies of the wrong shape, naming the JSON path', () => {
  it.each([
    ['not JSON', '{"resourceSpans": [', /^body is not valid JSON \(/],
    ['an empty string', '', /^body is not valid JSON/],
    ['a JSON array', '[]', 'expected the body to be a JSON object, got an array'],
    ['JSON null', 'null', 'expected the body to be a JSON object, got null'],
    ['resourceSpans not an array', '{"resourceSpans":{}}', 'resourceSpans: expected an array, got an object'],
    [
      'a resourceSpans entry that is a number',
      '{"resourceSpans":[1]}',
      'resourceSpans[0]: expected an object, got number 1',
    ],
    [
      'scopeSpans not an array',
      '{"resourceSpans":[{"scopeSpans":"x"}]}',
      'resourceSpans[0].scopeSpans: expected an array, got the string "x"',
    ],
    [
      'a span that is a string',
      traces(SPAN, 'span'),
      'resourceSpans[0].scopeSpans[0].spans[1]: expected an object, got the string "span"',
    ],
    ['a span that is null', traces(null), `${P}: expected an object, got null`],
    [
      'a non-numeric start time',
      traces({ ...SPAN, startTimeUnixNano: 'yesterday' }),
      `${P}.startTimeUnixNano: expected an unsigned 64-bit integer (a number or a decimal string), got the string "yesterday"`,
    ],
    [
      'a fractional end time',
      traces({ ...SPAN, endTimeUnixNano: 1.5 }),
      /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.endTimeUnixNano: expected an unsigned/,
    ],
    [
      'a negative time',
      traces({ ...SPAN, startTimeUnixNano: '-5' }),
      /spans\[0\]\.startTimeUnixNano: expected an unsigned/,
    ],
    [
      'a time beyond uint64',
      traces({ ...SPAN, startTimeUnixNano: '18446744073709551616' }),
      /spans\[0\]\.startTimeUnixNano: expected/,
    ],
    [
      'an enum sent by name',
      traces({ ...SPAN, kind: 'SPAN_KIND_SERVER' }),
      `${P}.kind: expected an integer (OTLP/JSON enums are integers, not names), got the string "SPAN_KIND_SERVER"`,
    ],
    ['a numeric traceId', traces({ ...SPAN, traceId: 12 }), `${P}.traceId: expected a string, got number 12`],
    [
      'a status that is a string',
      traces({ ...SPAN, status: 'ERROR' }),
      `${P}.status: expected an object, got the string "ERROR"`,
    ],
    [
      'a status code sent by name',
      traces({ ...SPAN, status: { code: 'STATUS_CODE_ERROR' } }),
      /spans\[0\]\.status\.code: expected an integer/,
    ],
    [
      'attributes as an object',
      traces({ ...SPAN, attributes: { k: 'v' } }),
      `${P}.attributes: expected an array, got an object`,
    ],
    [
      'a numeric attribute key',
      traces({ ...SPAN, attributes: [{ key: 1 }] }),
      `${P}.attributes[0].key: expected a string, got number 1`,
    ],
    [
      'a fractional intValue',
      withAttribute({ intValue: 1.5 }),
      `${P}.attributes[0].value.intValue: expected a 64-bit integer (a number or a decimal string), got number 1.5`,
    ],
    [
      'an intValue beyond int64',
      withAttribute({ intValue: '9223372036854775808' }),
      /attributes\[0\]\.value\.intValue: expected a 64-bit integer/,
    ],
    [
      'a boolValue string',
      withAttribute({ boolValue: 'true' }),
      `${P}.attributes[0].value.boolValue: expected true or false, got the string "true"`,
    ],
    [
      'a doubleValue word',
      withAttribute({ doubleValue: 'lots' }),
      `${P}.attributes[0].value.doubleValue: expected a number, got the string "lots"`,
    ],
    [
      'bytesValue that is not base64',
      withAttribute({ bytesValue: '!!' }),
      `${P}.attributes[0].value.bytesValue: expected base64, got the string "!!"`,
    ],
    [
      'a bad value deep inside arrays and kvlists',
      withAttribute({
        arrayValue: {
          values: [{ stringValue: 'a' }, { kvlistValue: { values: [{ key: 'x', value: { boolValue: 1 } }] } }],
        },
      }),
      `${P}.attributes[0].value.arrayValue.values[1].kvlistValue.values[0].value.boolValue: expected true or false, got number 1`,
    ],
    [
      'arrayValue.values not an array',
      withAttribute({ arrayValue: { values: 'x' } }),
      `${P}.attributes[0].value.arrayValue.values: expected an array, got the string "x"`,
    ],
    [
      'a bad event',
      traces({ ...SPAN, events: [{}, { timeUnixNano: 'soon' }] }),
      /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.events\[1\]\.timeUnixNano: expected/,
    ],
    [
      'a bad link',
      traces({ ...SPAN, links: [{ spanId: [] }] }),
      `${P}.links[0].spanId: expected a string, got an array`,
    ],
    [
      'a bad resource attribute',
      '{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":{"stringValue":5}}]}}]}',
      'resourceSpans[0].resource.attributes[0].value.stringValue: expected a string, got number 5',
    ],
    [
      'a bad scope',
      '{"resourceSpans":[{"scopeSpans":[{"scope":{"name":false}}]}]}',
      'resourceSpans[0].scopeSpans[0].scope.name: expected a string, got boolean false',
    ],
  ])('%s', (_, body, expected) => {
    const err = decodeError(() => decodeTracesJson(body));
    if (typeof expected === 'string') expect(err.message).toBe(expected);
    else expect(err.message).toMatch(expected);
    expect(err.code).toBe('invalid_otlp');
  });

  it('rejects values nested more than 100 levels', () => {
    let value: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 101; i++) value = { arrayValue: { values: [value] } };
    expect(decodeError(() => decodeTracesJson(withAttribute(value))).message).toContain('nest more than 100 levels');
  });
});

describe('decodeTracesJson accepts what OTLP/JSON allows', () => {
  it.each([
    ['{}', '{}'],
    ['an empty resourceSpans', '{"resourceSpans":[]}'],
    ['a resource without scopes', '{"resourceSpans":[{"resource":{}}]}'],
    ['nulls for absent fields', '{"resourceSpans":null}'],
  ])('decodes %s as an empty request', (_, body) => {
    expect(decodeTracesJson(body)).toEqual({ spans: [] });
  });

  it('ignores unknown fields at every level and fills defaults', () => {
    const body = JSON.stringify({
      extra: 1,
      resourceSpans: [
        {
          unknown: { deep: [1] },
          resource: { attributes: [], droppedAttributesCount: 3, entityRefs: [{}] },
          scopeSpans: [
            { futureField: true, scope: { name: 's', extra: 'x' }, spans: [{ ...SPAN, flags: 257, newThing: {} }] },
          ],
        },
      ],
    });
    expect(decodeTracesJson(body).spans).toEqual([
      {
        resource: { attributes: {}, schemaUrl: '' },
        scope: { name: 's', version: '', attributes: {} },
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        parentSpanId: '',
        traceState: '',
        name: 'span',
        kind: 0,
        startTimeUnixNano: 1n,
        endTimeUnixNano: 0n,
        attributes: {},
        events: [],
        links: [],
        status: { code: 0, message: '' },
      },
    ]);
  });

  it.each([
    ['hex in upper case', 'ABCDEF0123456789ABCDEF0123456789', 'abcdef0123456789abcdef0123456789'],
    ['a base64 trace id (OTEP 0122 senders)', 'W47/95gDgQPSabYzgT/GDA==', '5b8efff798038103d269b633813fc60c'],
    ['a base64 span id', '7uGbfsPBsXQ=', 'eee19b7ec3c1b174'],
    ['a malformed id, kept for validation to reject', 'not-an-id!', 'not-an-id!'],
    ['a short hex id, kept for validation to reject', 'AB', 'ab'],
  ])('reads %s', (_, id, expected) => {
    const [span] = decodeTracesJson(traces({ ...SPAN, traceId: id, links: [{ spanId: id }] })).spans;
    expect(span!.traceId).toBe(expected);
    expect(span!.links[0]!.spanId).toBe(expected);
  });

  it.each([
    ['an int64 string beyond 2^53', { intValue: '9007199254740993' }, '9007199254740993'],
    ['int64 min as a string', { intValue: '-9223372036854775808' }, '-9223372036854775808'],
    ['an int64 number beyond 2^53', { intValue: 2 ** 60 }, '1152921504606846976'],
    ['a safe int64 string', { intValue: '-42' }, -42],
    ['a safe int64 number', { intValue: 42 }, 42],
    ['a double', { doubleValue: 0.5 }, 0.5],
    ['a double as a string', { doubleValue: '2.5' }, 2.5],
    ['NaN', { doubleValue: 'NaN' }, 'NaN'],
    ['Infinity', { doubleValue: 'Infinity' }, 'Infinity'],
    ['URL-safe unpadded bytes', { bytesValue: '-_8' }, '+/8='],
    ['an empty AnyValue', {}, null],
    ['a null AnyValue', null, null],
    ['an empty string', { stringValue: '' }, ''],
    [
      'a kvlist',
      { kvlistValue: { values: [{ key: 'a', value: { arrayValue: { values: [{ boolValue: false }] } } }] } },
      { a: [false] },
    ],
  ])('decodes %s', (_, value, expected) => {
    const [span] = decodeTracesJson(withAttribute(value)).spans;
    expect(span!.attributes).toEqual({ k: expected });
  });

  it('reads 64-bit times given as numbers or strings', () => {
    const [a, b] = decodeTracesJson(
      traces(
        { ...SPAN, startTimeUnixNano: 1_700_000_000_000, endTimeUnixNano: '1700000000123456789' },
        { ...SPAN, startTimeUnixNano: 0 },
      ),
    ).spans;
    expect(a!.startTimeUnixNano).toBe(1_700_000_000_000n);
    expect(a!.endTimeUnixNano).toBe(1_700_000_000_123_456_789n);
    expect(b!.startTimeUnixNano).toBe(0n);
  });

  it('stores an attribute named __proto__ as a plain property', () => {
    const [span] = decodeTracesJson(withAttribute({ stringValue: 'x' }).replace('"k"', '"__proto__"')).spans;
    expect(Object.getPrototypeOf(span!.attributes)).toBe(Object.prototype);
    expect(Object.keys(span!.attributes)).toEqual(['__proto__']);
  });
});

describe('decodeLogsJson', () => {
  it('decodes a log record with defaults and rejects a bad body with its path', () => {
    const body = {
      resourceLogs: [
        {
          scopeLogs: [
            { logRecords: [{ body: { stringValue: 'hi' }, severityNumber: 9, eventName: 'e', traceId: '' }] },
          ],
        },
      ],
    };
    expect(decodeLogsJson(JSON.stringify(body)).records[0]).toMatchObject({
      body: 'hi',
      severityNumber: 9,
      eventName: 'e',
      traceId: '',
      timeUnixNano: 0n,
    });
    body.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.body = { stringValue: 3 as unknown as string };
    expect(decodeError(() => decodeLogsJson(JSON.stringify(body))).message).toBe(
      'resourceLogs[0].scopeLogs[0].logRecords[0].body.stringValue: expected a string, got number 3',
    );
    expect(decodeLogsJson('{}')).toEqual({ records: [] });
  });
});
