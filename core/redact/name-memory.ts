/**
 * The words of the names a redaction session has found, so that a later mention of one of them
 * alone (`Done, Shanie.` after `my name is Shanie Jerde`) is redacted too, with the full name's
 * placeholder. Only capitalised words of three letters or more are remembered, at most 500 per
 * session; a mention before the full name is not found (the session reads a trace in order).
 */
import type { Detection } from './types.js';

const WORD = /^\p{Lu}[\p{L}\p{M}'’-]{2,}$/u;
const TITLES = new Set(['Mr', 'Mrs', 'Ms', 'Dr', 'Prof', 'Herr', 'Frau', 'Mme', 'Mlle', 'Sig', 'Sra', 'Dhr', 'Mevr']);
const MAX_WORDS = 500;

export interface NameMemory {
  remember(name: Detection): void;
  /** Mentions of remembered words in `text` that no detection in `taken` covers; `value` is the full name. */
  find(text: string, taken: readonly Detection[]): Detection[];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createNameMemory(): NameMemory {
  const fullName = new Map<string, string>();
  let pattern: RegExp | null = null;
  return {
    remember(name) {
      for (const word of name.value.split(/\s+/)) {
        if (fullName.size >= MAX_WORDS || !WORD.test(word) || TITLES.has(word) || fullName.has(word)) continue;
        fullName.set(word, name.value);
        pattern = null;
      }
    },
    find(text, taken) {
      if (fullName.size === 0) return [];
      pattern ??= new RegExp(
        `(?<![\\p{L}\\p{N}_])(?:${[...fullName.keys()].map(escapeRegex).join('|')})(?![\\p{L}\\p{N}_])`,
        'gu',
      );
      const out: Detection[] = [];
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        const start = m.index;
        const end = start + m[0].length;
        if (taken.some((d) => d.start < end && start < d.end)) continue;
        out.push({ kind: 'name', start, end, value: fullName.get(m[0])! });
      }
      return out;
    },
  };
}
