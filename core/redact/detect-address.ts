/**
 * Postal addresses. A street line is recognised by its shape in each convention:
 * - English: house number, one to five words, a street type (`221B Baker Street`, `7 N Oak Rd`);
 * - French, Spanish, Italian, Portuguese, Polish: a leading street type (`rue`, `Calle`, `Via`,
 *   `Rua`, `ul.`) and a name, with the number before it (`12 rue de la Paix`) or after it
 *   (`Calle Mayor, 5`, `Via Roma 12`, `s/n`);
 * - German, Dutch, Scandinavian: a street word glued to the name or after it, then the number
 *   (`Hauptstraße 5a`, `Kerkstraat 12`, `Am Markt 3`);
 * - Russian (`ул. Ленина, д. 5`, `Киевская улица, 5`), Japanese (`4丁目7番1号`), Chinese (`路 12号`),
 *   Korean (`대명길 12`);
 * - a PO box in any of these languages;
 * and then extended over a unit (`Apt. 4B`, `2 hoog`, `кв. 12`) and, after a comma or a line
 * break, a postcode and town (`, 10115 Berlin`, `, Springfield, IL 62704`, `\nSW1A 1AA London`).
 * A label (`Address:`, `ship to`, `Anschrift:`, `Dirección:`, `住所:`) followed by a line holding a
 * digit marks the whole line as an address. Every regex here is linear.
 */
import { DE_PREPOSITIONS, EN_TYPES, GLUED_TYPES, LEADING_TYPES, PO_BOX, POSTCODE, UNIT } from './address-words.js';
import type { Emit } from './types.js';

/** A word of a street name: capitalised (`Baker`, `O'Connell`, `St.`), or an ordinal (`5th`). */
const CAP = String.raw`(?:\p{Lu}[\p{L}\p{M}'’.-]*|\d{1,3}(?:st|nd|rd|th|e|er|a|o|º|ª)(?![\p{L}\p{N}]))`;
const WORD = String.raw`(?:\p{Lu}[\p{L}\p{M}'’.-]*)`;
const PARTICLE = `(?:de|del|de la|des|du|di|della|delle|dei|da|do|dos|das|la|le|les|l'|d'|of|the|y|e|van|von|der|den|het|aan)`;
const NUM = String.raw`\d{1,5}[A-Za-z]?(?:[ \t]?(?:-|/)[ \t]?\d{1,5}[A-Za-z]?)?`;
const B = String.raw`(?<![\p{L}\p{N}_.-])`;
const E = String.raw`(?![\p{L}\p{N}_])`;

const STREET_SOURCES = [
  // 221B Baker Street, 7 N. Oak Rd.
  String.raw`${B}${NUM},?[ \t]+(?:[NSEW]\.?[ \t]+|(?:North|South|East|West)[ \t]+)?(?:${CAP}[ \t]+){1,5}(?:${EN_TYPES})s?\.?${E}(?:[ \t]+(?:[NSEW]{1,2}|North|South|East|West)${E})?`,
  // 12 rue de la Paix, 7031 Avenida Janaína
  String.raw`${B}${NUM}(?:[ \t]?(?:bis|ter))?,?[ \t]+(?:${LEADING_TYPES})\.?[ \t]+(?:${PARTICLE}[ \t]+|${PARTICLE}(?=\p{Lu}))*${WORD}(?:[ \t]+(?:${PARTICLE}[ \t]+)*${WORD}){0,4}`,
  // Calle Mayor, 5 · Via Roma 12 · Rua das Flores, 100 · ul. Długa 5 · Quinta Eloisa s/n
  String.raw`${B}(?:${LEADING_TYPES})\.?[ \t]+(?:${PARTICLE}[ \t]+|${PARTICLE}(?=\p{Lu}))*\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \t]+(?:${PARTICLE}[ \t]+)*${CAP}){0,4},?[ \t]+(?:(?:n[º°o.]|nº|no\.|núm\.|nr\.?|д\.)[ \t]?)?(?:${NUM}|s/n\.?)${E}`,
  // Hauptstraße 5a · Berliner Str. 12 · Kerkstraat 12 · Henriks Gata 1
  String.raw`${B}(?:${WORD}[ \t-]+){0,3}\p{Lu}[\p{L}\p{M}-]*(?:${GLUED_TYPES})[ \t]+${NUM}${E}`,
  String.raw`${B}(?:${WORD}[ \t-]+){1,3}(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Laan|Straat|Plein|Gata|Gatan|Vägen|Vej|Gade|Veien)[ \t]+${NUM}${E}`,
  String.raw`${B}(?:${DE_PREPOSITIONS})[ \t]+${WORD}(?:[ \t]+${WORD}){0,2}[ \t]+${NUM}${E}`,
  // Russian, either order
  String.raw`${B}(?:ул\.|улица|пр\.|пр-т|проспект|пер\.|переулок|пл\.|площадь|ш\.|шоссе|наб\.|набережная|б-р|бульвар|аллея|проезд|тупик|мкр\.?)[ \t]*[\p{L}-]+(?:[ \t]+[\p{L}-]+)?,?[ \t]*(?:д\.[ \t]*)?\d{1,4}[а-я]?${E}`,
  String.raw`${B}\p{Lu}[\p{L}-]+[ \t]+(?:улица|ул\.|проспект|пр\.|переулок|пер\.|площадь|пл\.|шоссе|бульвар|аллея|проезд|набережная),?[ \t]*(?:д\.[ \t]*)?\d{1,4}[а-я]?${E}`,
  // Japanese, Chinese, Korean
  String.raw`(?:[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{1,12})?\d{1,3}丁目(?:\d{1,4}(?:番地?|-)?)?(?:\d{1,4}号?)?(?:[ 　]?[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}\w]{0,12}\d{1,4}号室)?`,
  String.raw`[\p{Script=Han}]{1,10}(?:路|街|道|巷|大道|胡同|弄|中心)\d{1,5}号(?:[ ]?(?:公寓|套房)?[ ]?\d{1,5}室?)?`,
  String.raw`[\p{Script=Hangul}\d]{1,10}(?:로|길)[ \t]?\d{1,4}(?:-\d{1,4})?(?:[ \t]?\d{1,4}(?:호|동))?`,
  // PO boxes
  `${B}${PO_BOX}${E}`,
];
const STREET = new RegExp(`(?:${STREET_SOURCES.join('|')})`, 'gu');
/** Flat or unit first, British style: `Flat 3, 12 High Street`. */
const UNIT_BEFORE = /(?:Flat|Apartment|Apt\.?|Unit|Suite)[ \t]+[A-Za-z0-9]{1,5},?[ \t]+$/i;
const UNIT_AFTER = new RegExp(UNIT, 'uy');

