/**
 * Generators of realistic personal data for the test corpus. The check digits are computed here,
 * independently of the detector's validators, so a bug in one does not hide in the other.
 */
import { type Rng, UPPER_ALNUM } from './corpus-rng.js';

const FIRST = ['jane', 'john', 'maria', 'jose', 'li', 'aisha', 'lukas', 'chloe', 'ahmed', 'sofia', 'wei', 'olga'];
const FIRST2 = ['tom', 'priya', 'mateo', 'emma', 'noah', 'yuki', 'fatima', 'lars', 'ines', 'kwame', 'anna', 'raj'];
const LAST = ['doe', 'smith', 'garcia', 'muller', 'chen', 'okafor', 'rossi', 'dubois', 'nakamura', 'kowalski'];
const LAST2 = ['silva', 'johansson', 'patel', 'nguyen', 'obrien', 'schmidt', 'van-dijk', 'moreau', 'tanaka'];
const DOMAINS = [
  'gmail.com',
  'outlook.com',
  'yahoo.co.uk',
  'mail.example.com',
  'acme-corp.io',
  'eu.support.bigbank.de',
  'students.uni-heidelberg.de',
  'orange.fr',
  'proton.me',
  'icloud.com',
  'company.co.jp',
  'hotmail.es',
  'web.de',
  'consultancy.com.au',
  'x.dev',
  'finance.globex-holdings.com',
];

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const firstName = (rng: Rng) => rng.pick(rng.chance(0.5) ? FIRST : FIRST2);
export const lastName = (rng: Rng) => rng.pick(rng.chance(0.5) ? LAST : LAST2);

export function email(rng: Rng): string {
  const f = firstName(rng);
  const l = lastName(rng).replace('-', '');
  const local = rng.pick([
    `${f}.${l}`,
    `${f}${l[0]}`,
    `${f[0]}${l}`,
    `${f}.${l}+${rng.pick(['billing', 'news', 'evalloop', 'shop2024'])}`,
    `${f}_${l}${rng.int(10, 99)}`,
    `${cap(f)}.${cap(l)}`,
    `${f}-${l}`,
    `${l}.${f}${rng.int(1970, 2005)}`,
    `${f}`,
  ]);
  return `${local}@${rng.pick(DOMAINS)}`;
}

const d = (rng: Rng, n: number) => rng.digits(n);
const nz = (rng: Rng, n: number) => `${rng.int(1, 9)}${rng.digits(n - 1)}`;
const pairs = (rng: Rng, n: number, sep: string) => Array.from({ length: n }, () => d(rng, 2)).join(sep);

