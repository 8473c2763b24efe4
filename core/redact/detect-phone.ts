/**
 * Phone numbers. A cheap regex finds runs of digits, spaces, dots, hyphens and parentheses (at most
 * 30 characters, starting at a boundary); the run is split into digit groups and the longest
 * leading range of groups is accepted when it has one of these shapes:
 * - international: `+` or `00`, country code, groups (an optional `(0)` trunk), 8-15 digits;
 *   `+1` must be followed by a valid 10-digit NANP number;
 * - North American: `(415) 555-0132`, `415-555-0132`, `415.555.0132`, `1-800-555-0199`;
 * - area code in parentheses: `(11) 91234-5678`, 10-11 digits;
 * - national with trunk 0: `020 7946 0958`, `06 12 34 56 78`, `030 901820`, one separator style,
 *   9-12 digits; or with the trunk-prefixed area code in parentheses: `(09927) 6537551`;
 * - nine digits grouped in pairs after a first group of two or three: `974 33 68 68`;
 * - any 9-13 digits when a phone word ("call", "tel", "mobile", ...) precedes it.
 * Dates, versions and money never have these shapes; trailing groups are only split off at a
 * space, so no phone is taken out of `2024-05-06`, and runs right after an IBAN-like prefix
 * (`DE89 `) are skipped.
 */
import { contextBefore, isDigit, isWordChar } from './text-context.js';
import type { Emit } from './types.js';

const RUN = /(?<![\w+.\-/])(?:\+|(?=\(?\d))[\d ().-]{6,30}/g;
const PHONE_WORDS =
  /(?<![A-Za-z])(?:phone|tel|mobile|mob|cell|call|text|sms|whats ?app|fax|contact|reach|ring|dial|telefon|handy|t[ée]l[ée]phone|portable|m[óo]vil|tel[ée]fono|telefone|celular|電話|携帯|手机)\W{0,12}(?:\w+\W{1,3}){0,3}$/i;
const IBAN_PREFIX = /[A-Z]{2}\d{2}(?: [A-Z0-9]{4}){0,8} $/;

interface Group {
  digits: string;
  /** Offset of the first digit, or of `(` for a parenthesised group. */
  start: number;
  end: number;
  /** Separator before this group: '', ' ', '-', '.', or '(' for a parenthesised group. */
  sep: string;
}

function splitGroups(run: string, offset: number): Group[] {
  const groups: Group[] = [];
  let sep = '';
  let i = 0;
  while (i < run.length) {
    const c = run[i] as string;
    if (c === '(') {
      const close = run.indexOf(')', i);
      const inner = close === -1 ? '' : run.slice(i + 1, close);
      if (!/^\d{1,5}$/.test(inner) || plain(sep).length > 1) break;
      groups.push({ digits: inner, start: offset + i, end: offset + close + 1, sep: `${sep}(` });
      i = close + 1;
      sep = ')';
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i;
      while (j < run.length && isDigit(run, j)) j++;
      groups.push({ digits: run.slice(i, j), start: offset + i, end: offset + j, sep });
      i = j;
      sep = '';
      continue;
    }
    // Two separators in a row (or a stray parenthesis) end the number.
    if (c === ')' || plain(sep) !== '') break;
    sep += c;
    i++;
  }
  return groups;
}

/** A group's separator without parentheses: '', ' ', '-' or '.'. */
const plain = (sep: string) => sep.replace(/[()]/g, '');

const nanp = (d: string) => d.length === 10 && d[0]! >= '2' && d[3]! >= '2';

function international(gs: Group[], plus: boolean): boolean {
  const first = gs[0]!;
  const cc = plus ? first.digits : first.digits.slice(2);
  if (!plus && (!first.digits.startsWith('00') || cc.length === 0)) return false;
  let digits = cc;
  for (let k = 1; k < gs.length; k++) {
    const g = gs[k]!;
    if (k === 1 && g.sep.includes('(') && g.digits === '0') continue;
    if (g.digits.length > 10) return false;
    digits += g.digits;
  }
  if (cc.startsWith('0') || (cc.length > 3 && gs.length > 1)) return false;
  // `+3.1415926535` is a number with a sign and a decimal point, not a phone.
  if (gs.length < 3 && gs.some((g) => g.sep === '.')) return false;
  if (digits.startsWith('1')) return digits.length === 11 && nanp(digits.slice(1));
  return digits.length >= 8 && digits.length <= 15;
}

function northAmerican(gs: Group[]): boolean {
  const lens = gs.map((g) => g.digits.length).join(',');
  const seps = gs.map((g) => g.sep);
  const digits = gs.map((g) => g.digits).join('');
  if (lens === '3,3,4' && seps[0]!.includes('(')) return nanp(digits) && plain(seps[1]!) !== '.';
  if (lens === '3,3,4') return seps[1] === seps[2] && nanp(digits);
  if (lens === '1,3,3,4')
    return gs[0]!.digits === '1' && seps[1] === seps[2] && seps[2] === seps[3] && nanp(digits.slice(1));
  return false;
}

function areaInParens(gs: Group[]): boolean {
  const n = gs.map((g) => g.digits).join('').length;
  return gs[0]!.sep.includes('(') && gs[0]!.digits[0] !== '0' && gs.length >= 2 && gs.length <= 4 && n >= 10 && n <= 11;
}

/** A trunk-prefixed area code in parentheses: `(09927) 6537551`, `(0161) 496 0000`, `(020) 7946-0958`. */
function trunkInParens(gs: Group[]): boolean {
  const first = gs[0]!;
  if (!first.sep.includes('(') || !/^0\d{1,4}$/.test(first.digits) || gs.length < 2 || gs.length > 4) return false;
  if (gs.slice(1).some((g) => g.digits.length < 2 || g.sep === '.')) return false;
  const n = gs.reduce((sum, g) => sum + g.digits.length, 0);
  return n >= 9 && n <= 13;
}

/**
 * Nine-digit national numbers without a trunk prefix, grouped the way they are dialled in Spain,
 * Portugal and Scandinavia: `974 33 68 68`, `91 234 56 78`, `612 34 56 78` (spaces; the digit pairs
 * set them apart from a number with thousands separators).
 */
function pairedNational(gs: Group[]): boolean {
  const lens = gs.map((g) => g.digits.length).join(',');
  if (lens !== '3,2,2,2' && lens !== '2,3,2,2') return false;
  return gs.slice(1).every((g) => g.sep === ' ') && gs[0]!.digits[0] !== '0';
}

function trunk(gs: Group[], next: Group | undefined): boolean {
  const first = gs[0]!;
  if (gs.length < 2 || !/^0[1-9]\d{0,3}$/.test(first.digits)) return false;
  const sep = gs[1]!.sep;
  if (!gs.slice(1).every((g) => g.sep === sep && g.digits.length >= 2 && g.digits.length <= 8)) return false;
  // 3-2-4 with hyphens is the SSN layout, not a phone.
  if (sep === '-' && gs.map((g) => g.digits.length).join(',') === '3,2,4') return false;
  const n = gs.reduce((sum, g) => sum + g.digits.length, 0);
  // All pairs is the French layout (`06 12 34 56 78`): exactly five; six pairs is a hex dump.
  if (gs.every((g) => g.digits.length === 2)) return gs.length === 5 && next?.digits.length !== 2;
  // German area codes run to five digits with the trunk 0, then up to eight more: `07352 43634749`.
  if (gs.length === 2 && first.digits.length >= 4 && sep === ' ') return n >= 9 && n <= 13;
  return n >= 9 && n <= 12;
}

function withContext(text: string, gs: Group[]): boolean {
  const n = gs.reduce((sum, g) => sum + g.digits.length, 0);
  if (gs.some((g) => g.sep === '.' || g.digits.length < 2)) return false;
  return n >= 9 && n <= 13 && contextBefore(text, gs[0]!.start, PHONE_WORDS, 48);
}

export function detectPhones(text: string, emit: Emit): void {
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m !== null; m = RUN.exec(text)) {
    const plus = m[0].startsWith('+');
    const body = plus ? m[0].slice(1) : m[0];
    const gs = splitGroups(body, m.index + (plus ? 1 : 0));
    if (gs.length === 0 || IBAN_PREFIX.test(text.slice(Math.max(0, m.index - 45), m.index))) continue;
    const found = bestRange(text, gs, plus);
    if (found) emit('phone', found[0], found[1]);
    // Resume after the phone (a second one may follow after a space) or after the run's last
    // group, so a trailing separator can start the next run.
    RUN.lastIndex = Math.max(m.index + 1, found ? found[1] : gs.at(-1)!.end);
  }
}

