/**
 * High-entropy tokens: secrets without a recognisable prefix (webhook secrets, small vendors' API
 * keys, HMAC keys). A token is a maximal run of base64/base64url characters, 20-256 long.
 *
 * Decisions:
 * - Pure hex (with or without hyphens) is never taken: trace and span ids, UUIDs, git SHAs and
 *   content hashes are identifiers that reviewers need. A hex secret is still caught when a key
 *   name precedes it (`api_key=...`, see detect-secrets.ts).
 * - Ids that LLM APIs put in every trace (`chatcmpl-`, `call_`, `msg_`, `toolu_`, ...), ULIDs,
 *   `sha512-` integrity hashes and `data:...;base64,` payloads are not secrets.
 * - Longer runs (base64 images, embeddings) are skipped whole: scanning them costs one regex step.
 * - A token must look random: mixed classes, Shannon entropy over a length-dependent threshold,
 *   frequent switches between lower/upper/digit, and less than 60% of it in word-like runs
 *   (`getStringListFromEnv`, `Read-Eval-Print-Loop` and paths are mostly words; random base62 of
 *   length 20 is above 60% in about 1% of cases).
 */
import { matchAll } from './text-context.js';
import type { Emit } from './types.js';

const TOKEN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}=*/g;
const MAX_LENGTH = 256;
const ID_PREFIX =
  /^(?:chatcmpl|cmpl|call|msg|toolu|srvtoolu|resp|run|req|file|cus|pi|ch|evt|sub|in|prod|price|asst|thread|batch|ft|org|proj|user|sess|conv|item|fp|step|vs|job|span|trace|sha\d{1,3}|md5)[-_]/i;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
/** Base64 of file headers (PNG, JPEG, GIF, WebP, SVG/XML, PDF, gzip): inline files, not secrets. */
const FILE_MAGIC = /^(?:iVBORw0KGgo|\/9j\/|R0lGOD|UklGR|PHN2Zy|PD94bWw|JVBERi0|H4sI)/;

export interface TokenStats {
  entropy: number;
  /** Share of adjacent alphanumeric pairs whose class (lower/upper/digit) differs. */
  switches: number;
  /** Share of characters inside word-like runs (`[A-Z]?[a-z]{2,}` with a vowel): camelCase, paths. */
  wordiness: number;
}

export function tokenStats(token: string): TokenStats {
  const counts = new Map<string, number>();
  for (const ch of token) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) {
    const p = n / token.length;
    entropy -= p * Math.log2(p);
  }
  let pairs = 0;
  let switched = 0;
  let prev = '';
  for (const ch of token) {
    const cls = ch >= 'a' && ch <= 'z' ? 'l' : ch >= 'A' && ch <= 'Z' ? 'u' : ch >= '0' && ch <= '9' ? 'd' : '';
    if (cls === '') continue;
    if (prev !== '') {
      pairs++;
      if (cls !== prev) switched++;
    }
    prev = cls;
  }
  let wordLike = 0;
  for (const m of token.matchAll(WORD_LIKE)) if (/[aeiouy]/i.test(m[0])) wordLike += m[0].length;
  return { entropy, switches: pairs === 0 ? 0 : switched / pairs, wordiness: wordLike / token.length };
}

const WORD_LIKE = /[A-Z]?[a-z]{2,}/g;

/** Entropy a random base62 string of this length would comfortably exceed. */
const entropyThreshold = (length: number) => Math.min(4.2, Math.log2(length) * 0.8);

export function isHighEntropyToken(token: string): boolean {
  const core = token.replace(/=+$/, '');
  if (core.length < 20 || token.length > MAX_LENGTH) return false;
  if (/^[0-9a-fA-F_-]+$/.test(core) || ID_PREFIX.test(core) || ULID.test(core) || FILE_MAGIC.test(core)) return false;
  if (!/[a-z]/.test(core) || !/[A-Z0-9]/.test(core)) return false;
  const stats = tokenStats(core);
  return stats.entropy >= entropyThreshold(core.length) && stats.switches >= 0.3 && stats.wordiness < 0.6;
}

/** `data:image/png;base64,...` (also percent-encoded): an inline file, never a secret. */
const DATA_URI = /data:[\w/+.-]{1,64}(?:;[\w=-]{1,32}){0,4}(?:;base64)?,[^\s"'()<>\]]*/g;

export function detectHighEntropy(text: string, emit: Emit): void {
  const dataUris: [number, number][] = [];
  for (const m of matchAll(text, DATA_URI)) dataUris.push([m.index, m.index + m[0].length]);
  let nextUri = 0;
  for (const m of matchAll(text, TOKEN)) {
    if (m[0].length > MAX_LENGTH) continue;
    while (nextUri < dataUris.length && dataUris[nextUri]![1] <= m.index) nextUri++;
    if (nextUri < dataUris.length && dataUris[nextUri]![0] <= m.index) continue;
    const before = text[m.index - 1];
    if (before === '.' || before === ':' || before === '%') {
      // A URL path (`github.com/org/repo/commit/...`): judge each segment on its own.
      let at = m.index;
      for (const segment of m[0].split('/')) {
        if (isHighEntropyToken(segment)) emit('high_entropy', at, at + segment.length);
        at += segment.length + 1;
      }
    } else if (isHighEntropyToken(m[0])) emit('high_entropy', m.index, m.index + m[0].length);
  }
}
