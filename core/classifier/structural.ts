import type { EvalItem } from '../evaluators/types.js';
import { MAX_TEXT_CHARS, normalizeText, tokenize } from './ngrams.js';

/** What a structural feature is computed from. */
export interface StructuralContext {
  item: EvalItem;
  /** The output cut to MAX_TEXT_CHARS. */
  output: string;
  /** The normalized output's words. */
  outputWords: string[];
}

const logScale = (x: number, typicalMax: number) => Math.log1p(Math.max(0, x)) / Math.log1p(typicalMax);
const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/** Braces or brackets at both ends, and (when short enough to parse cheaply) valid JSON. */
function looksLikeJson(text: string): boolean {
  const t = text.trim();
  if (!((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']')))) return false;
  if (t.length > MAX_TEXT_CHARS) return true;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/**
 * Share of the output's content words (≥ 3 chars, or numbers) found in the tool results and
 * retrieved documents (their first MAX_TEXT_CHARS characters together); 0 when there are none.
 */
function contextOverlap(c: StructuralContext): number {
  let context = '';
  for (const call of c.item.toolCalls) context += `${call.result ?? ''}\n`;
  for (const doc of c.item.retrievedDocuments) context += `${doc.content}\n`;
  if (context.trim() === '') return 0;
  const known = new Set(tokenize(normalizeText(context)).words);
  let content = 0;
  let grounded = 0;
  for (const w of c.outputWords) {
    if (w.length < 3 && !/\d/.test(w)) continue;
    content++;
    if (known.has(w)) grounded++;
  }
  return content === 0 ? 0 : grounded / content;
}

const FEATURES: Record<string, (c: StructuralContext) => number> = {
  output_chars: (c) => logScale(c.item.output.length, MAX_TEXT_CHARS),
  output_tokens: (c) => logScale(c.item.outputTokens ?? Math.ceil(c.item.output.length / 4), 5000),
  tool_calls: (c) => logScale(c.item.toolCalls.length, 20),
  tool_errors: (c) => logScale(c.item.toolCalls.filter((t) => t.error !== null && t.error !== '').length, 5),
  retrieved_documents: (c) => logScale(c.item.retrievedDocuments.length, 20),
  citations: (c) => logScale(count(c.output, /\[\d{1,3}\]/g), 20),
  has_error: (c) => (c.item.hasError ? 1 : 0),
  empty_output: (c) => (c.output.trim() === '' ? 1 : 0),
  question_marks: (c) => logScale(count(c.output, /\?/g), 10),
  code_fences: (c) => logScale(count(c.output, /```/g), 10),
  json_output: (c) => (looksLikeJson(c.item.output) ? 1 : 0),
  context_overlap: contextOverlap,
};

/**
 * Structural trace features by name, each scaled to roughly [0, 1]. A Map, so a stored model's
 * name list cannot reach Object.prototype.
 */
export const STRUCTURAL = new Map(Object.entries(FEATURES));

/** The structural feature names this code computes, in slot order for newly trained models. */
export const STRUCTURAL_FEATURES: readonly string[] = [...STRUCTURAL.keys()];
