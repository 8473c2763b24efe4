/**
 * Person names. The scan finds runs of capitalised words (with particles such as `van`, `de`,
 * `di`, hyphens and apostrophes), splits them at words that are not names (common words, places,
 * organisations: see name-lexicon.ts), and accepts a piece of the run when
 * - a title precedes it (`Mr`, `Dr.`, `Frau`, `Mme`, `Sr.`, `Dhr.`...), or a cue does (`my name is`,
 *   `Dear`, `Hi`, `Name:`, a sign-off such as `Regards,` on the line before, and their equivalents
 *   in German, French, Spanish, Italian, Dutch, Portuguese and Russian): one word is enough;
 * - it has two to five words and one of them is a known given name or surname;
 * - it has two to four words none of which is known, not right after an article or
 *   determiner (German nouns are capitalised: `die Bestellung`), and not ending like an abstract
 *   noun (`-ung`, `-tion`...);
 * - it is Cyrillic, two or three words, one with a patronymic or surname ending (`-вич`, `-ова`).
 * Japanese, Chinese and Korean names are found before an honorific (`さん`, `様`, `先生`, `씨`) or after
 * a cue (`私の名前は`, `我叫`, `이름은`), and Japanese `姓 名` written with a space.
 * Every regex is linear; context is read from a bounded window before the run.
 */
import { nameLexicon } from './name-lexicon.js';
import type { Emit } from './types.js';

const WORD = String.raw`(?:Mc|Mac|O'|O’|D'|D’|L'|Dell'|Dall')?\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}[\p{Ll}\p{M}]+)*`;
const WORD_AT = new RegExp(`(?<![\\p{L}\\p{N}_@./\\\\#$%&*=+-])${WORD}(?![\\p{L}\\p{N}_@])`, 'gu');
const NEXT_WORD = new RegExp(
  String.raw`[ \t]{1,2}(?:(?:van|von|de|der|den|del|della|dei|degli|di|da|das|dos|do|du|le|la|ten|ter|y|e|i|bin|al|zu|vom|op|het)[ \t]{1,2}){0,3}(${WORD})(?![\p{L}\p{N}_@])`,
  'uy',
);
const SUFFIX = /,? (?:Jr\.?|Sr\.?|I{1,3}|IV|V|VI|PhD|MD|DDS|DVM|Esq\.?)(?![\p{L}\p{N}])/uy;

const TITLE =
  /(?:^|[^\p{L}])(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Sir|Dame|Herr|Herrn|Frau|Hr|Fr|M|Mme|Mlle|Me|Sr|Sra|Srta|Don|Doña|Dña|Sig|Sig\.ra|Sigra|Dott|Dott\.ssa|Avv|Ing|Dhr|Mevr|Mw|Pan|Pani|Sra|Dra|г-н|г-жа|господин|госпожа)\.?[ \t]{1,2}$/u;
