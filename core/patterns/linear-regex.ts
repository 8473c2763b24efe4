/**
 * Regular expressions that admins, projects and LLMs supply (redaction patterns and allowlists,
 * regex/citation/length/tool-argument evaluators, guardrail predicates) run on RE2 (`re2js`, a pure
 * JavaScript port): matching takes time linear in the text whatever the pattern, so no pattern can
 * stall a request or a workflow. Patterns are written in JavaScript syntax (`(?<name>…)`, `\u00e9`,
 * flags `imsu`) and translated. RE2 cannot express backreferences (`\1`, `\k<name>`) or lookaround
 * (`(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`): such patterns are refused with a message saying so.
 * Semantics otherwise follow RE2: `\d`, `\w`, `\b` are ASCII (as in JavaScript without `u`), `\s`
 * means JavaScript's whitespace (rewritten), and every pattern matches by code point (as with `u`).
 */
import { RE2JS } from 're2js';

/** Why a pattern was refused: a sentence completing "pattern … ". */
export class PatternError extends Error {
  override readonly name = 'PatternError';
}

/** A compiled user-supplied pattern. Stateless: no `lastIndex`, safe to share. */
export interface LinearRegex {
  /** The pattern as written, and its flags (a subset of `imsu`). */
  readonly source: string;
  readonly flags: string;
  /** Number of capture groups. */
  readonly groups: number;
  /** Whether the pattern matches somewhere in `text`. */
  test(text: string): boolean;
  /** Whether the pattern matches the whole of `text`. */
  testWhole(text: string): boolean;
  /** The first match (leftmost, as RegExp#exec), indices in UTF-16 code units as JavaScript's. */
  exec(text: string): RegExpExecArray | null;
  /** Every non-overlapping match, left to right (empty matches advance by one character). */
  matchAll(text: string): IterableIterator<RegExpExecArray>;
}

const FLAG_BITS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  u: 0,
};

/** The first backreference or lookaround in `source` (outside character classes), or null. */
const unsupportedConstruct = (source: string): string | null => {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `a backreference (\\${/^\d+/.exec(source.slice(i + 1))?.[0]})`;
      if (!inClass && next === 'k' && source[i + 2] === '<') return 'a named backreference (\\k<…>)';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && source[i + 1] === '?') {
      const head = source.slice(i, i + 4);
      if (head.startsWith('(?=')) return 'a lookahead (?=…)';
      if (head.startsWith('(?!')) return 'a negative lookahead (?!…)';
      if (head.startsWith('(?<=')) return 'a lookbehind (?<=…)';
      if (head.startsWith('(?<!')) return 'a negative lookbehind (?<!…)';
    }
  }
  return null;
};

/** JavaScript's `\s` (RE2's is ASCII only): spaces such as U+00A0 between words still count. */
const JS_SPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/** `source` with `\s` and `\S` spelled as JavaScript means them (inside a class, `\S` stays RE2's). */
const withJsWhitespace = (source: string): string => {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (next === 's') out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
      else if (next === 'S' && !inClass) out += `[^${JS_SPACE}]`;
      else out += c + next;
      i++;
      continue;
    }
    // In JavaScript `]` always closes a class (`[]` is empty, `[^]` is any character).
    if (c === ']') inClass = false;
    else if (c === '[') inClass = true;
    out += c;
  }
  return out;
};

/**
 * Compiles `source` with `flags` (any of `imsu`, each at most once) on the linear-time engine, or
 * throws a PatternError whose message completes "pattern … " (e.g. "is not a valid regular
 * expression (…)", "uses a backreference (\1), which …").
 */
export const compileLinearRegex = (source: string, flags = ''): LinearRegex => {
  let bits = 0;
  for (const f of flags) {
    const bit = FLAG_BITS[f];
    if (bit === undefined || flags.indexOf(f) !== flags.lastIndexOf(f)) {
      throw new PatternError(`has flags ${JSON.stringify(flags)}; use any of i, m, s, u (each once)`);
    }
    bits |= bit;
  }
  try {
    // Only parsed, never run: the syntax check speaks JavaScript, as the pattern was written.
    new RegExp(source, flags);
  } catch (err) {
    throw new PatternError(`is not a valid regular expression (${(err as Error).message})`);
  }
  const unsupported = unsupportedConstruct(source);
  if (unsupported !== null) {
    throw new PatternError(
      `uses ${unsupported}, which the linear-time pattern engine (RE2) cannot run; match the text explicitly instead`,
    );
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(withJsWhitespace(source)), bits);
  } catch (err) {
    const why = (err as Error).message.replace(/^error parsing regexp: /, '');
    throw new PatternError(`uses syntax the linear-time pattern engine (RE2) does not support (${why})`);
  }
  return {
    source,
    flags,
    groups: re.groupCount(),
    test: (text) => re.test(text),
    testWhole: (text) => re.testExact(text),
    // The DFA answers "is there a match" several times faster than the capturing search, and
    // most texts a user pattern runs on hold none.
    exec: (text) => (re.test(text) ? (re.exec(text) as RegExpExecArray | null) : null),
    matchAll: (text) =>
      (re.test(text) ? re.matchAll(text) : [][Symbol.iterator]()) as IterableIterator<RegExpExecArray>,
  };
};
