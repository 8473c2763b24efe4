/**
 * Email addresses, also percent-encoded in URLs (`jane.doe%40example.com`). The scan is anchored on
 * each `@` / `%40` and walks outwards with bounded steps, so a megabyte without `@` costs one
 * regex pass and a megabyte of `@` costs a constant per `@`.
 */
import type { Emit } from './types.js';

const MAX_LOCAL = 64;
/** Domain labels (1-63 chars, no leading/trailing hyphen), at most 10, then a letters-only TLD. */
const DOMAIN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,10}[A-Za-z]{2,24}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/y;
/** Image-asset suffixes (`icon@2x.png`) are not top-level domains. */
const ASSET_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'bmp', 'tif', 'tiff', 'avif']);

const isLocalChar = (c: number) =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 48 && c <= 57) ||
  c === 46 || // .
  c === 95 || // _
  c === 37 || // %
  c === 43 || // +
  c === 45; // -

const AT = /@|%40/gi;

export function detectEmails(text: string, emit: Emit): void {
  AT.lastIndex = 0;
  for (let m = AT.exec(text); m !== null; m = AT.exec(text)) {
    const at = m.index;
    const domainStart = at + m[0].length;
    let start = at;
    while (start > 0 && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
    if (start > 0 && isLocalChar(text.charCodeAt(start - 1))) continue; // local part longer than allowed
    while (start < at && '.+-'.includes(text[start] as string)) start++;
    if (start === at || text[at - 1] === '.') continue;
    DOMAIN.lastIndex = domainStart;
    const domain = DOMAIN.exec(text)?.[0];
    if (domain === undefined) continue;
    const end = domainStart + domain.length;
    const tld = domain.slice(domain.lastIndexOf('.') + 1).toLowerCase();
    if (ASSET_TLDS.has(tld)) continue;
    if (isUrlUserinfo(text, start)) continue;
    if (text.slice(start, at) === 'git' && text[end] === ':') continue; // scp-style git remote
    emit('email', start, end);
  }
}

/** `scheme://user@host` or `scheme://user:pass@host`: the part before `@` is a login, not a mailbox. */
function isUrlUserinfo(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 80), start);
  const scheme = before.lastIndexOf('://');
  if (scheme === -1) return false;
  return !/[\s/"'<>]/.test(before.slice(scheme + 3));
}