const CITY_WORD = String.raw`\p{Lu}[\p{L}\p{M}'’-]*`;
const CITY = String.raw`${CITY_WORD}(?:[ \t]+(?:${PARTICLE}[ \t]+){0,3}(?:${CITY_WORD}|[\p{Ll}]+(?=$|[,\n])))?(?:[ \t]+${CITY_WORD}){0,2}`;
const NOT_A_TOWN =
  /^(?:Tel|Phone|Fax|Email|E-mail|Mobile|Tél|Telefon|Teléfono|Telefono|Tlf|Call|Please|Thanks|Thank|And|The|I|We|My|Our|If|But|So|Also|Then|Best|Regards|Order|Ticket)\b/;
/** `, 10115 Berlin` · `, Springfield, IL 62704` · `\nSW1A 1AA London` · `, Paris 75001` · `, 546-2806 和彦村`. */
export const TOWN = new RegExp(
  String.raw`(?:,[ \t]*|[ \t]*\r?\n[ \t]*|[ \t]+)(?:(?:〒?${POSTCODE})[ \t,]+(?:${CITY}|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{1,10})|${CITY}(?:,?[ \t]+(?:[A-Z]{2}[ \t]+)?${POSTCODE})?)(?:,[ \t]*[A-Z]{2}(?:[ \t]+${POSTCODE})?)?${E}`,
  'uy',
);

