import type { Attributes, JsonValue } from '../otlp/types.js';

/** A decoded JSON object (an OTLP kvlist, or a parsed JSON string). */
export type JsonObject = { [key: string]: JsonValue };

/** One entry of a flattened, indexed attribute family such as `llm.input_messages.<i>.…`. */
export interface IndexedGroup {
  index: number;
  /** The key remainders after `<prefix><index>.` (`''` for the key `<prefix><index>` itself). */
  fields: Map<string, JsonValue>;
}

/** Indexes longer than this many digits are ignored rather than parsed. */
const MAX_INDEX_DIGITS = 9;

/** Reads an own attribute only, so keys such as `constructor` never reach the prototype. */
export function getAttr(attrs: Attributes, key: string): JsonValue | undefined {
  return Object.hasOwn(attrs, key) ? attrs[key] : undefined;
}

/** Whether a value is a JSON object (not null, not an array). */
export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an own property of a JSON object. */
export function getField(obj: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** A non-empty string, or null for anything else. */
export function asString(value: JsonValue | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The first argument that is a non-empty string. */
export function firstString(...values: (JsonValue | undefined)[]): string | null {
  for (const value of values) {
    const text = asString(value);
    if (text !== null) return text;
  }
  return null;
}

/** A non-negative finite number; int64 values may arrive as decimal strings. */
export function asCount(value: JsonValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value === 'string' && value.length > 0 && value.length <= 20 && /^\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  return null;
}

/** A finite number (scores may be negative), or a numeric string. */
export function asNumber(value: JsonValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.length > 0 && value.length <= 40) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** JSON.stringify that never throws (deeply nested input can overflow the stack). */
export function safeStringify(value: JsonValue): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

/** Any value as text: strings verbatim, scalars via String, structures as JSON; null when absent. */
export function asText(value: JsonValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return safeStringify(value);
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/**
 * A structured attribute that may have been recorded as a JSON string (the JS SDK cannot hold
 * maps on spans): strings are parsed, anything else is returned as is. A string that does not
 * parse as JSON is returned unchanged.
 */
export function parseJsonish(value: JsonValue | undefined): JsonValue | undefined {
  if (typeof value !== 'string') return value;
  const trimmed = value.trimStart();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return value;
  const parsed = parseJson(value);
  return parsed === undefined ? value : parsed;
}

/** A string list from a string[] attribute, a JSON-string array, or a single string. */
export function asStringList(value: JsonValue | undefined): string[] {
  const parsed = parseJsonish(value);
  if (typeof parsed === 'string') return parsed === '' ? [] : [parsed];
  if (!Array.isArray(parsed)) return [];
  const out: string[] = [];
  for (const item of parsed) {
    if (typeof item === 'string' && item !== '') out.push(item);
  }
  return out;
}

function parseIndex(text: string): number | null {
  if (text.length === 0 || text.length > MAX_INDEX_DIGITS) return null;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return null;
  }
  return Number(text);
}

/**
 * Groups keys of the form `<prefix><index>.<rest>` by index, sorted by index. Indexes are
 * only used as sort keys, so a key like `llm.input_messages.999999.message.role` costs one
 * entry, not a million-slot array. Keys whose index is not a short decimal are ignored.
 */
export function groupIndexed(entries: Iterable<[string, JsonValue]>, prefix: string): IndexedGroup[] {
  const groups = new Map<number, Map<string, JsonValue>>();
  for (const [key, value] of entries) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const dot = rest.indexOf('.');
    const index = parseIndex(dot < 0 ? rest : rest.slice(0, dot));
    if (index === null) continue;
    let fields = groups.get(index);
    if (fields === undefined) {
      fields = new Map();
      groups.set(index, fields);
    }
    fields.set(dot < 0 ? '' : rest.slice(dot + 1), value);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([index, fields]) => ({ index, fields }));
}

/**
 * A span's attribute entries, enumerated once per span and handed to every reader: enumerating a
 * large attribute map is the costly step, so it must not be repeated per attribute family.
 */
export type AttrEntries = readonly [string, JsonValue][];

/** Truncates to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return text.slice(0, end);
}

/**
 * A value that was JSON-encoded twice (`"\"{\\\"a\\\":1}\""`, as the Traceloop SDK records tool
 * results) decoded once, to the JSON text it stands for. Anything else comes back unchanged.
 */
export function decodeDoubleEncoded(text: string | null): string | null {
  if (text === null) return null;
  const trimmed = text.trim();
  if (trimmed.length < 2 || !trimmed.startsWith('"') || !trimmed.endsWith('"')) return text;
  const inner = parseJson(trimmed);
  return typeof inner === 'string' ? inner : text;
}
