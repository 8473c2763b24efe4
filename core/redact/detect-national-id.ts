/**
 * National identity numbers other than the US SSN, each checksum- or rule-verified:
 * - UK National Insurance number (`QQ 12 34 56 C`, prefix rules);
 * - Spanish DNI / NIE (`12345678Z`, `X1234567L`, mod-23 letter);
 * - Dutch BSN (nine digits, 11-proof) only after "BSN" / "burgerservicenummer" / "sofinummer",
 *   because one in eleven random nine-digit numbers passes the check;
 * - Indian Aadhaar (12 digits, Verhoeff) printed `2345 6789 0123`, or bare after "Aadhaar".
 */
import { aadhaarValid, bsnValid, dniValid, ninoValid } from './checksums.js';
import { contextBefore, matchAll } from './text-context.js';
import type { Emit } from './types.js';

const NINO = /(?<![A-Za-z0-9])[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g;
const DNI = /(?<![A-Za-z0-9])(?:[XYZ]-?\d{7}|\d{8})-?[A-Z](?![A-Za-z0-9])/g;
const NINE_DIGITS = /(?<![\w.-])\d{9}(?![\w-]|[.,]\d)/g;
const BSN_WORDS = /\b(?:bsn|burgerservicenummer|sofi-?nummer)\W{0,12}(?:\w+\W{1,3}){0,2}$/i;
const AADHAAR_GROUPED = /(?<![\w-]|\d )[2-9]\d{3}([ -])\d{4}\1\d{4}(?![\w-]| \d)/g;
const AADHAAR_BARE = /(?<![\w.-])[2-9]\d{11}(?![\w-]|[.,]\d)/g;
const AADHAAR_WORDS = /(?:aadhaa?r|uidai|आधार)\W{0,12}(?:\w+\W{1,3}){0,2}$/i;

export function detectNationalIds(text: string, emit: Emit): void {
  for (const m of matchAll(text, NINO)) {
    if (ninoValid(m[0].replace(/ /g, ''))) emit('national_id', m.index, m.index + m[0].length);
  }
  for (const m of matchAll(text, DNI)) {
    if (dniValid(m[0].replace(/-/g, ''))) emit('national_id', m.index, m.index + m[0].length);
  }
  for (const m of matchAll(text, NINE_DIGITS)) {
    if (bsnValid(m[0]) && contextBefore(text, m.index, BSN_WORDS, 48)) {
      emit('national_id', m.index, m.index + m[0].length);
    }
  }
  for (const m of matchAll(text, AADHAAR_GROUPED)) {
    if (aadhaarValid(m[0].replace(/[ -]/g, ''))) emit('national_id', m.index, m.index + m[0].length);
  }
  for (const m of matchAll(text, AADHAAR_BARE)) {
    if (aadhaarValid(m[0]) && contextBefore(text, m.index, AADHAAR_WORDS, 48)) {
      emit('national_id', m.index, m.index + m[0].length);
    }
  }
}
