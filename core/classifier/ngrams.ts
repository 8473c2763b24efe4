/** Texts are cut to this many characters before featurizing, so a huge output costs no more than this. */
export const MAX_TEXT_CHARS = 20_000;

/** Cuts to MAX_TEXT_CHARS, NFKC-normalizes and lower-cases; curly apostrophes become straight. */
export function normalizeText(text: string): string {
  const cut = text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
  return cut.normalize('NFKC').toLowerCase().replace(/[’‘]/g, "'");
}

/** A text's words, and for each the number of its sentence (word n-grams do not cross sentences). */
export interface Tokens {
  words: string[];
  sentences: number[];
}

/**
 * Words of a normalized text: runs of letters and digits in any script, joined across inner
 * apostrophes, points and commas (it's, 18.5, 1,000); `.`, `!`, `?` and line breaks end a sentence.
 */
export function tokenize(normalized: string): Tokens {
  const tokens: Tokens = { words: [], sentences: [] };
  let sentence = 0;
  for (const [match, word] of normalized.matchAll(/([\p{L}\p{N}]+(?:['.,][\p{L}\p{N}]+)*)|[.!?\n]+/gu)) {
    if (word === undefined) {
      if (tokens.sentences.at(-1) === sentence) sentence++;
      continue;
    }
    tokens.words.push(match);
    tokens.sentences.push(sentence);
  }
  return tokens;
}

/** The text character n-grams run over: whitespace collapsed, padded with spaces so word edges are visible. */
export function padForCharNgrams(normalized: string): string {
  const collapsed = normalized.replace(/\s+/g, ' ').trim();
  return collapsed === '' ? '' : ` ${collapsed} `;
}

const FNV_PRIME = 0x01000193;

/**
 * murmur3's fmix32 avalanche, so that `hash % dimensions` spreads evenly; the top bit is dropped
 * to keep the result a small integer (an unsigned 32-bit value would make every modulo a float one).
 */
function fmix31(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & 0x7fffffff;
}

function fnv1a(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Receives each n-gram's slot, where it starts (token or character offset) and its length. */
export type Emit = (index: number, start: number, n: number) => void;

/** Hashed word n-grams with lengths lo..hi within a sentence (FNV-1a per word, chained per n-gram, salted). */
export function wordNgrams(tokens: Tokens, [lo, hi]: [number, number], salt: number, dims: number, emit: Emit): void {
  const { words, sentences } = tokens;
  const hashes = words.map((w) => fnv1a(w, salt));
  for (let i = 0; i < words.length; i++) {
    let h = salt;
    for (let n = 1; n <= hi && i + n <= words.length && sentences[i + n - 1] === sentences[i]; n++) {
      h = Math.imul(h ^ hashes[i + n - 1]!, FNV_PRIME) ^ (h >>> 15);
      if (n >= lo) emit(fmix31(h) % dims, i, n);
    }
  }
}

/** Hashed character n-grams with lengths lo..hi over `padded` (see padForCharNgrams). */
export function charNgrams(padded: string, [lo, hi]: [number, number], salt: number, dims: number, emit: Emit): void {
  for (let i = 0; i < padded.length; i++) {
    let h = salt;
    for (let n = 1; n <= hi && i + n <= padded.length; n++) {
      h = Math.imul(h ^ padded.charCodeAt(i + n - 1), FNV_PRIME);
      if (n >= lo) emit(fmix31(h) % dims, i, n);
    }
  }
}
