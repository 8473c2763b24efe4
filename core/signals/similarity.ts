/** Texts are compared on their first this-many characters, so that cost stays bounded. */
export const MAX_SIMILARITY_CHARS = 4_000;

/**
 * Lower case, Unicode-compatibility folded, punctuation and symbols replaced by spaces, whitespace
 * collapsed. Reads at most MAX_SIMILARITY_CHARS characters of the input.
 */
export function normalizeText(text: string): string {
  return text
    .slice(0, MAX_SIMILARITY_CHARS)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const words = (normalized: string): Set<string> => new Set(normalized === '' ? [] : normalized.split(' '));

/** Character trigrams of the text padded with a space at each end (so short words still yield trigrams). */
const trigrams = (normalized: string): Set<string> => {
  const padded = ` ${normalized} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
};

const intersectionSize = (a: Set<string>, b: Set<string>): number => {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let count = 0;
  for (const item of small) if (large.has(item)) count++;
  return count;
};

/** Jaccard index of the word sets of two normalized texts (1 when both are empty). */
export function wordJaccard(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.size === 0 && wb.size === 0) return 1;
  const shared = intersectionSize(wa, wb);
  return shared / (wa.size + wb.size - shared);
}

/** Dice coefficient of the character-trigram sets of two normalized texts (1 when both are empty). */
export function trigramDice(a: string, b: string): number {
  if (a === '' && b === '') return 1;
  if (a === '' || b === '') return 0;
  const ta = trigrams(a);
  const tb = trigrams(b);
  return (2 * intersectionSize(ta, tb)) / (ta.size + tb.size);
}

/**
 * How similar two texts are (0..1) for re-submission detection: the larger of word Jaccard (robust
 * to reordering and added or dropped words) and character-trigram Dice (robust to typos and
 * inflections), over the normalized texts. Identical texts after normalization score 1.
 */
export function textSimilarity(a: string, b: string): number {
  const na = normalizeText(a);
  const nb = normalizeText(b);
  if (na === nb) return 1;
  return Math.max(wordJaccard(na, nb), trigramDice(na, nb));
}
