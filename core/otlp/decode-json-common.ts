import { base64ToBytes, bytesToBase64, bytesToHex } from './bytes.js';
import { OtlpDecodeError, withPathSegment } from './errors.js';
import type { Attributes, InstrumentationScope, JsonValue, Resource } from './types.js';
import { finiteOrString, MAX_VALUE_NESTING, setAttribute } from './values.js';

/**
 * Shape checks for OTLP/JSON (proto3 JSON with OTLP's deviations). Each takes the value found under
 * a key and that key, treats undefined and null as the field's default (as proto3 JSON does), and
 * throws {@link OtlpDecodeError} with the key as path when the value has the wrong type. Enclosing
 * objects prepend their own segment as the error propagates, so paths cost nothing on success.
 */
export type JsonObject = Record<string, unknown>;

const HEX_ID = /^[0-9a-fA-F]*$/;
const UNSIGNED = /^\d+$/;
const SIGNED = /^-?\d+$/;
const MAX_UINT64 = 0xffff_ffff_ffff_ffffn;
const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function wrongType(path: string, expected: string, value: unknown): OtlpDecodeError {
  return new OtlpDecodeError(`expected ${expected}, got ${describe(value)}`, { path });
}

/** Parses the body; anything but a JSON object is rejected. */
export function parseJsonObject(text: string): JsonObject {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (cause) {
    throw new OtlpDecodeError(`body is not valid JSON (${(cause as Error).message})`, { cause });
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new OtlpDecodeError(`expected the body to be a JSON object, got ${describe(root)}`);
  }
  return root as JsonObject;
}

/** An optional nested message: undefined when absent. */
export function asObject(value: unknown, path: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(path, 'an object', value);
  return value as JsonObject;
}

/** An element of a repeated message field: must be an object. */
export function asElement(value: unknown): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw wrongType('', 'an object', value);
  return value as JsonObject;
}

/** A repeated field: [] when absent. */
export function asArray(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw wrongType(path, 'an array', value);
  return value;
}

export function asString(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw wrongType(path, 'a string', value);
  return value;
}

/** A fixed64/uint64 (timestamps): a non-negative integer number or decimal string. */
export function asUint64(value: unknown, path: string): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && UNSIGNED.test(value)) {
    const n = BigInt(value);
    if (n <= MAX_UINT64) return n;
  }
  throw wrongType(path, 'an unsigned 64-bit integer (a number or a decimal string)', value);
}

/** An enum or int32: OTLP/JSON sends enums as integers, never as names. */
export function asEnum(value: unknown, path: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31) return value;
  throw wrongType(path, 'an integer (OTLP/JSON enums are integers, not names)', value);
}

/** An int64 attribute value: a number when it is a safe integer, else its decimal string. */
function asInt64(value: unknown, path: string): number | string {
  if (typeof value === 'number' && Number.isInteger(value)) {
    return Number.isSafeInteger(value) ? value : BigInt(value).toString();
  }
  if (typeof value === 'string' && SIGNED.test(value)) {
    const n = BigInt(value);
    if (n >= MIN_INT64 && n <= MAX_INT64) {
      const asNumber = Number(n);
      return Number.isSafeInteger(asNumber) ? asNumber : n.toString();
    }
  }
  throw wrongType(path, 'a 64-bit integer (a number or a decimal string)', value);
}

function asDouble(value: unknown, path: string): number | string {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw wrongType(path, 'a number', value);
}

/**
 * A trace or span id: case-insensitive hex, lower-cased. Very old senders (OTEP 0122) used base64;
 * a non-hex value that decodes to 8 or 16 bytes is converted to hex. Anything else is kept as sent
 * so that span validation can reject that span alone.
 */
export function asId(value: unknown, path: string): string {
  const text = asString(value, path);
  if (HEX_ID.test(text)) return text.toLowerCase();
  const bytes = base64ToBytes(text);
  if (bytes !== undefined && (bytes.length === 16 || bytes.length === 8)) return bytesToHex(bytes, 0, bytes.length);
  return text;
}

