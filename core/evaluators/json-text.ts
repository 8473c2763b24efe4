/** Parsing model-produced JSON (outputs, tool-call arguments) without letting odd text throw. */

export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: string };

const FENCED = /^\s*```[a-zA-Z]*\s*\n[\s\S]*\n\s*```\s*$/;

/**
 * Parses `text` as JSON. Text that cannot start a JSON value (prose, a ```json fence) is rejected
 * before calling JSON.parse, which keeps the common failure cheap and its explanation specific.
 * A fenced block is not unwrapped: a consumer calling JSON.parse on the output would fail too.
 */
export const parseJsonText = (text: string): ParsedJson => {
  let i = 0;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  if (i === text.length) return { ok: false, error: 'is empty' };
  const first = text.charCodeAt(i);
  if (first === 0x60 && FENCED.test(text)) {
    return { ok: false, error: 'is a ``` fenced code block, not bare JSON' };
  }
  if (!canStartJson(first)) return { ok: false, error: `is not JSON (it starts with ${startOf(text, i)})` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: `is not valid JSON (${(err as Error).message.slice(0, 120)})` };
  }
};

const isJsonSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

// { [ " - 0-9 t f n
const canStartJson = (c: number) =>
  c === 0x7b ||
  c === 0x5b ||
  c === 0x22 ||
  c === 0x2d ||
  (c >= 0x30 && c <= 0x39) ||
  c === 0x74 ||
  c === 0x66 ||
  c === 0x6e;

const startOf = (text: string, from: number) => {
  const head = Array.from(text.slice(from, from + 40))
    .slice(0, 20)
    .join('');
  return JSON.stringify(head.length < text.length - from ? `${head}…` : head);
};

/**
 * A tool call's arguments as a value: null when none were recorded (nothing to check), `{}` for
 * blank arguments (how providers send a call without parameters), else parsed.
 */
export const parseToolArguments = (args: string | null | undefined): ParsedJson | null => {
  if (args === null || args === undefined) return null;
  if (args.trim() === '') return { ok: true, value: {} };
  return parseJsonText(args);
};
