import type { JsonValue } from '../otlp/types.js';
import { asNumber, asText, getField, isObject, type JsonObject, parseJsonish } from './attributes.js';
import type { RetrievedDocument } from './types.js';

/** Metadata keys that carry each top-level field, in the shapes seen (LangChain, LlamaIndex, Traceloop, OpenInference). */
const ID_KEYS = ['id', 'doc_id', 'document_id', 'documentId', '_id', 'chunk_id'];
const TITLE_KEYS = ['title', 'document_title', 'doc_title', 'name', 'file_name', 'filename'];
const SCORE_KEYS = ['score', 'relevance_score', 'similarity', '_score'];
const SOURCE_KEYS = ['source', 'url', 'uri', 'file_path', 'source_url', 'path'];

function firstText(meta: JsonObject, keys: string[]): string | null {
  for (const key of keys) {
    const value = asText(getField(meta, key));
    if (value !== null && value !== '') return value;
  }
  return null;
}

function firstNumber(meta: JsonObject, keys: string[]): number | null {
  for (const key of keys) {
    const value = asNumber(getField(meta, key));
    if (value !== null) return value;
  }
  return null;
}

/** The metadata object: parsed when it is a JSON string; a nested `metadata` (LangChain Document) is read too. */
function metadataObjects(metadata: JsonValue): JsonObject[] {
  const parsed = parseJsonish(metadata);
  if (!isObject(parsed)) return [];
  const inner = parseJsonish(getField(parsed, 'metadata'));
  return isObject(inner) ? [parsed, inner] : [parsed];
}

/**
 * Fills a retrieved document's id, title, score and source from its metadata when the top-level
 * field is empty, so reviewers see "Refund policy (policies/refunds.md)" rather than "document #2".
 */
export function liftDocumentFields(doc: RetrievedDocument): RetrievedDocument {
  const metas = metadataObjects(doc.metadata);
  const text = (keys: string[]) => {
    for (const meta of metas) {
      const value = firstText(meta, keys);
      if (value !== null) return value;
    }
    return null;
  };
  const number = (keys: string[]) => {
    for (const meta of metas) {
      const value = firstNumber(meta, keys);
      if (value !== null) return value;
    }
    return null;
  };
  return {
    ...doc,
    id: doc.id ?? text(ID_KEYS),
    score: doc.score ?? number(SCORE_KEYS),
    title: doc.title ?? text(TITLE_KEYS),
    source: doc.source ?? text(SOURCE_KEYS),
  };
}
