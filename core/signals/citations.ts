/**
 * Citations an answer makes, read structurally: numbered markers (`[4]`, `[1, 4]`, `[2-3]`, `[^4]`,
 * `【4】`, `【4†source】`, `[doc 4]`), bracketed ids (`[KB-1042]`), source phrases (`(source: …)`,
 * a `Sources:` line) and quoted titles in a citing context (`according to "…"`, `[4] "…"`, `see “…”`).
 */
export type Citation = { kind: 'index'; index: number; text: string } | { kind: 'name'; name: string; text: string };

/** Answer characters read, and citations kept: bounded work per trace. */
export const MAX_ANSWER_CHARS = 20_000;
const MAX_CITATIONS = 100;

const FOOTNOTE = /\[\^(\d{1,3})\](?!:)/gu;
const NUMBERED =
  /(?<![\p{L}\p{N}_\])])\[((?:doc(?:ument)?|source|ref)?\s*#?\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\](?!\()/giu;
const LENTICULAR = /【\s*(\d{1,3})(?:\s*[†:][^】]{0,80})?】/gu;
const BRACKET_ID = /(?<![\p{L}\p{N}_\])])\[([A-Za-z][A-Za-z0-9]*[-_:.][A-Za-z0-9_:.-]*\d[A-Za-z0-9_.-]*)\](?!\()/gu;
const SOURCE_PAREN = /\((?:sources?|ref(?:erence)?s?|cited?|quelle|fuente|source)\s*[:：]\s*([^()\n]{1,160})\)/giu;
const SOURCE_LINE = /^[ \t>*_-]*(?:sources?|references?|quellen?|fuentes?)\s*[:：]\s*(.{1,300})$/gimu;
const QUOTED = /["“„«「『]([^"“”„«»「」『』\n]{3,120})["”“»」』]/gu;
/** Words before a quoted string that make it a citation of a document rather than a quote of words. */
const CUE =
  /(?:according to|as (?:stated|described|explained|noted|outlined|mentioned|specified|set out) in|(?:^|[\s(])see|refer to|(?:^|[\s(])per|cf\.?|sources?\s*[:：]?|cited in|titled|entitled|called|named|(?:document|doc|article|policy|guide|handbook|manual|addendum|whitepaper|report)\s*:?|laut|selon|según|\[\d{1,3}\]|【\d{1,3}[^】]*】)\s*(?:the\s+|our\s+|le\s+|la\s+|el\s+|dem\s+|der\s+)?$/iu;
/** A quoted title directly followed by a numbered marker (`"Refund Policy" [2]`) is a citation too. */
const TRAILING_MARKER = /^\s*(?:\[\^?\d{1,3}\]|【\d{1,3})/u;

const indexesOf = (body: string): number[] => {
  const out: number[] = [];
  const cleaned = body.replace(/^(?:doc(?:ument)?|source|ref)?\s*#?/i, '');
  for (const part of cleaned.split(/\s*[,;]\s*/)) {
    const range = /^(\d{1,3})\s*[–-]\s*(\d{1,3})$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      for (let i = Math.min(a, b); i <= Math.min(Math.max(a, b), Math.min(a, b) + 20); i++) out.push(i);
    } else if (/^\d{1,3}$/.test(part)) out.push(Number(part));
  }
  return out;
};

const stripQuotes = (s: string) => s.replace(/^["“„«「『'‘\s]+|["”“»」』'’\s.]+$/gu, '').trim();

/** One source named in a `(source: …)` phrase or a `Sources:` line: a number is an index, anything else a name. */
const sourceItem = (raw: string, text: string): Citation | null => {
  const item = stripQuotes(raw);
  if (item === '') return null;
  const numbered = /^(?:\[?\^?(?:doc(?:ument)?|source|ref)?\s*#?\s*(\d{1,3})\]?)$/i.exec(item);
  if (numbered) return { kind: 'index', index: Number(numbered[1]), text };
  return { kind: 'name', name: item, text };
};

/** The citations in an answer, in order of appearance per kind, at most MAX_CITATIONS. */
export function extractCitations(answer: string): Citation[] {
  const text = answer.slice(0, MAX_ANSWER_CHARS);
  const out: Citation[] = [];
  for (const m of text.matchAll(NUMBERED)) {
    for (const index of indexesOf(m[1]!)) out.push({ kind: 'index', index, text: m[0] });
  }
  for (const m of text.matchAll(FOOTNOTE)) out.push({ kind: 'index', index: Number(m[1]), text: m[0] });
  for (const m of text.matchAll(LENTICULAR)) out.push({ kind: 'index', index: Number(m[1]), text: m[0] });
  for (const m of text.matchAll(BRACKET_ID)) out.push({ kind: 'name', name: m[1]!, text: m[0] });
  for (const m of [...text.matchAll(SOURCE_PAREN), ...text.matchAll(SOURCE_LINE)]) {
    for (const part of m[1]!.split(/\s*[;|]\s*|\s*,\s*(?=["“„«[])/u)) {
      const c = sourceItem(part, m[0].trim());
      if (c) out.push(c);
    }
  }
  for (const m of text.matchAll(QUOTED)) {
    const before = text.slice(Math.max(0, m.index - 60), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 8);
    // Quotes inside a source phrase were taken above.
    if (/(?:sources?|references?|quellen?|fuentes?)\s*[:：][^\n)]*$/iu.test(before)) continue;
    if (CUE.test(before) || TRAILING_MARKER.test(after)) out.push({ kind: 'name', name: m[1]!.trim(), text: m[0] });
  }
  return out.slice(0, MAX_CITATIONS);
}
