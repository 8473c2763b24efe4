import { OtlpDecodeError } from './errors.js';
import { type ProtobufReader, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './protobuf-reader.js';
import { annotateError, defineMessage, type MessageSchema } from './protobuf-schema.js';
import type { Attributes, InstrumentationScope, JsonValue, Resource } from './types.js';
import { finiteOrString, MAX_VALUE_NESTING, setAttribute } from './values.js';

// opentelemetry/proto/common/v1/common.proto and resource/v1/resource.proto
const ANY_VALUE = defineMessage([
  [1, 'stringValue', WIRE_LEN],
  [2, 'boolValue', WIRE_VARINT],
  [3, 'intValue', WIRE_VARINT],
  [4, 'doubleValue', WIRE_I64],
  [5, 'arrayValue', WIRE_LEN],
  [6, 'kvlistValue', WIRE_LEN],
  [7, 'bytesValue', WIRE_LEN],
  [8, 'stringValueStrindex', WIRE_VARINT], // profiles only: ignored
]);
const VALUES = defineMessage([[1, 'values', WIRE_LEN, true]]); // ArrayValue and KeyValueList
const KEY_VALUE = defineMessage([
  [1, 'key', WIRE_LEN],
  [2, 'value', WIRE_LEN],
]);
const RESOURCE = defineMessage([
  [1, 'attributes', WIRE_LEN, true],
  [2, 'droppedAttributesCount', WIRE_VARINT],
  [3, 'entityRefs', WIRE_LEN, true],
]);
const SCOPE = defineMessage([
  [1, 'name', WIRE_LEN],
  [2, 'version', WIRE_LEN],
  [3, 'attributes', WIRE_LEN, true],
  [4, 'droppedAttributesCount', WIRE_VARINT],
]);

/** An AnyValue as plain JSON (see types.ts); an empty AnyValue is null. */
export function decodeAnyValue(r: ProtobufReader, end: number, depth: number): JsonValue {
  const start = r.pos;
  let at = start;
  let value: JsonValue = null;
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      switch (tag) {
        case 0x0a:
          value = r.string(end);
          break;
        case 0x10:
          value = r.bool(end);
          break;
        case 0x18:
          value = r.int64(end);
          break;
        case 0x21:
          value = finiteOrString(r.double(end));
          break;
        case 0x2a:
          value = decodeArrayValue(r, r.delimited(end), depth + 1);
          break;
        case 0x32:
          value = decodeKeyValueList(r, r.delimited(end), depth + 1);
          break;
        case 0x3a:
          value = r.base64(end);
          break;
        default:
          r.skipField(tag, end, ANY_VALUE);
      }
    }
  } catch (err) {
    throw annotateError(err, r.buf, ANY_VALUE, start, at);
  }
  return value;
}

function checkNesting(depth: number): void {
  if (depth > MAX_VALUE_NESTING) {
    throw new OtlpDecodeError(`attribute values nest more than ${MAX_VALUE_NESTING} levels deep`);
  }
}

function decodeArrayValue(r: ProtobufReader, end: number, depth: number): JsonValue[] {
  checkNesting(depth);
  const start = r.pos;
  let at = start;
  const values: JsonValue[] = [];
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      if (tag === 0x0a) values.push(decodeAnyValue(r, r.delimited(end), depth));
      else r.skipField(tag, end, VALUES);
    }
  } catch (err) {
    throw annotateError(err, r.buf, VALUES, start, at);
  }
  return values;
}

function decodeKeyValueList(r: ProtobufReader, end: number, depth: number): Attributes {
  checkNesting(depth);
  const start = r.pos;
  let at = start;
  const values: Attributes = {};
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      if (tag === 0x0a) decodeKeyValueInto(r, r.delimited(end), values, depth);
      else r.skipField(tag, end, VALUES);
    }
  } catch (err) {
    throw annotateError(err, r.buf, VALUES, start, at);
  }
  return values;
}

/** Decodes one KeyValue message and stores it in `target` (a repeated `attributes` field's element). */
export function decodeKeyValueInto(r: ProtobufReader, end: number, target: Attributes, depth: number): void {
  const start = r.pos;
  let at = start;
  let key = '';
  let value: JsonValue = null;
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      if (tag === 0x0a) key = r.key(end);
      else if (tag === 0x12) value = decodeAnyValue(r, r.delimited(end), depth);
      else r.skipField(tag, end, KEY_VALUE);
    }
  } catch (err) {
    throw annotateError(err, r.buf, KEY_VALUE, start, at);
  }
  setAttribute(target, key, value);
}

