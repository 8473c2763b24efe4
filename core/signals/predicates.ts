import { compileLinearRegex, type LinearRegex } from '../patterns/linear-regex.js';
import type { AttributePredicate } from './types.js';

/** String attribute values longer than this are cut before a regex runs on them. */
const MAX_MATCH_CHARS = 2_000;

/**
 * An attribute's value: the own key as stored (OTLP attributes are flat, `user.feedback`), else
 * the dotted path walked through nested objects (kvlist values).
 */
export function readAttribute(attributes: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(attributes, key)) return attributes[key];
  let value: unknown = attributes;
  for (const part of key.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const asNumber = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && value.length <= 40) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
};

const compiled = new Map<string, LinearRegex | null>();
const MAX_CACHED_PATTERNS = 500;

/**
 * A compiled `matches` pattern (case-insensitive, on the linear-time engine), or null when the
 * stored pattern is not one it can run. Cached: predicates are matched against every span.
 */
export function compilePattern(pattern: string): LinearRegex | null {
  const hit = compiled.get(pattern);
  if (hit !== undefined) return hit;
  let regex: LinearRegex | null = null;
  try {
    regex = compileLinearRegex(pattern, 'i');
  } catch {}
  if (compiled.size >= MAX_CACHED_PATTERNS) compiled.clear();
  compiled.set(pattern, regex);
  return regex;
}

const matchesScalar = (actual: unknown, predicate: AttributePredicate): boolean => {
  const expected = predicate.value;
  switch (predicate.op) {
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'equals':
      if (expected === undefined || actual === undefined || actual === null) return false;
      if (actual === expected) return true;
      // Attributes often arrive stringly typed ("true", "0.2"); compare the spellings.
      return typeof actual !== 'object' && String(actual).toLowerCase() === String(expected).toLowerCase();
    case 'lt':
    case 'gt': {
      const a = asNumber(actual);
      const b = asNumber(expected);
      if (a === null || b === null) return false;
      return predicate.op === 'lt' ? a < b : a > b;
    }
    case 'matches': {
      if (typeof expected !== 'string' || actual === undefined || actual === null || typeof actual === 'object') {
        return false;
      }
      return compilePattern(expected)?.test(String(actual).slice(0, MAX_MATCH_CHARS)) ?? false;
    }
  }
};

/**
 * Whether the span attributes satisfy the predicate, and the value that did (an array attribute
 * matches when one of its elements does); null when they do not.
 */
export function matchPredicate(
  attributes: Record<string, unknown>,
  predicate: AttributePredicate,
): { value: unknown } | null {
  const actual = readAttribute(attributes, predicate.attribute);
  if (predicate.op !== 'exists' && Array.isArray(actual)) {
    const index = actual.findIndex((item) => matchesScalar(item, predicate));
    return index === -1 ? null : { value: actual[index] };
  }
  return matchesScalar(actual, predicate) ? { value: actual } : null;
}

/** How a predicate reads in an explanation: its label, else "user.feedback matches ^(thumbs_down)$". */
export function describePredicate(predicate: AttributePredicate): string {
  if (predicate.label) return predicate.label;
  if (predicate.op === 'exists') return `${predicate.attribute} is set`;
  const op = { equals: '=', lt: '<', gt: '>', matches: 'matches' }[predicate.op];
  return `${predicate.attribute} ${op} ${String(predicate.value)}`;
}
