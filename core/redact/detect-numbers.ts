/** Payment cards (Luhn + network prefix), IBANs (mod 97) and US SSNs (SSA rules). */
import { cardBrandValid, IBAN_LENGTHS, ibanValid, luhnValid, ssnValid } from './checksums.js';
import { contextBefore, isDigit, isWordChar, matchAll } from './text-context.js';
import type { Emit } from './types.js';

/** Digits with single spaces or hyphens between them; up to 25 digits, so longer numbers are seen and refused. */
const CARD_RUN = /(?<![\w.+\-/])\d(?:[ -]?\d){12,24}/g;

export function detectCards(text: string, emit: Emit): void {
  for (const m of matchAll(text, CARD_RUN)) {
    const run = m[0];
    if (run[0]! < '2' || run[0]! > '6') continue; // no card network starts with 0, 1, 7, 8 or 9
    const sep = run.match(/[ -]/)?.[0];
    // One separator style; the run may be cut back to a group boundary, but a grouped number is
    // not cut before another full group (`4105 9788 1776 5343 479` is one 19-digit number).
    for (let end = run.length; end >= 13; end--) {
      if (end < run.length && run[end] !== sep) continue;
      const candidate = run.slice(0, end);
      const atBoundary =
        end === run.length || !candidate.includes(sep as string) || /^\d{1,2}(?:\D|$)/.test(run.slice(end + 1));
      const candidateSep = sep !== undefined && candidate.includes(sep) ? sep : undefined;
      if (atBoundary && cardShape(candidate, candidateSep) && boundaryOk(text, m.index + end)) {
        const digits = candidate.replace(/[ -]/g, '');
        if (luhnValid(digits) && cardBrandValid(digits)) {
          emit('card', m.index, m.index + end);
          break;
        }
      }
    }
  }
}

function cardShape(candidate: string, sep: string | undefined): boolean {
  if (sep === undefined) return candidate.length >= 13 && candidate.length <= 19;
  if (candidate.includes(sep === ' ' ? '-' : ' ')) return false;
  const groups = candidate.split(sep);
  const n = groups.reduce((sum, g) => sum + g.length, 0);
  return n >= 13 && n <= 19 && groups[0]!.length === 4 && groups.every((g) => g.length >= 3 && g.length <= 6);
}

function boundaryOk(text: string, end: number): boolean {
  if (isWordChar(text, end)) return false;
  const next = text[end];
  return !((next === '-' || next === '.') && isDigit(text, end + 1));
}

/** A country code and two check digits at a word start; the body is walked by hand. */
const IBAN_START = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?=[ A-Z0-9])/g;

/**
 * IBANs printed compact (`DE89370400440532013000`) or in groups of four (`DE89 3704 0044 ...`).
 * The expected length comes from the country; a space is allowed only between groups of four.
 */
export function detectIbans(text: string, emit: Emit): void {
  for (const m of matchAll(text, IBAN_START)) {
    const length = IBAN_LENGTHS.get(m[0].slice(0, 2));
    if (length === undefined) continue;
    let compact = m[0];
    let i = m.index + 4;
    while (compact.length < length && i < text.length) {
      const c = text[i] as string;
      if (c === ' ' && compact.length % 4 === 0 && /[A-Z0-9]/.test(text[i + 1] ?? '')) {
        i++;
        continue;
      }
      if (!/[A-Z0-9]/.test(c)) break;
      compact += c;
      i++;
    }
    if (compact.length !== length || /[A-Za-z0-9]/.test(text[i] ?? '')) continue;
    if (ibanValid(compact)) emit('iban', m.index, i);
  }
}

const SSN = /(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w-]|[.,]\d| \d)/g;
const SSN_BARE = /(?<![\w-])(\d{3})(\d{2})(\d{4})(?![\w-]|[.,]\d)/g;
const SSN_WORDS = /\b(?:ssn|ss#|social security(?: number| no\.?)?|soc\.? sec\.?)\W{0,12}(?:\w+\W{1,3}){0,2}$/i;

/** `123-45-6789` / `123 45 6789` anywhere; nine bare digits only right after "SSN" or "social security". */
export function detectSsns(text: string, emit: Emit): void {
  for (const m of matchAll(text, SSN)) {
    if (m[2] === ' ' && /\d $/.test(text.slice(Math.max(0, m.index - 2), m.index))) continue;
    if (ssnValid(m[1]!, m[3]!, m[4]!)) emit('ssn', m.index, m.index + m[0].length);
  }
  for (const m of matchAll(text, SSN_BARE)) {
    if (ssnValid(m[1]!, m[2]!, m[3]!) && contextBefore(text, m.index, SSN_WORDS, 48)) {
      emit('ssn', m.index, m.index + m[0].length);
    }
  }
}