/** A phone number in one of many national and international formats. */
export function phone(rng: Rng): string {
  const area = `${rng.int(2, 9)}${rng.int(0, 8)}${rng.int(0, 9)}`;
  const exch = `${rng.int(2, 9)}${d(rng, 2)}`;
  const sub = d(rng, 4);
  const formats: (() => string)[] = [
    () => `+1 (${area}) ${exch}-${sub}`,
    () => `${area}-${exch}-${sub}`,
    () => `(${area}) ${exch}-${sub}`,
    () => `${area}.${exch}.${sub}`,
    () => `+1 ${area} ${exch} ${sub}`,
    () => `+1${area}${exch}${sub}`,
    () => `1-${area}-${exch}-${sub}`,
    () => `+1-${area}-${exch}-${sub}`,
    () => `+44 20 ${d(rng, 4)} ${d(rng, 4)}`,
    () => `+44 7${d(rng, 3)} ${d(rng, 6)}`,
    () => `020 ${d(rng, 4)} ${d(rng, 4)}`,
    () => `07${d(rng, 3)} ${d(rng, 6)}`,
    () => `+44 (0)20 ${d(rng, 4)} ${d(rng, 4)}`,
    () => `0161 ${d(rng, 3)} ${d(rng, 4)}`,
    () => `0${rng.pick(['6', '7'])} ${pairs(rng, 4, ' ')}`,
    () => `+33 ${rng.pick(['6', '7', '1'])} ${pairs(rng, 4, ' ')}`,
    () => `01.${pairs(rng, 4, '.')}`,
    () => `+49 30 ${nz(rng, rng.int(6, 8))}`,
    () => `+49 151 ${d(rng, 8)}`,
    () => `030 ${nz(rng, 7)}`,
    () => `0151 ${d(rng, 8)}`,
    () => `+49 (0)89 ${nz(rng, 7)}`,
    () => `+31 6 ${d(rng, 8)}`,
    () => `06-${d(rng, 8)}`,
    () => `+31 20 ${d(rng, 3)} ${d(rng, 4)}`,
    () => `+34 6${d(rng, 2)} ${pairs(rng, 3, ' ')}`,
    () => `+34 91 ${d(rng, 3)} ${pairs(rng, 2, ' ')}`,
    () => `+39 3${d(rng, 2)} ${d(rng, 3)} ${d(rng, 4)}`,
    () => `+91 9${d(rng, 4)} ${d(rng, 5)}`,
    () => `+91-9${d(rng, 9)}`,
    () => `+81 3-${d(rng, 4)}-${d(rng, 4)}`,
    () => `03-${d(rng, 4)}-${d(rng, 4)}`,
    () => `090-${d(rng, 4)}-${d(rng, 4)}`,
    () => `+61 2 ${d(rng, 4)} ${d(rng, 4)}`,
    () => `04${d(rng, 2)} ${d(rng, 3)} ${d(rng, 3)}`,
    () => `+55 11 9${d(rng, 4)}-${d(rng, 4)}`,
    () => `(11) 9${d(rng, 4)}-${d(rng, 4)}`,
    () => `+49 30 901820`,
  ];
  return rng.pick(formats)();
}

/** A US number without separators, which only context ("call me at") identifies as a phone. */
export const barePhone = (rng: Rng) => `${rng.int(2, 9)}${rng.int(0, 8)}${d(rng, 1)}${rng.int(2, 9)}${d(rng, 6)}`;

function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let n = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return (10 - (sum % 10)) % 10;
}

const CARD_BRANDS: [prefix: string, length: number][] = [
  ['4', 16],
  ['4', 16],
  ['51', 16],
  ['55', 16],
  ['2221', 16],
  ['2720', 16],
  ['34', 15],
  ['37', 15],
  ['6011', 16],
  ['65', 16],
  ['35', 16],
  ['36', 14],
  ['4', 19],
  ['62', 16],
];

/** Digits of a Luhn-valid card number with a real brand prefix. */
export function cardDigits(rng: Rng): string {
  const [prefix, length] = rng.pick(CARD_BRANDS);
  const payload = prefix + d(rng, length - prefix.length - 1);
  return payload + luhnCheckDigit(payload);
}

const GROUPS: Record<number, number[]> = { 14: [4, 6, 4], 15: [4, 6, 5], 16: [4, 4, 4, 4], 19: [4, 4, 4, 4, 3] };

export function formatCard(rng: Rng, digits: string): string {
  const sep = rng.pick(['', ' ', ' ', '-']);
  if (sep === '') return digits;
  const out: string[] = [];
  let at = 0;
  for (const g of GROUPS[digits.length] ?? [digits.length]) {
    out.push(digits.slice(at, at + g));
    at += g;
  }
  return out.join(sep);
}

export const card = (rng: Rng) => formatCard(rng, cardDigits(rng));

/** A card-shaped number that fails Luhn (last digit off by one). */
export function luhnInvalidCard(rng: Rng): string {
  const digits = cardDigits(rng);
  const last = (Number(digits.at(-1)) + rng.int(1, 9)) % 10;
  return formatCard(rng, digits.slice(0, -1) + last);
}

// BBAN layouts: n = digits, a = upper letters, c = upper alphanumerics.
const IBAN_LAYOUTS: Record<string, string> = {
  DE: 'n18',
  GB: 'a4 n14',
  FR: 'n10 c11 n2',
  NL: 'a4 n10',
  ES: 'n20',
  IT: 'a1 n10 c12',
  BE: 'n12',
  CH: 'n5 c12',
  AT: 'n16',
  PL: 'n24',
  IE: 'a4 n14',
  SE: 'n20',
  NO: 'n11',
};

