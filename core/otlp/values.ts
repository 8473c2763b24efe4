import type { Attributes, JsonValue, StatusCode } from './types.js';

/** How deeply arrayValue/kvlistValue may nest before a body is rejected (protobuf's usual limit). */
export const MAX_VALUE_NESTING = 100;

/**
 * Stores an attribute without letting the key `__proto__` replace the object's prototype
 * (later keys win, as with protobuf maps).
 */
export function setAttribute(target: Attributes, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** A double as plain JSON: NaN and ±Infinity become their proto3 JSON strings. */
export function finiteOrString(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** Status codes other than 1 (ok) and 2 (error) are treated as 0 (unset). */
export function toStatusCode(code: number): StatusCode {
  return code === 1 || code === 2 ? code : 0;
}
