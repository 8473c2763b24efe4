import { EvaluatorConfigError, fieldPath } from './errors.js';
import { checkFieldPath, FIELD_LABELS, fieldText } from './fields.js';
import { foldText } from './fold-text.js';
import type { CompiledRule, ConfigOf } from './rule-types.js';
import { listProblems } from './text.js';

/** Scripts written without spaces between words: a phrase edge in one of these needs no word boundary. */
const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

interface Needle {
  phrase: string;
  text: string;
}

/**
 * `banned_phrases`: the field must contain none of the phrases. Matching is on folded text (see
 * foldText: case, diacritics, whitespace and punctuation between words do not matter) and whole
 * words: "ai" does not match "said" (except at edges in scripts written without spaces, such as
 * Chinese or Thai). Score 1 or 0; the explanation names the phrases found.
 */
export const compileBannedPhrasesRule = (config: ConfigOf<'banned_phrases'>, prefix = ''): CompiledRule => {
  const field = checkFieldPath(config.field, fieldPath(prefix, 'field'));
  const phrasesField = fieldPath(prefix, 'phrases');
  if (!Array.isArray(config.phrases) || config.phrases.length === 0) {
    throw new EvaluatorConfigError(phrasesField, 'must be a non-empty list of phrases');
  }
  const needles: Needle[] = [];
  const seen = new Set<string>();
  config.phrases.forEach((phrase, i) => {
    const folded = typeof phrase === 'string' ? foldText(phrase).trim() : '';
    if (folded === '') throw new EvaluatorConfigError(`${phrasesField}[${i}]`, 'must contain a letter or a digit');
    const chars = Array.from(folded);
    const before = UNSPACED_SCRIPT.test(chars[0]!) ? '' : ' ';
    const after = UNSPACED_SCRIPT.test(chars.at(-1)!) ? '' : ' ';
    const text = `${before}${folded}${after}`;
    if (!seen.has(text)) needles.push({ phrase, text });
    seen.add(text);
  });
  const label = FIELD_LABELS[field];
  const clean = `${label} contains none of the ${needles.length} banned phrases`;

  return (item) => {
    const raw = fieldText(item, field);
    if (raw === '') return { score: 1, explanation: clean };
    const folded = ` ${foldText(raw)} `;
    const found: string[] = [];
    for (const needle of needles) {
      if (folded.includes(needle.text)) found.push(JSON.stringify(needle.phrase));
    }
    if (found.length === 0) return { score: 1, explanation: clean };
    return {
      score: 0,
      explanation: `${label} contains banned phrase${found.length > 1 ? 's' : ''} ${listProblems(found, 3, ', ')}`,
    };
  };
};
