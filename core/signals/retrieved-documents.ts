import type { SignalSpan } from './types.js';

/** What the citation check knows about one retrieved document: its id and the names it goes by. */
export interface DocumentRef {
  id: string | null;
  /** Normalized titles, sources, file names and urls (see normalizeRef). */
  names: string[];
  /** Normalized content, for telling a quote of the document's text from a made-up title. */
  content: string;
}

/** Documents read per trace and characters of content kept per document: bounded work at close. */
export const MAX_DOCUMENTS = 200;
const MAX_CONTENT_CHARS = 2_000;
const NAME_KEYS = ['title', 'name', 'source', 'url', 'file_name', 'filename', 'file_path', 'path', 'document_title'];

/** Lower case, compatibility-folded, punctuation to spaces, whitespace collapsed. */
export const normalizeRef = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

const namesOf = (source: Record<string, unknown>): string[] => {
  const names: string[] = [];
  for (const key of NAME_KEYS) {
    const value = source[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    names.push(normalizeRef(value));
    // A path or url also goes by its last segment without extension ("refund-policy.pdf" → "refund policy").
    const last = value
      .split(/[\\/]/)
      .at(-1)
      ?.replace(/\.[a-z0-9]{1,5}$/i, '');
    if (last && last !== value) names.push(normalizeRef(last));
  }
  return names.filter((n) => n !== '');
};

/**
 * The documents retrieved in a trace, in span start order (so `[n]` can be read as the n-th), or
 * null when the trace has no retrieval span (nothing to check citations against). Reads ids,
 * top-level title / source (when the normalizer lifts them) and the same keys in `metadata`.
 */
export function retrievedDocuments(spans: readonly SignalSpan[]): DocumentRef[] | null {
  const retrievals = spans.filter((s) => s.kind === 'retrieval').sort((a, b) => (a.startNs < b.startNs ? -1 : 1));
  if (retrievals.length === 0) return null;
  const docs: DocumentRef[] = [];
  for (const span of retrievals) {
    const list = (span.content as { retrievedDocuments?: unknown }).retrievedDocuments;
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (docs.length >= MAX_DOCUMENTS) return docs;
      const doc = record(item);
      const id = typeof doc.id === 'string' && doc.id.trim() !== '' ? doc.id.trim() : null;
      const content = typeof doc.content === 'string' ? normalizeRef(doc.content.slice(0, MAX_CONTENT_CHARS)) : '';
      docs.push({ id, names: [...new Set([...namesOf(doc), ...namesOf(record(doc.metadata))])], content });
    }
  }
  return docs;
}