const CUE = new RegExp(
  [
    String.raw`(?:^|[^\p{L}])(?:my name is|my name's|name is|i am|i'm|this is|call me|speaking with|dear|hi|hello|hey|thanks|thank you|regards|kind regards|best regards|cheers|sincerely|best|signed|yours|name|full name|customer|patient|passenger|contact person|recipient|attn|attention|assigned to|sure|okay|ok|of course|certainly|sorry|great|yes|spoke (?:to|with)|talked to`,
    // de, fr, es, it, nl, pt, ru
    `ich heiße|ich bin|mein name ist|name lautet|sehr geehrte[rs]?|liebe[rs]?|hallo|viele grüße|beste grüße|mit freundlichen grüßen|grüße|gruß|kunde|kundin|ansprechpartner(?:in)?`,
    `je m'appelle|je m’appelle|je suis|mon nom est|cher|chère|bonjour|cordialement|bien à vous|nom|prénom|client|cliente`,
    `me llamo|mi nombre es|soy|estimad[oa]|hola|saludos|atentamente|nombre|un saludo`,
    `mi chiamo|il mio nome è|sono|gentile|car[oa]|ciao|cordiali saluti|distinti saluti|nome|cognome`,
    `ik heet|mijn naam is|ik ben|beste|geachte|hoi|groeten|met vriendelijke groet|naam`,
    `meu nome é|me chamo|eu sou|prezad[oa]|olá|oi|atenciosamente|abraços`,
    String.raw`меня зовут|моё имя|мое имя|я|уважаем(?:ый|ая)|здравствуйте|привет|с уважением|имя|фио|клиент)[ \t]*[:,!]?[ \t]*(?:\r?\n[ \t]*)?$`,
  ].join('|'),
  'iu',
);
/** Words before a capitalised noun, not before a name. */
const ARTICLE =
  /(?:^|[^\p{L}])(?:the|a|an|this|that|these|those|our|your|my|his|her|its|their|der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|kein|keine|mein|meine|meinen|unser|unsere|ihr|ihre|ihren|im|am|zum|zur|vom|beim|ins|aufs|le|la|les|un|une|du|des|au|aux|el|los|las|una|unos|il|lo|gli|uno|het|een|o|os|um|uma)[ \t]+$/iu;
/** Prepositions before a place rather than a person: `in Port Marianoport`, `nach Bad Ems`. */
const PLACE_PREPOSITION =
  /(?:^|[^\p{L}])(?:in|near|at|around|nach|aus|bei|im|à|en|em|no|na|nel|nella|a|op|bij|w|во?|из)[ \t]+$/iu;
/** Endings of common nouns and adjectives (German and English), rarely of a name. */
const NOUN_ENDING =
  /(?:ung|heit|keit|schaft|tion|tions|sion|sions|ment|ments|ität|ismus|ness|ship|ance|ence|ing|ings|ity|ities|able|ible|ic|ics|ive|ous|ful|less|ism|ist|ists|ory|ure|ware|flow|flows|ors|ers|ies|ed|ly)$/;
/** A Markdown heading, list of links, table row or HTML tag line: Title Case there is not a name. */
const TITLE_CONTEXT =
  /(?:^|\n)[ \t]*(?:#{1,6}[ \t]|\|)[^\n]*$|\[[^\]\n]*$|<(?:h[1-6]|strong|b|summary|title|th|a)\b[^>]*>[^<\n]*$/i;
/** Town names, not surnames: `Lianadorf`, `McCulloughworth`, `Port Marianoport`. */
const PLACE_ENDING = /(?:dorf|burg|stadt|hausen|ingen|ville|borough|chester|land|port|worth|furt)$/;
const CYRILLIC = /^\p{Script=Cyrillic}+$/u;
const CYRILLIC_NAME_ENDING = /(?:вич|вна|ична|ьич|ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|ко|ук|юк)$/;

const CJK_HONORIFIC =
  /([\p{Script=Han}\p{Script=Katakana}]{2,5})(?=さん|様|さま|氏|君|くん|ちゃん|先生|女士|小姐)|([\p{Script=Hangul}]{2,4})(?=[ ]?(?:씨|님))/gu;
const CJK_CUE =
  /(?:私の名前は|名前は|氏名[:：]?|私は|我叫|我是|姓名[:：]?|이름은|제 이름은|저는)[ \t]?([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{2,6}|[\p{Script=Hangul}]{2,4})/gu;
const JA_SPACED =
  /(?<![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{Script=Han}]{1,3}[ 　][\p{Script=Han}]{1,3}(?![\p{Script=Han}\p{Script=Katakana}])/gu;

interface Word {
  start: number;
  end: number;
  lower: string;
}

export function detectNames(text: string, emit: Emit): void {
  detectLatinAndCyrillic(text, emit);
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(text)) detectCjk(text, emit);
}

function detectLatinAndCyrillic(text: string, emit: Emit): void {
  const { first, last, common, stop } = nameLexicon();
  WORD_AT.lastIndex = 0;
  for (let m = WORD_AT.exec(text); m !== null; m = WORD_AT.exec(text)) {
    const run: Word[] = [{ start: m.index, end: m.index + m[0].length, lower: m[0].toLowerCase() }];
    let at = run[0]!.end;
    while (run.length < 6) {
      NEXT_WORD.lastIndex = at;
      const n = NEXT_WORD.exec(text);
      if (n === null) break;
      const w = n[1]!;
      const start = NEXT_WORD.lastIndex - w.length;
      run.push({ start, end: NEXT_WORD.lastIndex, lower: w.toLowerCase() });
      at = NEXT_WORD.lastIndex;
    }
    WORD_AT.lastIndex = at;
    // Split at words that are not names; each piece is judged on its own.
    let piece: Word[] = [];
    const judge = () => {
      if (piece.length > 0) acceptPiece(text, piece, first, last, emit);
      piece = [];
    };
    for (const w of run) {
      const base = baseOf(w.lower);
      const prev = piece.at(-1);
      if (stop.has(w.lower) || stop.has(base)) judge();
      // A dictionary word is a name right after a title or cue (`Dear Grace`, `Regards, Benedict`)
      // and a surname right after a given name or a cued word (`Felicity King`); else not a name.
      else if (common.has(w.lower) || common.has(base)) {
        if (piece.length === 0 && cued(text, w.start)) piece.push(w);
        else if (piece.length === 1 && prev && (first.has(prev.lower) || cued(text, prev.start))) piece.push(w);
        else judge();
      } else piece.push(w);
    }
    judge();
  }
}

/** Whether a title or a name cue ends right before `start`. */
function cued(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 48), start);
  return TITLE.test(before) || CUE.test(before);
}

