import type { EvalItem } from '../evaluators/types.js';

const STOP = new Set(
  'a an and are be by can do does for from how i in is it me my of on or please the this to was what when where which who why will with you your'.split(
    ' ',
  ),
);

const wordsOf = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2 && !STOP.has(w)),
  );

/**
 * Which tool the correct traces call for which requests: for each tool used in passing
 * traces, the request words that occur with that tool (in ≥ 2 requests, ≥ 60% of its requests
 and never with another tool. Each becomes "when the input mentions W, call T".
 */
export const mineToolExpectations = (passing: EvalItem[], maxPerTool = 6) => {
  const byTool = new Map<string, EvalItem[]>();
  for (const item of passing) {
    const tools = new Set(item.toolCalls.map((c) => c.name));
    if (tools.size !== 1) continue;
    const [tool] = tools;
    byTool.set(tool!, [...(byTool.get(tool!) ?? []), item]);
  }
  const wordTools = new Map<string, Map<string, number>>();
  for (const [tool, items] of byTool) {
    for (const item of items) {
      for (const w of wordsOf(item.input)) {
        const counts = wordTools.get(w) ?? new Map<string, number>();
        counts.set(tool, (counts.get(tool) ?? 0) + 1);
        wordTools.set(w, counts);
      }
    }
  }
  const out: { inputPattern: string; tool: string }[] = [];
  for (const [tool] of byTool) {
    const words = [...wordTools]
      .filter(([, counts]) => counts.size === 1 && (counts.get(tool) ?? 0) >= 2)
      .sort((a, b) => (b[1].get(tool) ?? 0) - (a[1].get(tool) ?? 0))
      .slice(0, maxPerTool)
      .map(([w]) => w);
    for (const w of words) out.push({ inputPattern: `\\b${w}\\b`, tool });
  }
  return out;
};