/** An AnyValue as plain JSON (see types.ts); an empty AnyValue is null. Paths are relative to it. */
export function decodeAnyValueJson(value: unknown, depth: number): JsonValue {
  const o = asObject(value, '');
  if (o === undefined) return null;
  if (o.stringValue != null) return asString(o.stringValue, 'stringValue');
  if (o.boolValue != null) {
    if (typeof o.boolValue !== 'boolean') throw wrongType('boolValue', 'true or false', o.boolValue);
    return o.boolValue;
  }
  if (o.intValue != null) return asInt64(o.intValue, 'intValue');
  if (o.doubleValue != null) return finiteOrString(Number(asDouble(o.doubleValue, 'doubleValue')));
  if (o.arrayValue != null || o.kvlistValue != null) {
    if (depth >= MAX_VALUE_NESTING) {
      throw new OtlpDecodeError(`attribute values nest more than ${MAX_VALUE_NESTING} levels deep`);
    }
    if (o.kvlistValue != null) {
      const kvlist: Attributes = {};
      decodeAttributesJson(asObject(o.kvlistValue, 'kvlistValue')?.values, kvlist, 'kvlistValue.values', depth + 1);
      return kvlist;
    }
    const values = asArray(asObject(o.arrayValue, 'arrayValue')?.values, 'arrayValue.values');
    const out: JsonValue[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      try {
        out[i] = decodeAnyValueJson(values[i], depth + 1);
      } catch (err) {
        throw withPathSegment(err, `arrayValue.values[${i}]`);
      }
    }
    return out;
  }
  if (o.bytesValue != null) {
    const text = asString(o.bytesValue, 'bytesValue');
    const bytes = base64ToBytes(text);
    if (bytes === undefined) throw wrongType('bytesValue', 'base64', text);
    return bytesToBase64(bytes, 0, bytes.length);
  }
  return null;
}

/** A repeated KeyValue field, found under the key `name`, stored into `target`. */
export function decodeAttributesJson(value: unknown, target: Attributes, name = 'attributes', depth = 0): void {
  const list = asArray(value, name);
  for (let i = 0; i < list.length; i++) {
    try {
      const kv = asElement(list[i]);
      const key = asString(kv.key, 'key');
      let decoded: JsonValue;
      try {
        decoded = decodeAnyValueJson(kv.value, depth);
      } catch (err) {
        throw withPathSegment(err, 'value');
      }
      setAttribute(target, key, decoded);
    } catch (err) {
      throw withPathSegment(err, `${name}[${i}]`);
    }
  }
}

/** Names of the envelope arrays: `resourceSpans` → `scopeSpans` → `spans`. */
export interface JsonEnvelope {
  resourceItems: string;
  scopeItems: string;
  items: string;
}

/** Decodes one item (span, log record) object; errors carry paths relative to the item. */
export type JsonItemDecoder<T> = (item: JsonObject, resource: Resource, scope: InstrumentationScope) => T;

/** Walks request → resource → scope → items, appending decoded items to `out`. */
export function decodeJsonEnvelope<T>(
  root: JsonObject,
  names: JsonEnvelope,
  decodeItem: JsonItemDecoder<T>,
  out: T[],
): void {
  const list = asArray(root[names.resourceItems], names.resourceItems);
  for (let i = 0; i < list.length; i++) {
    try {
      const entry = asElement(list[i]);
      const resource: Resource = { attributes: {}, schemaUrl: asString(entry.schemaUrl, 'schemaUrl') };
      const resourceObject = asObject(entry.resource, 'resource');
      decodeAttributesJson(resourceObject?.attributes, resource.attributes, 'resource.attributes');
      const scopes = asArray(entry[names.scopeItems], names.scopeItems);
      for (let j = 0; j < scopes.length; j++) {
        try {
          decodeScopeEnvelope(scopes[j], names, decodeItem, out, resource);
        } catch (err) {
          throw withPathSegment(err, `${names.scopeItems}[${j}]`);
        }
      }
    } catch (err) {
      throw withPathSegment(err, `${names.resourceItems}[${i}]`);
    }
  }
}

function decodeScopeEnvelope<T>(
  value: unknown,
  names: JsonEnvelope,
  decodeItem: JsonItemDecoder<T>,
  out: T[],
  resource: Resource,
): void {
  const entry = asElement(value);
  const scopeObject = asObject(entry.scope, 'scope');
  const scope: InstrumentationScope = {
    name: asString(scopeObject?.name, 'scope.name'),
    version: asString(scopeObject?.version, 'scope.version'),
    attributes: {},
  };
  decodeAttributesJson(scopeObject?.attributes, scope.attributes, 'scope.attributes');
  const items = asArray(entry[names.items], names.items);
  for (let k = 0; k < items.length; k++) {
    try {
      out.push(decodeItem(asElement(items[k]), resource, scope));
    } catch (err) {
      throw withPathSegment(err, `${names.items}[${k}]`);
    }
  }
}