/** Decodes a Resource message into `resource` (merging, as protobuf does for a repeated message field). */
export function decodeResourceInto(r: ProtobufReader, end: number, resource: Resource): void {
  const start = r.pos;
  let at = start;
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      if (tag === 0x0a) decodeKeyValueInto(r, r.delimited(end), resource.attributes, 0);
      else r.skipField(tag, end, RESOURCE);
    }
  } catch (err) {
    throw annotateError(err, r.buf, RESOURCE, start, at);
  }
}

/** Decodes an InstrumentationScope message into `scope`. */
export function decodeScopeInto(r: ProtobufReader, end: number, scope: InstrumentationScope): void {
  const start = r.pos;
  let at = start;
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      if (tag === 0x0a) scope.name = r.string(end);
      else if (tag === 0x12) scope.version = r.string(end);
      else if (tag === 0x1a) decodeKeyValueInto(r, r.delimited(end), scope.attributes, 0);
      else r.skipField(tag, end, SCOPE);
    }
  } catch (err) {
    throw annotateError(err, r.buf, SCOPE, start, at);
  }
}

/**
 * Decodes one telemetry item (a Span, a LogRecord) that starts at `r.pos` and ends at `end`.
 * `resource` and `scope` are shared by every item of the same ScopeSpans/ScopeLogs.
 */
export type ItemDecoder<T> = (r: ProtobufReader, end: number, resource: Resource, scope: InstrumentationScope) => T;

/** The three envelope levels every export request has: request → resource → scope → items. */
export interface EnvelopeSchemas {
  request: MessageSchema;
  resource: MessageSchema;
  scope: MessageSchema;
}

/** Builds the envelope schemas, e.g. `defineEnvelope('resourceSpans', 'scopeSpans', 'spans')`. */
export function defineEnvelope(resourceItems: string, scopeItems: string, items: string): EnvelopeSchemas {
  return {
    request: defineMessage([[1, resourceItems, WIRE_LEN, true]]),
    resource: defineMessage([
      [1, 'resource', WIRE_LEN],
      [2, scopeItems, WIRE_LEN, true],
      [3, 'schemaUrl', WIRE_LEN],
    ]),
    scope: defineMessage([
      [1, 'scope', WIRE_LEN],
      [2, items, WIRE_LEN, true],
      [3, 'schemaUrl', WIRE_LEN],
    ]),
  };
}

/**
 * Decodes an Export*ServiceRequest: field 1 repeated Resource* {1 resource, 2 repeated Scope*
 * {1 scope, 2 repeated item, 3 schema_url}, 3 schema_url}. Items are appended to `out` in wire order.
 */
export function decodeExportRequest<T>(
  r: ProtobufReader,
  schemas: EnvelopeSchemas,
  decodeItem: ItemDecoder<T>,
  out: T[],
): void {
  const end = r.buf.length;
  let at = 0;
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      if (tag === 0x0a) decodeResourceEnvelope(r, r.delimited(end), schemas, decodeItem, out);
      else r.skipField(tag, end, schemas.request);
    }
  } catch (err) {
    throw annotateError(err, r.buf, schemas.request, 0, at);
  }
}

function decodeResourceEnvelope<T>(
  r: ProtobufReader,
  end: number,
  schemas: EnvelopeSchemas,
  decodeItem: ItemDecoder<T>,
  out: T[],
): void {
  const start = r.pos;
  let at = start;
  // Filled in place so that items decoded before a late `resource` or `schema_url` field share it too.
  const resource: Resource = { attributes: {}, schemaUrl: '' };
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      if (tag === 0x0a) decodeResourceInto(r, r.delimited(end), resource);
      else if (tag === 0x12) decodeScopeEnvelope(r, r.delimited(end), schemas, decodeItem, out, resource);
      else if (tag === 0x1a) resource.schemaUrl = r.string(end);
      else r.skipField(tag, end, schemas.resource);
    }
  } catch (err) {
    throw annotateError(err, r.buf, schemas.resource, start, at);
  }
}

function decodeScopeEnvelope<T>(
  r: ProtobufReader,
  end: number,
  schemas: EnvelopeSchemas,
  decodeItem: ItemDecoder<T>,
  out: T[],
  resource: Resource,
): void {
  const start = r.pos;
  let at = start;
  const scope: InstrumentationScope = { name: '', version: '', attributes: {} };
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      if (tag === 0x0a) decodeScopeInto(r, r.delimited(end), scope);
      else if (tag === 0x12) out.push(decodeItem(r, r.delimited(end), resource, scope));
      else r.skipField(tag, end, schemas.scope); // 3: the scope's schema_url has no place in our types
    }
  } catch (err) {
    throw annotateError(err, r.buf, schemas.scope, start, at);
  }
}
