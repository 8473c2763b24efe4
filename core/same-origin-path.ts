/** The base the helper resolves against: any origin works, only the path part is ever returned. */
const BASE = 'http://evalloop.invalid';

// C0 controls, DEL, and the Unicode line/paragraph separators: browsers strip or split on them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: exactly these characters are the point
const UNSAFE = /[\u0000-\u001f\u007f\u2028\u2029\\]/;

/**
 * A redirect target or back link that stays on this site: `next` if it is a path on our own
 * origin, else `fallback`. The value is parsed as a browser would (`new URL(next, base)`), so
 * tricks like `/%09/evil`, `/\\evil`, `//evil` or `javascript:` that a prefix check lets through
 * are refused; control characters and backslashes are refused outright. The result is the
 * parsed URL's own serialization (path, query, fragment), which is safe to put in a header.
 */
export const sameOriginPath = (next: unknown, fallback = '/'): string => {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2048) return fallback;
  if (!next.startsWith('/') || UNSAFE.test(next)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return fallback;
  }
  // A percent-encoded control character or backslash is refused as well: some hop may decode it.
  if (UNSAFE.test(decoded) || decoded.startsWith('//')) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil` normalizes to `//evil`, which a browser reads as another host.
  if (!path.startsWith('/') || path.startsWith('//')) return fallback;
  return path;
};
