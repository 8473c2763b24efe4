/** Small helpers for looking at the text around a candidate without unbounded work. */

/** Whether `pattern` matches within the `window` characters before `start`. */
export function contextBefore(text: string, start: number, pattern: RegExp, window = 40): boolean {
  return pattern.test(text.slice(Math.max(0, start - window), start));
}

const WORD = /[\p{L}\p{N}_]/u;

/** Whether the character at `index` is a letter, digit or underscore (false outside the text). */
export function isWordChar(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  return WORD.test(text[index] as string);
}

export const isDigit = (text: string, index: number) => {
  const c = text.charCodeAt(index);
  return c >= 48 && c <= 57;
};

/** Every match of a global regex, with a guard against zero-length matches looping forever. */
export function* matchAll(text: string, pattern: RegExp): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0].length === 0) pattern.lastIndex++;
    yield m;
  }
}

/** Values that are placeholders, masks or references rather than a real secret. */
export function isPlaceholder(value: string): boolean {
  return (
    /^(?:null|none|nil|undefined|true|false|yes|no|n\/a|empty|redacted|hidden|removed|secret|password|changeme|example|string|required|optional|bearer|token)$/i.test(
      value,
    ) ||
    /^[*x•._#-]+$/i.test(value) ||
    /^<[^>]*>$|^\[[^\]]*\]$|^\{\{.*\}\}$|^%\(?\w+\)?s?$/.test(value) ||
    /^\$\{?[A-Za-z_][\w.]*\}?$/.test(value) ||
    /^[A-Z][A-Z0-9_]*$/.test(value) ||
    /^(?:process\.env|os\.environ|env|config|settings|secrets|vault)\b/i.test(value) ||
    /^(?:your|my|the|some|an?)[_-]/i.test(value) ||
    /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value) ||
    /\($/.test(value)
  );
}
