import { normalizeText } from './similarity.js';

/**
 * Phrases that mark a turn as a retry or complaint about the previous answer ("still", "didn't
 * work", "I can't find", "that's not what I asked"), and phrases that mark an ordinary follow-up
 * ("thanks, and…", "one more thing"), in English, French, German and Spanish. Matched on
 * normalized text (lower case, punctuation as spaces, apostrophes dropped: "didn't" → "didn t").
 */
/**
 * Complaints about the previous answer. Those about the answer itself (META: "not what I asked",
 * "tried that") are a retry on their own; the others ("does not work", "can't find") when the turn
 * refers back ("it", "that", "the link you gave") or adds little new subject.
 */
/** Complaints about the answer itself: a retry on their own. */
const META_RETRY = [
  'not what i asked',
  'didn t answer',
  'did not answer',
  'you answered',
  'i asked',
  'i said',
  'as i said',
  'let me rephrase',
  'to rephrase',
  'i already',
  'tried that',
  'i tried',
  'i did that',
  'i did exactly',
  'followed',
  'no es lo que',
];

const RETRY = [
  'didn t work',
  'did not work',
  'doesn t work',
  'does not work',
  'not working',
  'isn t working',
  'didn t help',
  'did not help',
  'doesn t help',
  'not helpful',
  'no such',
  'there is no',
  'there s no',
  'doesn t exist',
  'does not exist',
  'can t find',
  'cannot find',
  'can not find',
  'couldn t find',
  'don t see',
  'do not see',
  ...META_RETRY,
  'toujours pas',
  'ne marche pas',
  'ne fonctionne pas',
  'je ne trouve pas',
  'je ne vois',
  'noch einmal',
  'funktioniert nicht',
  'funktioniert leider nicht',
  'finde nicht',
  'nicht gefunden',
  'sigue sin',
  'sigue igual',
  'no funciona',
  'no me sirve',
  'no encuentro',
];

/** Retry words that also occur in fresh requests ("error", "again"): they only add to shared subject matter. */
const WEAK_RETRY = [
  'still',
  'again',
  'once more',
  'error',
  'fails',
  'failing',
  'wrong',
  'nope',
  'encore',
  'todavía',
  'otra vez',
  'immer noch',
  'same error',
  'same message',
  'same problem',
  'greyed out',
];

const META = new Set(META_RETRY);

/** Words that point back at the previous answer or its subject. */
const BACK_REFERENCE = /(?:^| )(?:it|that|this|them|those|you|your|ça|cela|das|es|eso|esto|lo)(?= |$)/u;

const FOLLOW_UP = [
  'thanks',
  'thank you',
  'thx',
  'great',
  'perfect',
  'cool',
  'nice',
  'got it',
  'that worked',
  'it worked',
  'appreciate',
  'ok done',
  'one more thing',
  'another question',
  'also',
  'next',
  'what about',
  'and how',
  'and what',
  'and can',
  'merci',
  'super',
  'danke',
  'gracias',
  'vale',
];

const compile = (phrases: readonly string[]) =>
  new RegExp(`(?:^| )(?:${phrases.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?= |$)`, 'u');
const RETRY_RE = compile(RETRY);
const WEAK_RETRY_RE = compile(WEAK_RETRY);
const FOLLOW_UP_RE = compile(FOLLOW_UP);

/** Normalized text with apostrophes dropped as separate letters ("can't" → "can t"), first 500 characters. */
const normalized = (text: string) => normalizeText(text.slice(0, 500).replace(/[’']/g, ' '));

/** A retry or complaint phrase in a turn: `meta` about the answer itself, `backReference` to it. */
export interface RetryMarker {
  phrase: string;
  /** A complaint (strong) rather than a retry word that fresh requests use too (weak). */
  strong: boolean;
  meta: boolean;
  backReference: boolean;
}

/** A matched phrase as people write it: "can t find" → "can't find". */
const display = (phrase: string) => phrase.replace(/(\p{L}) ([ts])(?= |$)/gu, "$1'$2");

/** The first complaint phrase in a text (strong), else the first retry word (weak), or null. */
export function retryMarker(text: string): RetryMarker | null {
  const n = normalized(text);
  const backReference = BACK_REFERENCE.test(n);
  const strong = RETRY_RE.exec(n)?.[0].trim();
  if (strong) return { phrase: display(strong), strong: true, meta: META.has(strong), backReference };
  const weak = WEAK_RETRY_RE.exec(n)?.[0].trim();
  return weak ? { phrase: display(weak), strong: false, meta: false, backReference } : null;
}

/** The first follow-up phrase in the first words of a text ("thanks, and …"), or null. */
export function followUpMarker(text: string): string | null {
  const head = normalized(text).split(' ').slice(0, 6).join(' ');
  return FOLLOW_UP_RE.exec(head)?.[0].trim() ?? null;
}