/**
 * The longest range of groups, from the first, with a phone shape. Starting later is not allowed:
 * inside a longer space-separated number (a tracking number, an IBAN body) any window of groups
 * could pass for a national number.
 */
function bestRange(text: string, gs: Group[], plus: boolean): [number, number] | null {
  // No layout has more than three one-digit groups (`+1`, `+33 6`, `(0)`); `1 2 3 4 5` is a list.
  if (gs.filter((g) => g.digits.length === 1).length > 3) return null;
  const start = plus ? gs[0]!.start - 1 : gs[0]!.start;
  for (let j = gs.length - 1; j >= 0; j--) {
    if (j < gs.length - 1 && gs[j + 1]!.sep.replace('(', '') !== ' ') continue;
    const range = gs.slice(0, j + 1);
    const end = range.at(-1)!.end;
    if (!boundaryOk(text, end)) continue;
    const ok = plus
      ? international(range, true)
      : international(range, false) ||
        northAmerican(range) ||
        areaInParens(range) ||
        trunkInParens(range) ||
        pairedNational(range) ||
        trunk(range, gs[j + 1]) ||
        withContext(text, range);
    if (ok) return [start, end];
  }
  return null;
}

/** The number must not run on into a word, or into more digits after `-`, `.` or `/`. */
function boundaryOk(text: string, end: number): boolean {
  if (isWordChar(text, end)) return false;
  const next = text[end];
  return !((next === '-' || next === '.' || next === '/') && isDigit(text, end + 1));
}