/** `Address: …`, `"address": "…"`, `my address is …`, `ship to …`, `Anschrift: …`, `住所：…`. */
const LABEL = new RegExp(
  [
    String.raw`(?:^|[^\p{L}\p{N}_])(?:(?:home |postal |mailing |shipping |billing |street |delivery |my )?address|anschrift|adresse|lieferadresse|dirección|domicilio|indirizzo|adres|woonadres|endereço|адрес)["']?[ \t]*(?::|：|=|-|is|ist|est|es|è|é)[ \t]*["']?`,
    String.raw`(?:^|[^\p{L}\p{N}_])(?:ship(?:ping)? (?:it )?to|deliver(?:y)? (?:it )?to|send it to|lives? at|living at|located at|wohnhaft in|wohne in|vivo en|abito in|woon op|moro na|moro em)[ \t]+`,
    String.raw`(?:住所|地址|주소)[ \t]*[:：]?[ \t]*`,
  ].join('|'),
  'giu',
);
/** The labelled line, up to a sentence end, a quote, a separator or 120 characters. */
const LABEL_LINE = /(?:[^\n"|;.]|\.(?! +\p{Lu}| *$|\n)){4,120}/uy;

/** Every street line holds a number: only the text around numbers is searched. */
const NUMBER = /\d+/g;
const BEFORE_NUMBER = 90;
const AFTER_NUMBER = 70;

/** The stretches of `text` within reach of a number, merged where they overlap. */
function aroundNumbers(text: string): [number, number][] {
  const out: [number, number][] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m !== null; m = NUMBER.exec(text)) {
    const from = Math.max(0, m.index - BEFORE_NUMBER);
    const to = Math.min(text.length, m.index + m[0].length + AFTER_NUMBER);
    const last = out.at(-1);
    if (last && from <= last[1]) last[1] = to;
    else out.push([from, to]);
  }
  return out;
}

export function detectAddresses(text: string, emit: Emit): void {
  const streets: [number, number][] = [];
  for (const [from, to] of aroundNumbers(text)) {
    // A stretch starts mid-text: the boundary before its first match is checked on the full text.
    const part = text.slice(from, to);
    STREET.lastIndex = 0;
    for (let m = STREET.exec(part); m !== null; m = STREET.exec(part)) {
      const at = from + m.index;
      if (m.index === 0 && from > 0 && /[\p{L}\p{N}_.-]/u.test(text[from - 1]!)) {
        STREET.lastIndex = m.index + 1;
        continue;
      }
      const end = emitStreet(text, at, at + m[0].length, emit);
      streets.push([at, end]);
      STREET.lastIndex = Math.max(end - from, m.index + 1);
    }
  }
  emitLabelled(text, streets, emit);
}

/** Emits a street line with a unit before it and its unit, postcode and town after; returns its end. */
function emitStreet(text: string, from: number, to: number, emit: Emit): number {
  const unitBefore = UNIT_BEFORE.exec(text.slice(Math.max(0, from - 24), from));
  const start = unitBefore ? from - unitBefore[0].length : from;
  const end = extend(text, to);
  emit('address', start, end);
  return end;
}

/** Where the address after a label ends: before a conjunction or a phone word, then after its last number and town. */
const LINE_END =
  /[ \t,]+(?:and|or|please|when|then|if|but|und|oder|bitte|wenn|dann|et|ou|puis|y|o|pero|cuando|e|ma|quando|en|maar|als|mas|tel|phone|call|text|sms|e-?mail|mobile)(?![\p{L}\p{N}])/iu;
const LAST_NUMBER_AND_TOWN =
  /^[\s\S]*\d(?:[\p{L}\p{N}º°ª/.-]*)(?:,?[ \t]+(?:\p{Lu}|[\p{Script=Han}\p{Script=Cyrillic}])[\p{L}\p{M}'’-]*(?:[ \t]+(?:(?:de|del|de la|la|le|les|am|an der|sur|on|upon|di|da|do|dos)[ \t]+)?[\p{Lu}\p{Ll}][\p{L}\p{M}'’-]*){0,3})?/u;

function addressPart(line: string): string {
  const cut = LINE_END.exec(line);
  const head = cut ? line.slice(0, cut.index) : line;
  const part = LAST_NUMBER_AND_TOWN.exec(head)?.[0] ?? head;
  return part.replace(/[\s.,;:!?)'"]+$/u, '');
}

function emitLabelled(text: string, streets: [number, number][], emit: Emit): void {
  LABEL.lastIndex = 0;
  // A street line found at the label already covers it.
  for (let m = LABEL.exec(text); m !== null; m = LABEL.exec(text)) {
    LABEL_LINE.lastIndex = LABEL.lastIndex;
    const line = LABEL_LINE.exec(text);
    if (line === null) continue;
    const value = addressPart(line[0]);
    // A line after a label is an address only if it holds a house number or a postcode.
    const start = LABEL_LINE.lastIndex - line[0].length;
    if (/\d/.test(value) && value.length >= 4 && !streets.some(([s, e]) => s <= start + 3 && e > start)) {
      emit('address', start, start + value.length);
    }
  }
}

/** Extends a street line over its unit and its postcode and town. */
function extend(text: string, end: number): number {
  for (let k = 0; k < 3; k++) {
    UNIT_AFTER.lastIndex = end;
    if (UNIT_AFTER.exec(text) !== null && !/[\p{L}\p{N}]/u.test(text[UNIT_AFTER.lastIndex] ?? ''))
      end = UNIT_AFTER.lastIndex;
    else break;
  }
  TOWN.lastIndex = end;
  const town = TOWN.exec(text);
  if (town !== null) {
    const words = town[0].replace(/^[\s,]+/, '');
    if (!NOT_A_TOWN.test(words) && /\d|,|\n/.test(town[0])) end = TOWN.lastIndex;
  }
  return end;
}
