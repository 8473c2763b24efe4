/** Readable text of a value another tool stored as "any JSON" (a message list, an inputs map, a string). */
type Json = unknown;

const obj = (v: Json): Record<string, Json> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>) : null;

/** The text of a message's content: a string, or the text parts of a part list. */
const contentText = (content: Json): string | null => {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts = content
      .map((p) => (typeof p === 'string' ? p : (obj(p)?.text ?? obj(p)?.content)))
      .filter((t): t is string => typeof t === 'string');
    return parts.length ? parts.join('\n') : null;
  }
  return null;
};

/** A message's role and content in the shapes the common SDKs export (OpenAI, LangChain serialized, Phoenix). */
export const readMessage = (m: Json): { role: string; content: string } | null => {
  const o = obj(m);
  if (!o) return null;
  const inner = obj(o.message);
  if (inner) return readMessage(inner);
  const kwargs = obj(o.kwargs);
  if (kwargs && Array.isArray(o.id)) {
    const cls = String(o.id.at(-1) ?? '');
    const role = /Human/.test(cls) ? 'user' : /System/.test(cls) ? 'system' : /Tool/.test(cls) ? 'tool' : 'assistant';
    const content = contentText(kwargs.content);
    return content === null ? null : { role, content };
  }
  const role = typeof o.role === 'string' ? o.role : typeof o.type === 'string' ? o.type : null;
  const content = contentText(o.content);
  if (!role || content === null) return null;
  return { role: role === 'human' ? 'user' : role === 'ai' ? 'assistant' : role, content };
};

/** The messages of a list (LangSmith nests chat inputs one level deeper: [[...]]). */
export const readMessages = (v: Json): { role: string; content: string }[] => {
  const list = Array.isArray(v) && v.length === 1 && Array.isArray(v[0]) ? v[0] : v;
  return Array.isArray(list) ? list.map(readMessage).filter((m) => m !== null) : [];
};

const KEYS = [
  'messages',
  'input',
  'question',
  'query',
  'prompt',
  'text',
  'content',
  'output',
  'answer',
  'response',
  'result',
];

/**
 * The text a reviewer should read for an input or output: a string as is (a JSON string is read
 * as JSON), a message list as its last user message (`pick: 'last-user'`) or last message, an
 * object by its usual keys, a single-key object by its value; anything else as compact JSON.
 */
export const textOf = (v: Json, pick: 'last-user' | 'last' = 'last', depth = 0): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    if (depth < 3 && (t.startsWith('{') || t.startsWith('['))) {
      try {
        return textOf(JSON.parse(t), pick, depth + 1) ?? v;
      } catch {
        return v;
      }
    }
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (depth > 5) return JSON.stringify(v);
  const messages = readMessages(v);
  if (messages.length > 0) {
    const chosen =
      pick === 'last-user' ? (messages.filter((m) => m.role === 'user').at(-1) ?? messages.at(-1)) : messages.at(-1);
    return chosen!.content;
  }
  const o = obj(v);
  if (o) {
    const generations = o.generations;
    if (Array.isArray(generations)) {
      const first = Array.isArray(generations[0]) ? generations[0][0] : generations[0];
      const g = obj(first);
      if (g) return typeof g.text === 'string' && g.text ? g.text : textOf(g.message, pick, depth + 1);
    }
    for (const key of KEYS) if (o[key] !== undefined && o[key] !== null) return textOf(o[key], pick, depth + 1);
    const keys = Object.keys(o);
    if (keys.length === 1) return textOf(o[keys[0]!], pick, depth + 1);
  }
  return JSON.stringify(v);
};

/** The system instructions of a message list, if it opens with one. */
export const systemOf = (v: Json): string | undefined => {
  const first = readMessages(v)[0];
  return first?.role === 'system' ? first.content : undefined;
};
