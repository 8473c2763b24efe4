/** How detected values are compared (for consistent placeholders and the allowlist) and labelled. */
import { canonicalIp } from './detect-ip.js';
import type { RedactionKind } from './types.js';

/**
 * The form two values are compared in: emails case-insensitively (and `%40` as `@`); phones, cards and SSNs by
 * digits (a phone's `00` international prefix and NANP country code `1` dropped, so
 * `+1 (415) 555-0132` and `415-555-0132` are the same number); IBANs and national ids without
 * spaces, uppercase; IPv6 expanded; names and addresses case-insensitively with runs of whitespace as one space. Secrets and extra kinds compare exactly.
 */
export function normalizeValue(kind: RedactionKind, value: string): string {
  switch (kind) {
    case 'email':
      return value.replace(/%40/gi, '@').replace(/%2b/gi, '+').toLowerCase();
    case 'phone': {
      let digits = value.replace(/\(0\)/, '').replace(/\D/g, '');
      if (digits.startsWith('00')) digits = digits.slice(2);
      if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
      return digits;
    }
    case 'card':
    case 'ssn':
      return value.replace(/\D/g, '');
    case 'iban':
    case 'national_id':
      return value.replace(/[\s-]/g, '').toUpperCase();
    case 'ip':
      return canonicalIp(value);
    case 'name':
    case 'address':
      return value.normalize('NFC').replace(/\s+/g, ' ').toLowerCase();
    default:
      return value;
  }
}

const LABELS: ReadonlyMap<string, string> = new Map([
  ['email', 'EMAIL'],
  ['phone', 'PHONE'],
  ['card', 'CARD'],
  ['iban', 'IBAN'],
  ['ssn', 'SSN'],
  ['national_id', 'NATIONAL_ID'],
  ['ip', 'IP'],
  ['secret', 'SECRET'],
  ['high_entropy', 'SECRET'],
  ['name', 'NAME'],
  ['address', 'ADDRESS'],
]);

/** Placeholder label: `<EMAIL_1>`; high-entropy tokens share SECRET; extra kinds are uppercased. */
export const placeholderLabel = (kind: RedactionKind): string => LABELS.get(kind) ?? kind.toUpperCase();
