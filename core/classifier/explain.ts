import type { FeatureOrigin, TracedVector } from './features.js';

/** Features named per direction in an explanation. */
const NAMED_PER_SIDE = 3;
/** Only this many of the largest contributions are considered when naming. */
const CONSIDERED = 40;

/**
 * A feature as a reader sees it: `'i recall'`, `'…recal…'` (a character n-gram), `input 'weather'`,
 * `[citations: low]` (a structural feature below its training mean; `value` is the centered value).
 */
export function renderFeature({ kind, field, text }: FeatureOrigin, value: number): string {
  if (kind === 'structural') return `[${text}: ${value > 0 ? 'high' : 'low'}]`;
  const shown = kind === 'char' ? `'…${text.trim()}…'` : `'${text}'`;
  return field === 'input' ? `input ${shown}` : shown;
}

/** Positions k of the `limit` largest |weight × value|, largest first, ties in vector order (no full sort). */
function largestContributions(vector: TracedVector, weights: ArrayLike<number>, limit: number): number[] {
  const top: { k: number; size: number }[] = [];
  vector.indices.forEach((index, k) => {
    const size = Math.abs((weights[index] ?? 0) * vector.values[k]!);
    if (size === 0 || (top.length === limit && size <= top[limit - 1]!.size)) return;
    let at = top.length;
    while (at > 0 && top[at - 1]!.size < size) at--;
    top.splice(at, 0, { k, size });
    if (top.length > limit) top.pop();
  });
  return top.map((t) => t.k);
}

/**
 * Names the features that pushed this item's score most towards fail and towards pass
 * (weight × value), with text read from the item itself, so a hash collision names what this
 * item contains. Word n-grams and trace features are preferred over character n-grams.
 */
export function explainScore(vector: TracedVector, weights: ArrayLike<number>, score: number): string | null {
  const ranked = largestContributions(vector, weights, CONSIDERED).map((k) => {
    const origin = vector.originOf(k);
    const value = vector.values[k]!;
    const sign = Math.sign((weights[vector.indices[k]!] ?? 0) * value);
    return { sign, kind: origin.kind, label: renderFeature(origin, value) };
  });
  const side = (sign: number): string[] => {
    const mine = ranked.filter((f) => f.sign === sign);
    const preferred = [...mine.filter((f) => f.kind !== 'char'), ...mine.filter((f) => f.kind === 'char')];
    return [...new Set(preferred.map((f) => f.label))].slice(0, NAMED_PER_SIDE);
  };
  const parts = [
    { name: 'leans fail', labels: side(-1) },
    { name: 'leans pass', labels: side(1) },
  ].filter((p) => p.labels.length > 0);
  if (parts.length === 0) return null;
  if (score >= 0.5) parts.reverse();
  return parts.map((p) => `${p.name}: ${p.labels.join(', ')}`).join('; ');
}