/** `o'brien` → `brien`; `jean-luc` → `jean`: the part a lexicon might hold. */
const baseOf = (lower: string) => lower.replace(/^(?:mc|mac|o'|o’|d'|d’|l'|dell'|dall')/, '').split('-')[0]!;

function acceptPiece(
  text: string,
  piece: Word[],
  first: ReadonlySet<string>,
  last: ReadonlySet<string>,
  emit: Emit,
): void {
  const start = piece[0]!.start;
  let end = piece.at(-1)!.end;
  const before = text.slice(Math.max(0, start - 48), start);
  const known = (w: Word) =>
    first.has(w.lower) || first.has(baseOf(w.lower)) || last.has(w.lower) || last.has(baseOf(w.lower));
  const n = piece.length;
  let ok = false;
  if (cued(text, start)) ok = n <= 4;
  else if (n >= 2 && n <= 5 && piece.some(known)) ok = true;
  else if (n >= 2 && n <= 3 && piece.every((w) => CYRILLIC.test(w.lower))) {
    ok = piece.some((w) => CYRILLIC_NAME_ENDING.test(w.lower));
  } else if (n >= 2 && n <= 4) {
    ok =
      !ARTICLE.test(before) &&
      !PLACE_PREPOSITION.test(before) &&
      !TITLE_CONTEXT.test(text.slice(Math.max(0, start - 200), start)) &&
      !PLACE_ENDING.test(piece.at(-1)!.lower) &&
      piece.every((w) => w.end - w.start >= 2 && !NOUN_ENDING.test(w.lower));
  }
  if (!ok) return;
  SUFFIX.lastIndex = end;
  if (SUFFIX.exec(text) !== null) end = SUFFIX.lastIndex;
  emit('name', start, end);
}

function detectCjk(text: string, emit: Emit): void {
  for (const re of [CJK_HONORIFIC, CJK_CUE]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const value = m[2] ?? m[1];
      if (value === undefined) continue;
      const start = m.index + m[0].indexOf(value);
      emit('name', start, start + value.length);
    }
  }
  JA_SPACED.lastIndex = 0;
  for (let m = JA_SPACED.exec(text); m !== null; m = JA_SPACED.exec(text)) emit('name', m.index, m.index + m[0].length);
}
