/**
 * A deterministic corpus of realistic LLM-app traffic with planted personal data at known positions,
 * used to measure the redaction engine's recall and precision per kind. Templates live in
 * `corpus-chat.ts` and `corpus-structured.ts`; value generators in `corpus-pii.ts`,
 * `corpus-secrets.ts` and `corpus-negatives.ts`.
 */
import { chatTemplates } from './corpus-chat.js';
import { createGen, type Part, type PlantedKind } from './corpus-gen.js';
import { createRng } from './corpus-rng.js';
import { structuredTemplates } from './corpus-structured.js';

export type { PlantedKind } from './corpus-gen.js';

export interface PlantedSpan {
  kind: PlantedKind;
  start: number;
  end: number;
  value: string;
}

export interface CorpusSnippet {
  id: string;
  category: string;
  text: string;
  planted: PlantedSpan[];
}

/** Joins template parts into text, recording where each planted value landed. */
export function assemble(parts: Part[]): { text: string; planted: PlantedSpan[] } {
  let text = '';
  const planted: PlantedSpan[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    planted.push({ kind: part.kind, start: text.length, end: text.length + part.value.length, value: part.value });
    text += part.value;
  }
  return { text, planted };
}

export const corpusTemplates = [...chatTemplates, ...structuredTemplates];

/**
 * `size` snippets (default: ten per template), cycling through every template so each appears
 * equally often; the same seed always gives the same corpus.
 */
export function generateCorpus(options: { seed?: number; size?: number } = {}): CorpusSnippet[] {
  const rng = createRng(options.seed ?? 20240506);
  const gen = createGen(rng);
  const size = options.size ?? corpusTemplates.length * 10;
  const snippets: CorpusSnippet[] = [];
  for (let i = 0; i < size; i++) {
    const template = corpusTemplates[i % corpusTemplates.length]!;
    const { text, planted } = assemble(template.make(gen));
    snippets.push({ id: `${template.category}-${i}`, category: template.category, text, planted });
  }
  return snippets;
}
