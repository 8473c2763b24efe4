/**
 * `detect(text)`: every piece of personal data or secret in a text, without overlaps. Each
 * detector scans the text once with linear-time regexes or bounded hand-written walks; candidates
 * are then resolved by priority (more specific kinds first), then by length.
 */
import type { LinearRegex } from '../patterns/linear-regex.js';
import { detectEmails } from './detect-email.js';
import { detectHighEntropy } from './detect-entropy.js';
import { detectIps } from './detect-ip.js';
import { detectNationalIds } from './detect-national-id.js';
import { detectCards, detectIbans, detectSsns } from './detect-numbers.js';
import { detectPhones } from './detect-phone.js';
import { detectSecrets } from './detect-secrets.js';
import type { BuiltinKind, Detection, Detector, RedactionKind } from './types.js';

/** A project pattern, already compiled with `compileSafePattern` (on the linear-time engine). */
export interface CompiledPattern {
  kind: RedactionKind;
  regex: LinearRegex;
}

export interface DetectOptions {
  extraPatterns?: readonly CompiledPattern[];
}

const DETECTORS: readonly Detector[] = [
  detectSecrets,
  detectCards,
  detectIbans,
  detectSsns,
  detectNationalIds,
  detectEmails,
  detectPhones,
  detectIps,
  detectHighEntropy,
];

/**
 * Which candidate wins an overlap: a known secret format over anything (a JWT may contain digit
 * runs), a project's own pattern next, then checksum-verified numbers over phones (an IBAN body
 * can pass Luhn; a card is not a phone), an email over the IP or phone inside it, and generic high entropy last.
 */
const PRIORITY: Readonly<Record<BuiltinKind, number>> = {
  secret: 100,
  iban: 85,
  card: 80,
  ssn: 70,
  national_id: 65,
  email: 60,
  phone: 50,
  ip: 40,
  high_entropy: 10,
};
const EXTRA_PATTERN_PRIORITY = 90;

interface Candidate {
  kind: RedactionKind;
  start: number;
  end: number;
  priority: number;
}

export function detect(text: string, options: DetectOptions = {}): Detection[] {
  const candidates: Candidate[] = [];
  const emitBuiltin = (kind: RedactionKind, start: number, end: number) => {
    if (end > start) candidates.push({ kind, start, end, priority: PRIORITY[kind as BuiltinKind] ?? 0 });
  };
  for (const detector of DETECTORS) detector(text, emitBuiltin);
  for (const { kind, regex } of options.extraPatterns ?? []) {
    for (const m of regex.matchAll(text)) {
      if (m[0].length > 0) {
        candidates.push({ kind, start: m.index, end: m.index + m[0].length, priority: EXTRA_PATTERN_PRIORITY });
      }
    }
  }
  return resolveOverlaps(text, candidates);
}

/** Greedy by (priority, length, position); a candidate touching an accepted span is dropped. */
function resolveOverlaps(text: string, candidates: Candidate[]): Detection[] {
  if (candidates.length === 0) return [];
  candidates.sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(text.length);
  const accepted: Candidate[] = [];
  for (const c of candidates) {
    let free = true;
    for (let i = c.start; i < c.end; i++) {
      if (taken[i] === 1) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    accepted.push(c);
  }
  accepted.sort((a, b) => a.start - b.start);
  return accepted.map(({ kind, start, end }) => ({ kind, start, end, value: text.slice(start, end) }));
}
