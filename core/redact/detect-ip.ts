/**
 * IPv4 and IPv6 addresses. One linear regex takes each maximal run of hex digits, dots and colons
 * (starting at a boundary); the run is then parsed by hand.
 *
 * Decisions:
 * - A dotted quad with valid octets is an address, except right after a version or section marker
 *   (`v1.2.3.4`, `version 1.2.3.4`, `build: 1.2.3.4`, `section 4.2.2.13`, `OID 1.3.101.110`); three-part versions (`1.2.3`) and OIDs
 *   (`1.3.6.1.4.1`) never parse as addresses.
 * - Unspecified, loopback and broadcast addresses (`0.0.0.0`, `127.0.0.1`, `::`, `::1`,
 *   `255.255.255.255`) identify nobody and are kept. Private ranges are redacted (they reveal
 *   internal topology).
 * - IPv6 needs eight groups, or `::` with at least two groups, and at least one decimal digit, so
 *   `std::vector`, `dead::beef`, times (`12:30:45`) and MAC addresses do not parse.
 */
import { contextBefore, matchAll } from './text-context.js';
import type { Emit } from './types.js';

const RUN = /(?<![\w:.])[0-9A-Fa-f:.]{2,}/g;
const NOT_AN_ADDRESS_BEFORE =
  /(?:\bv|\bver\.?|\bversion|\brelease|\bbuild|\bsection|\bsect\.|§|\brfc ?\d+|\boid)\s*[:=(]?\s*$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const KEEP = new Set(['0.0.0.0', '127.0.0.1', '255.255.255.255', '::', '::1']);

export function detectIps(text: string, emit: Emit): void {
  for (const m of matchAll(text, RUN)) {
    if (m[0].length > 60) continue;
    const run = m[0].replace(/[.:]+$/, '');
    const next = text[m.index + m[0].length];
    if (next !== undefined && /[\w]/.test(next)) continue;
    const span = addressSpan(run);
    if (span === null) continue;
    const value = run.slice(0, span);
    if (KEEP.has(value.toLowerCase())) continue;
    if (!value.includes(':') && contextBefore(text, m.index, NOT_AN_ADDRESS_BEFORE, 16)) continue;
    emit('ip', m.index, m.index + span);
  }
}

/** Length of the address at the start of `run` (the whole run, or the host part of `host:port`). */
function addressSpan(run: string): number | null {
  if (IPV4.test(run)) return run.length;
  const port = /^(.+):\d{1,5}$/.exec(run);
  if (port && IPV4.test(port[1]!)) return port[1]!.length;
  if (isIpv6(run)) return run.length;
  return null;
}

export function isIpv6(candidate: string): boolean {
  if (!candidate.includes(':') || !/\d/.test(candidate) || candidate.length > 45) return false;
  const lastColon = candidate.lastIndexOf(':');
  const tail = candidate.slice(lastColon + 1);
  let body = candidate;
  if (tail.includes('.')) {
    // An embedded IPv4 tail (`::ffff:192.0.2.1`) stands for two groups.
    if (!IPV4.test(tail)) return false;
    body = `${candidate.slice(0, lastColon + 1)}0:0`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((s) => (s === '' ? [] : s.split(':')));
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  if (halves.length === 1) return groups.length === 8;
  return groups.length < 8 && groups.length >= 2;
}

/** Lowercase, fully expanded IPv6 (so `2001:db8::1` and `2001:DB8:0::1` compare equal); IPv4 as is. */
export function canonicalIp(value: string): string {
  if (!value.includes(':')) return value;
  const lower = value.toLowerCase();
  if (lower.includes('.')) return lower;
  const [head = '', tail] = lower.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - h.length - t.length }, () => '0');
  return [...h, ...zeros, ...t].map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}
