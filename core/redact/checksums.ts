/** Check-digit and validity rules for structured identifiers. Inputs are already compacted. */

/** Luhn (mod 10) over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * Card-network prefixes (IIN ranges) with their lengths. A Luhn-valid number outside these ranges is
 * more likely an order number or a millisecond timestamp than a card.
 */
export function cardBrandValid(digits: string): boolean {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p4 = Number(digits.slice(0, 4));
  if (digits[0] === '4') return n === 13 || n === 16 || n === 19;
  if (p2 >= 51 && p2 <= 55) return n === 16;
  if (p4 >= 2221 && p4 <= 2720) return n === 16;
  if (p2 === 34 || p2 === 37) return n === 15;
  if (p2 === 36 || p2 === 38 || (p4 >= 3000 && p4 <= 3059)) return n >= 14 && n <= 19;
  if (p2 === 35) return n >= 16 && n <= 19;
  if (digits[0] === '6') return n >= 16 && n <= 19;
  if (p2 === 50 || (p2 >= 56 && p2 <= 58)) return n >= 12 && n <= 19;
  return false;
}

/** IBAN length per country (SWIFT IBAN registry). */
export const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  [
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29',
    'ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20',
    'LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29',
    'RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20',
  ]
    .join(' ')
    .split(' ')
    .map((e): [string, number] => [e.slice(0, 2), Number(e.slice(2))]),
);

/** ISO 13616 mod-97 check over an uppercase compact IBAN of the right length for its country. */
export function ibanValid(compact: string): boolean {
  if (IBAN_LENGTHS.get(compact.slice(0, 2)) !== compact.length) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

/** SSA rules: area not 000, 666 or 900-999; group not 00; serial not 0000. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

const NINO_BAD_PREFIXES = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

/**
 * UK National Insurance number, compact: two prefix letters, six digits, suffix A-D. HMRC's
 * specimen prefix `QQ` (never issued, but what forms and test data use) is accepted too.
 */
export function ninoValid(compact: string): boolean {
  if (/^QQ\d{6}[A-D]$/.test(compact)) return true;
  return /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(compact) && !NINO_BAD_PREFIXES.has(compact.slice(0, 2));
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter), mod-23 check letter. */
export function dniValid(compact: string): boolean {
  const m = /^([XYZ]\d{7}|\d{8})([A-Z])$/.exec(compact);
  if (!m) return false;
  const body = m[1]!.replace(/^[XYZ]/, (x) => String('XYZ'.indexOf(x)));
  return DNI_LETTERS[Number(body) % 23] === m[2];
}

/** Dutch BSN: nine digits passing the 11-proof (weights 9..2, last digit -1). */
export function bsnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || digits[0] === '0') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  return (sum - Number(digits[8])) % 11 === 0;
}

const VERHOEFF_D = [
  '0123456789',
  '1234067895',
  '2340178956',
  '3401289567',
  '4012395678',
  '5987604321',
  '6598710432',
  '7659821043',
  '8765932104',
  '9876543210',
];
const VERHOEFF_P = [
  '0123456789',
  '1576283094',
  '5803796142',
  '8916043527',
  '9453126870',
  '4286573901',
  '2793806415',
  '7046913258',
];

/** Indian Aadhaar: 12 digits, first digit 2-9, Verhoeff check digit. */
export function aadhaarValid(digits: string): boolean {
  if (!/^[2-9]\d{11}$/.test(digits)) return false;
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    const p = VERHOEFF_P[i % 8]!.charCodeAt(d) - 48;
    c = VERHOEFF_D[c]!.charCodeAt(p) - 48;
  }
  return c === 0;
}
