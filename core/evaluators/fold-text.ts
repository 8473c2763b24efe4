/**
 * Text folded for phrase matching: compatibility-decomposed with combining marks removed
 * ("Café" → "cafe", "ﬁ" → "fi", full-width letters → ASCII), lower-cased (ß → ss, final ς → σ), apostrophes and
 * invisible format characters dropped ("don’t" → "dont", soft hyphens), and every run of other
 * characters that are not letters or digits (spaces, punctuation, emoji) turned into one space —
 * so "As an AI, language-model!" folds to "as an ai language model ".
 *
 * One pass over the lower-cased text: ASCII letters, digits and single spaces are copied in runs;
 * every other character is folded once and remembered (per code point), so a 1 KB answer folds
 * in a few microseconds instead of the tens that NFKD plus Unicode-class replaces take.
 */
export const foldText = (text: string): string => {
  const t = text.toLowerCase();
  let out = '';
  let runStart = 0;
  let spaced = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      spaced = false;
      continue;
    }
    if (c === 0x20 && !spaced) {
      spaced = true;
      continue;
    }
    let rep: string | null;
    let width = 1;
    if (c < 0x80) rep = c === 0x27 || c === 0x60 ? '' : ' ';
    else {
      const cp = t.codePointAt(i)!;
      if (cp > 0xffff) width = 2;
      rep = foldCodePoint(cp);
      if (rep === null) {
        spaced = false;
        i += width - 1;
        continue;
      }
    }
    if (i > runStart) out += t.slice(runStart, i);
    if (rep !== '') {
      if (spaced && rep.charCodeAt(0) === 0x20) rep = rep.slice(1);
      if (rep !== '') {
        out += rep;
        spaced = rep.charCodeAt(rep.length - 1) === 0x20;
      }
    }
    i += width - 1;
    runStart = i + 1;
  }
  return runStart === 0 ? t : out + t.slice(runStart);
};

const COMBINING_MARKS = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const DROPPED = /^[\p{Cf}'`\u00b4\u2018\u2019\u02bc]$/u;

/** Non-ASCII code point → its folded text ('' = dropped, ' ' = separator), or null when it folds to itself. */
const folded = new Map<number, string | null>();

const foldCodePoint = (cp: number): string | null => {
  let rep = folded.get(cp);
  if (rep !== undefined) return rep;
  const ch = String.fromCodePoint(cp);
  if (DROPPED.test(ch)) rep = '';
  else {
    const f = ch
      .normalize('NFKD')
      .replace(COMBINING_MARKS, '')
      .toLowerCase()
      .replace(/ß/g, 'ss')
      .replace(/ς/g, 'σ')
      .replace(NON_WORD, ' ');
    rep = f === ch ? null : f;
  }
  if (folded.size < 100_000) folded.set(cp, rep);
  return rep;
};
