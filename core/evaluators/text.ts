/** Small text helpers shared by the evaluator kinds' explanations. */

/** A short quotable form of `text`: whitespace collapsed, cut to `max` characters with an ellipsis. */
export const snippet = (text: string, max = 60): string => {
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const flat = head.replace(/\s+/g, ' ').trim();
  if (flat.length <= max && head.length === text.length) return JSON.stringify(flat);
  return JSON.stringify(
    `${Array.from(flat)
      .slice(0, max - 1)
      .join('')}…`,
  );
};

/** `1 call`, `3 calls`. */
export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** The first `max` problems joined with `separator`, and how many more there were. */
export const listProblems = (problems: string[], max = 3, separator = '; '): string => {
  const shown = problems.slice(0, max).join(separator);
  return problems.length > max ? `${shown}${separator}and ${problems.length - max} more` : shown;
};

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Counts Unicode code points: an emoji is one character, not two UTF-16 units. */
export const codePointLength = (text: string): number => {
  let n = text.length;
  SURROGATE_PAIR.lastIndex = 0;
  while (SURROGATE_PAIR.test(text)) n--;
  return n;
};
