import { type Citation, extractCitations } from './citations.js';
import { formatCount, quote } from './format.js';
import { makeSignal, type SignalDetector } from './make-signal.js';
import { type DocumentRef, normalizeRef, retrievedDocuments } from './retrieved-documents.js';
import { noisyOr } from './strength.js';

/** How sure each finding is: an index past the documents is unambiguous; a name can be a paraphrase. */
const INDEX_STRENGTH = 0.8;
const NAME_STRENGTH = 0.6;

const tokens = (s: string) => s.split(' ').filter((t) => t.length > 1);

/** A cited name matches a document when it equals or contains (or is contained in) its id or a name, or shares ≥ 80 % of its words with one. */
const nameMatches = (name: string, docs: readonly DocumentRef[]): boolean => {
  const n = normalizeRef(name);
  if (n === '') return true;
  const words = tokens(n);
  for (const doc of docs) {
    const candidates = doc.id ? [normalizeRef(doc.id), ...doc.names] : doc.names;
    for (const c of candidates) {
      if (c === '') continue;
      if (c === n || (n.length >= 4 && c.includes(n)) || (c.length >= 4 && n.includes(c))) return true;
      const cw = new Set(tokens(c));
      if (words.length > 0 && words.filter((w) => cw.has(w)).length / words.length >= 0.8) return true;
    }
    // Quoting the document's own text is not inventing a source.
    if (n.length >= 8 && doc.content.includes(n)) return true;
  }
  return false;
};

const isInvented = (c: Citation, docs: readonly DocumentRef[], userInput: string): boolean => {
  if (c.kind === 'index') return c.index < 1 || c.index > docs.length;
  const n = normalizeRef(c.name);
  if (userInput !== '' && n.length >= 3 && userInput.includes(n)) return false;
  return !nameMatches(c.name, docs);
};

const describe = (c: Citation) => (c.kind === 'index' ? c.text.trim() : `"${c.name}"`);

/**
 * invented_citation: the answer cites a document the trace never retrieved — a numbered citation
 * past the retrieved documents (`[4]` of 3), or a bracketed id, source or quoted title in a citing
 * context that no retrieved document has (ids, titles, sources, file names and metadata compared
 * normalized; quotes of the user's words or of a document's text do not count). Only traces with a
 * retrieval span are checked. Strength: noisy-or of 0.8 per invented index and 0.6 per invented name.
 */
export const detectInventedCitation: SignalDetector = (input) => {
  const { rollup, spans, settings } = input;
  if (!settings.inventedCitation || !rollup.output) return null;
  const docs = retrievedDocuments(spans);
  if (docs === null) return null;
  const userInput = normalizeRef(rollup.input ?? '');
  const citations = extractCitations(rollup.output).filter((c) => c.kind === 'index' || settings.inventedCitationNames);
  const invented = citations.filter((c) => isInvented(c, docs, userInput));
  if (invented.length === 0) return null;
  const distinct = [...new Map(invented.map((c) => [describe(c), c])).values()];
  const named = distinct.slice(0, 3).map(describe).join(', ');
  const more = distinct.length > 3 ? ` and ${distinct.length - 3} more` : '';
  const known = docs
    .slice(0, 3)
    .map((d, i) => d.names[0] ?? d.id ?? `#${i + 1}`)
    .map((n) => quote(n, 40))
    .join(', ');
  const retrieved =
    docs.length === 0
      ? 'no document was retrieved'
      : `only ${formatCount(docs.length)} document${docs.length === 1 ? ' was' : 's were'} retrieved (${known}${docs.length > 3 ? ', …' : ''})`;
  return makeSignal(
    'invented_citation',
    noisyOr(distinct.map((c) => (c.kind === 'index' ? INDEX_STRENGTH : NAME_STRENGTH))),
    `the answer cites ${named}${more}, which no retrieved document matches: ${retrieved}`,
    {
      documents: docs.length,
      citations: citations.length,
      invented: distinct.length,
      first: describe(distinct[0]!),
    },
  );
};
