/** The marker put where text was cut: `[… truncated n chars]`. */
export const truncationMarker = (removed: number) => `[… truncated ${removed} chars]`;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * `text` cut to at most `max` characters of its own (plus the marker): the head and the tail are kept
 * (about 70/30) because both ends matter in answers and documents (the opening claim, the conclusion).
 * Never splits a surrogate pair.
 */
export const truncateText = (text: string, max: number): string => {
  if (text.length <= max) return text;
  const keep = Math.max(0, Math.floor(max));
  let headEnd = Math.ceil(keep * 0.7);
  let tailStart = text.length - (keep - headEnd);
  if (headEnd > 0 && isHighSurrogate(text.charCodeAt(headEnd - 1))) headEnd -= 1;
  if (tailStart < text.length && isLowSurrogate(text.charCodeAt(tailStart))) tailStart += 1;
  const marker = truncationMarker(text.length - headEnd - (text.length - tailStart));
  const head = text.slice(0, headEnd);
  const tail = text.slice(tailStart);
  return [head, marker, tail].filter((part) => part !== '').join('\n');
};

/**
 * The largest per-piece cap `c` such that Σ min(length, c) ≤ budget ("water filling"): short pieces
 * stay whole and the long ones share what is left equally. `Infinity` when everything fits.
 */
export const fairCap = (lengths: readonly number[], budget: number): number => {
  const sorted = [...lengths].sort((a, b) => a - b);
  let remaining = Math.max(0, budget);
  for (let i = 0; i < sorted.length; i++) {
    const length = sorted[i]!;
    const left = sorted.length - i;
    if (length * left > remaining) return Math.floor(remaining / left);
    remaining -= length;
  }
  return Number.POSITIVE_INFINITY;
};
