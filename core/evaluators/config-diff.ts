import type { EvaluatorConfig } from './types.js';

export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

/** Lines beyond which a diff is not computed line by line (the whole texts are shown as replaced). */
const MAX_LINES = 1500;

/** Keys in one order whatever order they were stored in (jsonb reorders them): `kind` first, then alphabetical. */
const ordered = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(ordered);
  if (!v || typeof v !== 'object') return v;
  const keys = Object.keys(v).sort((a, b) => Number(b === 'kind') - Number(a === 'kind') || a.localeCompare(b));
  return Object.fromEntries(keys.map((k) => [k, ordered((v as Record<string, unknown>)[k])]));
};

/** A config as the diff shows it: pretty JSON, a classifier's weights summarized (they are not read by people). */
export const diffText = (config: unknown) => {
  const c = config as EvaluatorConfig;
  const shown =
    c && c.kind === 'classifier'
      ? { kind: 'classifier', model: `trained weights (${c.model?.weights?.length ?? 0})` }
      : config;
  return JSON.stringify(ordered(shown), null, 2) ?? '';
};

/** A line diff (longest common subsequence) from `before` to `after`. */
export const diffLines = (before: string, after: string): DiffLine[] => {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length > MAX_LINES || b.length > MAX_LINES)
    return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: '-', text: a[i++]! });
    else out.push({ op: '+', text: b[j++]! });
  }
  while (i < a.length) out.push({ op: '-', text: a[i++]! });
  while (j < b.length) out.push({ op: '+', text: b[j++]! });
  return out;
};

/** The diff of two evaluator configs, with the threshold as its last line. */
export const configDiff = (
  before: { config: unknown; threshold: number | null },
  after: { config: unknown; threshold: number | null },
) =>
  diffLines(
    `${diffText(before.config)}\nthreshold: ${before.threshold ?? 'tuned'}`,
    `${diffText(after.config)}\nthreshold: ${after.threshold ?? 'tuned'}`,
  );