const ibanMod97 = (s: string) => {
  let rem = 0;
  for (const ch of s) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rem = (rem * 10 + Number(digit)) % 97;
  }
  return rem;
};

export function ibanCompact(rng: Rng, valid = true): string {
  const country = rng.pick(Object.keys(IBAN_LAYOUTS));
  let bban = '';
  for (const part of (IBAN_LAYOUTS[country] ?? '').split(' ')) {
    const n = Number(part.slice(1));
    if (part[0] === 'n') bban += d(rng, n);
    else if (part[0] === 'a') bban += rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', n);
    else bban += rng.chars(UPPER_ALNUM, n);
  }
  let check = 98 - ibanMod97(`${bban}${country}00`);
  if (!valid) check = ((check + rng.int(1, 50) - 2) % 97) + 2;
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

export const groupIban = (compact: string) => compact.replace(/(.{4})(?=.)/g, '$1 ');

export function iban(rng: Rng): string {
  const compact = ibanCompact(rng);
  return rng.chance(0.55) ? groupIban(compact) : compact;
}

/** A US SSN that passes the SSA rules (area not 000/666/9xx, group not 00, serial not 0000). */
export function ssnParts(rng: Rng): [string, string, string] {
  let area = rng.int(1, 899);
  if (area === 666) area = 665;
  return [
    String(area).padStart(3, '0'),
    String(rng.int(1, 99)).padStart(2, '0'),
    String(rng.int(1, 9999)).padStart(4, '0'),
  ];
}

export const ssn = (rng: Rng) => ssnParts(rng).join(rng.chance(0.85) ? '-' : ' ');

export function invalidSsn(rng: Rng): string {
  const [a, g, s] = ssnParts(rng);
  return rng.pick([`000-${g}-${s}`, `666-${g}-${s}`, `9${d(rng, 2)}-${g}-${s}`, `${a}-00-${s}`, `${a}-${g}-0000`]);
}

const NINO_FIRST = 'ABCEGHJKLMNOPRSTWXYZ';
const NINO_SECOND = 'ABCEGHJKLMNPRSTWXYZ';

export function nino(rng: Rng): string {
  let prefix = 'BG';
  while (['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(prefix)) {
    prefix = rng.chars(NINO_FIRST, 1) + rng.chars(NINO_SECOND, 1);
  }
  const digits = d(rng, 6);
  const suffix = rng.chars('ABCD', 1);
  return rng.chance(0.5) ? `${prefix} ${digits.replace(/(\d\d)(?=\d)/g, '$1 ')} ${suffix}` : prefix + digits + suffix;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

export function dni(rng: Rng): string {
  const n = d(rng, 8);
  return n + DNI_LETTERS[Number(n) % 23];
}

export function nie(rng: Rng): string {
  const lead = rng.pick(['X', 'Y', 'Z']);
  const n = d(rng, 7);
  return lead + n + DNI_LETTERS[Number(`${'XYZ'.indexOf(lead)}${n}`) % 23];
}

/** A Dutch BSN: nine digits passing the 11-proof. */
export function bsn(rng: Rng): string {
  for (;;) {
    const head = nz(rng, 8);
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(head[i]) * (9 - i);
    const last = sum % 11;
    if (last < 10) return head + last;
  }
}

const V_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const V_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const V_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** An Indian Aadhaar number (12 digits, first 2-9, Verhoeff check digit), printed in groups of four. */
export function aadhaar(rng: Rng): string {
  const payload = `${rng.int(2, 9)}${d(rng, 10)}`;
  let c = 0;
  const digits = [...payload].reverse();
  for (let i = 0; i < digits.length; i++) c = V_D[c]![V_P[(i + 1) % 8]![Number(digits[i])]!]!;
  const full = payload + V_INV[c];
  return full.replace(/(\d{4})(?=\d)/g, '$1 ');
}
