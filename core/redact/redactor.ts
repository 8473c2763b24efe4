/**
 * The redaction engine for reviewer views. `createRedactor(projectOptions)` compiles a project's
 * extra patterns and allowlist once; `redactor.session()` is then used for one trace, so the same
 * value gets the same placeholder (`<EMAIL_1>`) everywhere in that trace and reviewers can still
 * follow the conversation. The stored trace is never changed: this only maps values for display.
 */
import { AppError } from '../errors.js';
import type { LinearRegex } from '../patterns/linear-regex.js';
import { type CompiledPattern, detect } from './detect.js';
import { normalizeValue, placeholderLabel } from './normalize.js';
import { compileSafePattern, parseRegexLiteral } from './safe-pattern.js';
import type { Detection, RedactionKind } from './types.js';

/** A project-specific pattern: `pattern` is a regex source or `/source/flags`. */
export interface ExtraPattern {
  /** Lowercase name (`employee_id`); placeholders read `<EMPLOYEE_ID_1>`. A built-in kind name adds formats to it. */
  kind: string;
  pattern: string;
}

export interface RedactorOptions {
  extraPatterns?: readonly ExtraPattern[];
  /**
   * Values never redacted (the company's support address, a public demo IP). An entry is either a
   * `/regex/flags` matched against the whole detected value, or an exact value compared the way its
   * kind is compared (emails case-insensitively, phones by digits).
   */
  allowlist?: readonly string[];
}

export interface RedactionSession {
  redactText(text: string): string;
  /**
   * A copy of a JSON-like value with every string redacted: object keys too, and strings that
   * hold JSON are parsed, redacted and re-serialised (kept as text if they do not parse).
   * Integers of nine digits or more that are, as a whole, a detected value (in practice a card
   * number, or a project pattern) become placeholder strings.
   */
  redactValue(value: unknown): unknown;
  /** How many values of each kind were redacted in this session (occurrences, not distinct values). */
  findings(): Partial<Record<RedactionKind, number>>;
  /**
   * Placeholder → original value, for an audit log or an authorised "reveal". It holds the personal
   * data itself: keep it under the same access control as the stored trace.
   */
  tokenMap(): ReadonlyMap<string, string>;
}

export interface Redactor {
  session(): RedactionSession;
  /** `detect` with this project's extra patterns; allowlisted values are included. */
  detect(text: string): Detection[];
}

const KIND_NAME = /^[a-z][a-z0-9_]{0,31}$/;
/** Deeper structures are serialised and redacted as text. */
const MAX_DEPTH = 64;

export function createRedactor(options: RedactorOptions = {}): Redactor {
  const extraPatterns: CompiledPattern[] = (options.extraPatterns ?? []).map(({ kind, pattern }, i) => {
    if (!KIND_NAME.test(kind)) {
      throw new AppError(
        'bad_request',
        `extraPatterns[${i}].kind: ${JSON.stringify(kind)} must be lowercase letters, digits and _ (at most 32), starting with a letter`,
        { field: `extraPatterns[${i}].kind` },
      );
    }
    return { kind, regex: compileSafePattern(pattern, `extraPatterns[${i}].pattern`) };
  });
  const isAllowed = compileAllowlist(options.allowlist ?? []);
  const detectAll = (text: string) => detect(text, { extraPatterns });
  return {
    detect: detectAll,
    session: () => createSession(detectAll, isAllowed),
  };
}

function compileAllowlist(entries: readonly string[]): (d: Detection) => boolean {
  const regexes: LinearRegex[] = [];
  const exact: string[] = [];
  entries.forEach((entry, i) => {
    if (parseRegexLiteral(entry) === null) exact.push(entry);
    else regexes.push(compileSafePattern(entry, `allowlist[${i}]`));
  });
  const exactByKind = new Map<RedactionKind, Set<string>>();
  return (d) => {
    let set = exactByKind.get(d.kind);
    if (set === undefined) {
      set = new Set(exact.map((e) => normalizeValue(d.kind, e)));
      exactByKind.set(d.kind, set);
    }
    return set.has(normalizeValue(d.kind, d.value)) || regexes.some((r) => r.testWhole(d.value));
  };
}

function createSession(
  detectAll: (text: string) => Detection[],
  isAllowed: (d: Detection) => boolean,
): RedactionSession {
  const byValue = new Map<string, string>();
  const originals = new Map<string, string>();
  const counters = new Map<string, number>();
  const counts: Partial<Record<RedactionKind, number>> = {};

  const placeholderFor = (d: Detection): string => {
    const label = placeholderLabel(d.kind);
    const key = `${label}\u0000${normalizeValue(d.kind, d.value)}`;
    counts[d.kind] = (counts[d.kind] ?? 0) + 1;
    let placeholder = byValue.get(key);
    if (placeholder === undefined) {
      const n = (counters.get(label) ?? 0) + 1;
      counters.set(label, n);
      placeholder = `<${label}_${n}>`;
      byValue.set(key, placeholder);
      originals.set(placeholder, d.value);
    }
    return placeholder;
  };

  const redactText = (text: string): string => {
    const found = detectAll(text).filter((d) => !isAllowed(d));
    if (found.length === 0) return text;
    let out = '';
    let at = 0;
    for (const d of found) {
      out += text.slice(at, d.start) + placeholderFor(d);
      at = d.end;
    }
    return out + text.slice(at);
  };

  const redactString = (text: string, depth: number, ancestors: Set<object>): string => {
    const trimmed = text.trim();
    const first = trimmed[0];
    const last = trimmed.at(-1);
    if ((first === '{' && last === '}') || (first === '[' && last === ']')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        return redactText(text);
      }
      const indent = /^[[{]\r?\n([ \t]+)/.exec(trimmed)?.[1];
      return JSON.stringify(walk(parsed, depth + 1, ancestors), null, indent);
    }
    return redactText(text);
  };

  const redactNumber = (n: number): number | string => {
    if (!Number.isSafeInteger(n) || Math.abs(n) < 1e8) return n;
    const text = String(n);
    const [d] = detectAll(text).filter((x) => x.start === 0 && x.end === text.length && !isAllowed(x));
    return d === undefined ? n : placeholderFor(d);
  };

  const walk = (value: unknown, depth: number, ancestors: Set<object>): unknown => {
    if (typeof value === 'string') return redactString(value, depth, ancestors);
    if (typeof value === 'number') return redactNumber(value);
    if (value === null || typeof value !== 'object') return value;
    if (ancestors.has(value)) return '[Circular]';
    if (depth >= MAX_DEPTH) return redactText(safeStringify(value));
    ancestors.add(value);
    try {
      if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, ancestors));
      const json = (value as { toJSON?: () => unknown }).toJSON;
      if (typeof json === 'function') return walk(json.call(value), depth + 1, ancestors);
      // fromEntries defines properties, so a `__proto__` key stays a plain key.
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [redactText(key), walk(item, depth + 1, ancestors)]),
      );
    } finally {
      ancestors.delete(value);
    }
  };

  return {
    redactText,
    redactValue: (value) => walk(value, 0, new Set()),
    findings: () => ({ ...counts }),
    tokenMap: () => new Map(originals),
  };
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '[unserialisable]';
  }
}
