// U+0000 cannot be stored in Postgres text or jsonb; an odd run of backslashes before `u0000` is an escape.
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;
// Lone UTF-16 surrogates (legal in JSON text, rejected by Postgres).
const LONE_SURROGATE = /(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|d[c-f][0-9a-f]{2})/gi;

/**
 * JSON text Postgres accepts for `json`/`jsonb`: NUL characters and lone surrogates (which
 * instrumented apps do send) become U+FFFD instead of failing the whole batch.
 */
export const toPostgresJson = (value: unknown): string => {
  let text = JSON.stringify(value);
  if (text.includes('\\u0000')) text = text.replace(NUL_ESCAPE, '$1\\ufffd');
  if (text.includes('\\u') && /\\u[dD][89a-fA-F]/.test(text)) text = fixLoneSurrogates(text);
  return text;
};

const fixLoneSurrogates = (text: string) =>
  text.replace(LONE_SURROGATE, (match, slashes: string, code: string, offset: number, whole: string) => {
    // A high surrogate preceded by nothing special but followed by a low one is a valid pair.
    if (/^d[89ab]/i.test(code)) return `${slashes}\\ufffd`;
    // A low surrogate is valid only right after a high one.
    const before = whole.slice(Math.max(0, offset - 6), offset);
    return /\\ud[89ab][0-9a-f]{2}$/i.test(before) ? match : `${slashes}\\ufffd`;
  });
