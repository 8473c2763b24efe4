/** A phrase that separates failing from passing outputs in the training labels. */
export interface DiscriminativePhrase {
  phrase: string;
  /** Share of failing / passing outputs containing it. */
  failShare: number;
  passShare: number;
  /** Smoothed log-odds of "fail" given the phrase. */
  logOdds: number;
}

const MAX_CHARS = 8_000;

const words = (text: string) =>
  text
    .slice(0, MAX_CHARS)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean);

/** The distinct 1–3-word phrases of a text. */
const phrasesOf = (text: string, maxN: number) => {
  const w = words(text);
  const out = new Set<string>();
  for (let n = 1; n <= maxN; n++) {
    for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(' '));
  }
  return out;
};

/**
 * Phrases much more frequent in failing than in passing texts (document frequency, with
 * add-one smoothing), strongest first. A phrase must appear in at least `minSupport` failing
 * texts and in at most `maxPassShare` of the passing ones; phrases contained in a stronger
 * chosen phrase with the same support are dropped.
 */
export const mineDiscriminativePhrases = (
  failing: string[],
  passing: string[],
  options: { maxN?: number; minSupport?: number; maxPassShare?: number; limit?: number } = {},
): DiscriminativePhrase[] => {
  const maxN = options.maxN ?? 3;
  const minSupport = options.minSupport ?? Math.max(2, Math.ceil(failing.length * 0.2));
  const maxPassShare = options.maxPassShare ?? 0.1;
  const count = (texts: string[]) => {
    const df = new Map<string, number>();
    for (const t of texts) for (const p of phrasesOf(t, maxN)) df.set(p, (df.get(p) ?? 0) + 1);
    return df;
  };
  const failDf = count(failing);
  const passDf = count(passing);
  const candidates: DiscriminativePhrase[] = [];
  for (const [phrase, f] of failDf) {
    if (f < minSupport) continue;
    const p = passDf.get(phrase) ?? 0;
    const passShare = passing.length ? p / passing.length : 0;
    if (passShare > maxPassShare) continue;
    if (phrase.length < 3) continue;
    const logOdds = Math.log((f + 1) / (failing.length - f + 1)) - Math.log((p + 1) / (passing.length - p + 1));
    candidates.push({ phrase, failShare: f / failing.length, passShare, logOdds });
  }
  candidates.sort(
    (a, b) => b.logOdds - a.logOdds || b.phrase.length - a.phrase.length || a.phrase.localeCompare(b.phrase),
  );
  const chosen: DiscriminativePhrase[] = [];
  for (const c of candidates) {
    const redundant = chosen.some(
      (k) => (k.phrase.includes(c.phrase) || c.phrase.includes(k.phrase)) && Math.abs(k.failShare - c.failShare) < 1e-9,
    );
    if (!redundant) chosen.push(c);
    if (chosen.length >= (options.limit ?? 8)) break;
  }
  return chosen;
};

/** A regex source matching any of the phrases as whole words, whitespace-tolerant. */
export const phrasesToRegex = (phrases: string[]) =>
  `\\b(?:${phrases.map((p) => p.split(' ').map(escapeRegex).join('\\s+')).join('|')})\\b`;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
