/**
 * Credentials: vendor-prefixed API keys, JWTs, PEM private keys, `Bearer` / `Basic` values,
 * passwords in URLs, and `password=` / `secret:` / `token=` style key-value pairs.
 * Every token regex starts at a token boundary and at a literal prefix, so each character is
 * scanned a bounded number of times.
 */
import { tokenStats } from './detect-entropy.js';
import { isPlaceholder, matchAll } from './text-context.js';
import type { Emit } from './types.js';

const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

/** Vendor token formats; a `v` group, when present, is the part to redact. */
const PREFIXED: RegExp[] = [
  // OpenAI (sk-, sk-proj-, sk-svcacct-, sk-admin-) and Anthropic (sk-ant-api03-...).
  new RegExp(`${B}sk-(?:proj-|svcacct-|admin-|ant-[a-z]+\\d*-)?[A-Za-z0-9_-]{20,}`, 'g'),
  new RegExp(`${B}(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}${E}`, 'g'),
  new RegExp(`${B}gh[pousr]_[A-Za-z0-9]{30,}${E}`, 'g'),
  new RegExp(`${B}github_pat_[A-Za-z0-9_]{30,}`, 'g'),
  new RegExp(`${B}xox[abposre]-[A-Za-z0-9-]{10,}`, 'g'),
  /(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|AIPA)[A-Z2-7]{16}(?![A-Za-z0-9])/g,
  new RegExp(`${B}AIza[A-Za-z0-9_-]{35}${E}`, 'g'),
  new RegExp(`${B}glpat-[A-Za-z0-9_-]{20,}`, 'g'),
  new RegExp(`${B}hf_[A-Za-z0-9]{30,}${E}`, 'g'),
  new RegExp(`${B}npm_[A-Za-z0-9]{36}${E}`, 'g'),
  new RegExp(`${B}whsec_[A-Za-z0-9+/=]{24,}`, 'g'),
  new RegExp(`${B}SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}`, 'g'),
  // JWT: base64url JSON header and payload (both start `{"` = `eyJ`), optional signature.
  new RegExp(`${B}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*`, 'g'),
  /aws_secret_access_key["']?\s{0,3}[:=]\s{0,3}["']?(?<v>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi,
  /\b[Bb]earer\s+(?<v>[A-Za-z0-9._~+/-]{12,}=*)/dg,
  /authorization["']?\s{0,3}[:=]\s{0,3}["']?Basic\s+(?<v>[A-Za-z0-9+/]{8,}={0,2})/dgi,
  // Password in a URL: scheme://user:password@host (a password may itself contain `@`).
  /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s:/@]{0,64}:(?<v>[^\s/]{1,128})@(?=[A-Za-z0-9[])/dg,
];

const KEYWORD =
  /(password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|credentials?|signature|sig)(["']?)(\s{0,3}(?:[:=]|=>|->)\s{0,3}|\s+(?:is|was|:)?\s{0,3})/gi;
/** Key names that end in a keyword but hold no secret (pagination cursors, counts...). */
const HARMLESS_KEY = /(?:page|next|continuation|pagination|cursor|sync|csrf_?)[_-]?token$|^(?:max|num|total)[_-]?/i;

export function detectSecrets(text: string, emit: Emit): void {
  for (const pattern of PREFIXED) {
    for (const m of matchAll(text, pattern)) {
      const v = m.groups?.v;
      if (v === undefined) {
        if (/^sk-/.test(m[0]) && !(/\d/.test(m[0]) && /[A-Za-z]{2}/.test(m[0].slice(3)))) continue;
        emit('secret', m.index, m.index + m[0].length);
      } else if (!isPlaceholder(v) && (!/^[Bb]earer/.test(m[0]) || looksRandom(v))) {
        const [start, end] = m.indices!.groups!.v!;
        emit('secret', start, end);
      }
    }
  }
  detectPrivateKeys(text, emit);
  detectKeyValues(text, emit);
}

/** `-----BEGIN ... PRIVATE KEY-----` to the next END line (or to the end of the base64 body). */
function detectPrivateKeys(text: string, emit: Emit): void {
  const BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----/g;
  // Position of the next END marker, cached so that many BEGINs without an END stay linear.
  let endMarker = -2;
  for (const m of matchAll(text, BEGIN)) {
    const bodyStart = m.index + m[0].length;
    if (endMarker !== -1 && endMarker < bodyStart) endMarker = text.indexOf('-----END ', bodyStart);
    let end: number;
    if (endMarker !== -1) {
      const close = text.indexOf('-----', endMarker + 9);
      end = close === -1 || close - endMarker > 60 ? endMarker + 9 : close + 5;
    } else {
      const body = /^[A-Za-z0-9+/=\s\\]*/.exec(text.slice(bodyStart, bodyStart + 100_000));
      end = bodyStart + (body?.[0].length ?? 0);
    }
    emit('secret', m.index, end);
    BEGIN.lastIndex = end;
  }
}

/**
 * `password=...`, `"api_key": "..."`, `secret: ...`, `my password is ...`. The value must not be
 * a placeholder (`${DB_PASSWORD}`, `<redacted>`, `********`, `YOUR_API_KEY`), and prose (`secret:
 * always be kind`) is skipped: an unquoted value after `:` or a bare word must contain a digit or
 * symbol.
 */
function detectKeyValues(text: string, emit: Emit): void {
  for (const m of matchAll(text, KEYWORD)) {
    const keyStart = identifierStart(text, m.index);
    const key = text.slice(keyStart, m.index + m[1]!.length);
    if (HARMLESS_KEY.test(key)) continue;
    const separator = m[3]!.trim();
    const value = readValue(text, m.index + m[0].length, separator === '=');
    if (value === null || isPlaceholder(value.text) || value.text.length < 5 || /^\d{1,7}$/.test(value.text)) continue;
    const quotedKey = m[2] !== '' && text[keyStart - 1] === m[2];
    const assignment = separator === '=' || separator === '=>' || separator === '->' || quotedKey;
    const colon = separator === ':';
    // Unquoted identifiers and expressions are code (`password = input`, `token = ctx.attach(x)`).
    if (!value.quoted && /^[A-Za-z_]+$/.test(value.text) && !looksGenerated(value.text)) continue;
    if (!value.quoted && /[([]/.test(value.text)) continue;
    const passwordLike = /[A-Za-z]/.test(value.text) && /\d|[^A-Za-z0-9]./.test(value.text);
    const ok = assignment || (colon && (value.quoted || /[\d\W_]/.test(value.text))) || passwordLike;
    if (ok) emit('secret', value.start, value.start + value.text.length);
  }
}

/** Letters-only values that are not identifiers: mixed case switching often (`DKeVQQkHRCodbChm`). */
function looksGenerated(value: string): boolean {
  const stats = tokenStats(value);
  return value.length >= 16 && stats.switches >= 0.3 && stats.wordiness < 0.6;
}

/** Bearer / Basic values: a digit or mixed case, so `Bearer authentication` is not taken. */
const looksRandom = (v: string) => /\d/.test(v) || (/[a-z]/.test(v) && /[A-Z]/.test(v));

/** Start of the identifier that ends at `index` (`DB_PASSWORD`, `x-api-key`, `config.secret`). */
function identifierStart(text: string, index: number): number {
  let i = index;
  while (i > 0 && index - i < 64 && /[A-Za-z0-9_.-]/.test(text[i - 1] as string)) i--;
  return i;
}

/** `&` ends a value after `=` (`?token=abc&page=2`) but may be part of a password after `:` or `is`. */
function readValue(
  text: string,
  start: number,
  queryStyle: boolean,
): { text: string; start: number; quoted: boolean } | null {
  const quote = text[start];
  if (quote === '"' || quote === "'" || quote === '`') {
    const close = text.indexOf(quote, start + 1);
    if (close === -1 || close - start > 257 || text.slice(start + 1, close).includes('\n')) return null;
    return { text: text.slice(start + 1, close), start: start + 1, quoted: true };
  }
  const m = (queryStyle ? /^[^\s"'`,;&)}\]<>]{1,256}/ : /^[^\s"'`,;)}\]<>]{1,256}/).exec(
    text.slice(start, start + 257),
  );
  if (!m || /^[{[(]/.test(m[0])) return null;
  const value = m[0].replace(/[.,:]+$/, '');
  return value === '' ? null : { text: value, start, quoted: false };
}
