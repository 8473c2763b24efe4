import type { RetrievedDocument } from '../normalize/types.js';
import { EvaluatorConfigError, fieldPath } from './errors.js';
import { compileEvaluatorPattern, type EvaluatorPattern } from './pattern.js';
import type { CompiledRule, ConfigOf } from './rule-types.js';
import { listProblems, plural, snippet } from './text.js';
import type { EvalItem, Evaluation } from './types.js';

/** Numbered references: `[1]`, `[12]`. */
export const DEFAULT_CITATION_PATTERN = '\\[(\\d[\\d, ]*)\\]';
export const DEFAULT_MIN_QUOTE_WORDS = 5;

const QUOTES = /"([^"\n]+)"|\u201c([^\u201d\n]+)\u201d/g;
const ELLIPSIS = /\s*\[?(?:\.\.\.|\u2026)\]?\s*/;

interface Citation {
  key: string;
  shown: string;
}

/**
 * `citation`: every citation in the output must refer to a retrieved document, and (with
 * `checkQuotes`, default true) every double-quoted passage of at least `minQuoteWords` words (straight
 * or curly quotes) must appear in some document — compared case-insensitively with whitespace and
 * quote characters normalized; an ellipsis inside a quote splits it into parts that must appear in
 * order in one document. A citation key is the pattern's first group (a comma-separated list counts
 * as several keys); it refers to a document whose id equals it, else — when numeric — to the n-th
 * document (1-based). Straight quotes are not read as quotations when the whole output is JSON.
 * Score = share of distinct citations and quotes that are grounded; nothing to check scores 1.
 */
export const compileCitationRule = (config: ConfigOf<'citation'>, prefix = ''): CompiledRule => {
  const pattern = compileEvaluatorPattern(config.pattern ?? DEFAULT_CITATION_PATTERN, fieldPath(prefix, 'pattern'));
  if (pattern.groups < 1) {
    throw new EvaluatorConfigError(
      fieldPath(prefix, 'pattern'),
      'must capture the citation key in a group, as in \\[(\\d+)\\]',
    );
  }
  const checkQuotes = config.checkQuotes ?? true;
  if (typeof checkQuotes !== 'boolean')
    throw new EvaluatorConfigError(fieldPath(prefix, 'checkQuotes'), 'must be true or false');
  const minWords = config.minQuoteWords ?? DEFAULT_MIN_QUOTE_WORDS;
  if (!Number.isInteger(minWords) || minWords < 1) {
    throw new EvaluatorConfigError(fieldPath(prefix, 'minQuoteWords'), 'must be a whole number of at least 1');
  }
  const nothing = checkQuotes ? 'nothing to check: no citations or quoted passages' : 'nothing to check: no citations';

  return (item: EvalItem): Evaluation => {
    const citations = findCitations(pattern, item.output);
    const quotes = checkQuotes ? findQuotes(item.output, minWords) : [];
    const total = citations.length + quotes.length;
    if (total === 0) return { score: 1, explanation: nothing };
    const docs = item.retrievedDocuments;
    const problems: string[] = [];
    for (const c of citations) {
      if (docs.length === 0) problems.push(`cites ${c.shown} but no documents were retrieved`);
      else if (!resolves(c.key, docs)) {
        problems.push(`${c.shown} refers to no retrieved document (${plural(docs.length, 'document')} retrieved)`);
      }
    }
    if (quotes.length > 0) {
      const texts = docs.map((d) => foldForQuotes(d.content));
      for (const q of quotes) {
        const parts = quoteParts(q);
        if (docs.length === 0) problems.push(`quotes ${snippet(q)} but no documents were retrieved`);
        else if (!texts.some((t) => containsParts(t, parts)))
          problems.push(`quote ${snippet(q)} is in no retrieved document`);
      }
    }
    const grounded = total - problems.length;
    const what =
      citations.length > 0 && quotes.length > 0
        ? 'citations and quotes'
        : citations.length > 0
          ? 'citations'
          : 'quotes';
    if (problems.length === 0) return { score: 1, explanation: `all ${total} ${what} are grounded` };
    return {
      score: grounded / total,
      explanation: `${grounded} of ${total} ${what} grounded: ${listProblems(problems)}`,
    };
  };
};

/** Distinct citation keys in order of first appearance. */
const findCitations = (pattern: EvaluatorPattern, text: string): Citation[] => {
  const out: Citation[] = [];
  const seen = new Set<string>();
  for (const m of pattern.regex.matchAll(text)) {
    const captured = m[1]?.trim();
    if (!captured) continue;
    const keys = captured.split(/\s*,\s*/).filter(Boolean);
    for (const key of keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        key,
        shown: keys.length === 1 ? snippet(m[0], 40) : `${JSON.stringify(key)} in ${snippet(m[0], 40)}`,
      });
    }
  }
  return out;
};

const resolves = (key: string, docs: RetrievedDocument[]) => {
  if (docs.some((d) => d.id === key)) return true;
  if (!/^\d+$/.test(key)) return false;
  const n = Number(key);
  return n >= 1 && n <= docs.length;
};

/** Distinct quoted passages of at least `minWords` words. */
const findQuotes = (text: string, minWords: number): string[] => {
  const straight = !looksLikeJson(text);
  const out = new Set<string>();
  QUOTES.lastIndex = 0;
  for (let m = QUOTES.exec(text); m !== null; m = QUOTES.exec(text)) {
    const quoted = m[1] !== undefined ? (straight ? m[1] : null) : m[2];
    if (quoted && wordCount(quoted) >= minWords) out.add(quoted.trim());
  }
  return [...out];
};

const looksLikeJson = (text: string) => {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const wordCount = (text: string) => {
  let n = 0;
  for (const w of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(w)) n++;
  return n;
};

/** Case, whitespace and quote-character differences do not matter when comparing quotes. */
const foldForQuotes = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ');

/** The folded parts of a quote between ellipses, without edge punctuation ("…the end." → "the end"). */
const quoteParts = (quote: string) =>
  foldForQuotes(quote)
    .split(ELLIPSIS)
    .map((part) => part.replace(/^[\s.,;:!?]+|[\s.,;:!?]+$/g, ''))
    .filter((part) => part !== '');

const containsParts = (doc: string, parts: string[]) => {
  let from = 0;
  for (const part of parts) {
    const at = doc.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
};
