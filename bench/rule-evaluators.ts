/**
 * `npx tsx bench/rule-evaluators.ts`: throughput of compiled deterministic rules — 10,000 varied
 * outputs × 4 rules (banned phrases, regex, JSON validity, length budget) — against a hand-written
 * baseline doing the equivalent checks inline, measured in the same run (the machines are shared:
 * the ratio is the figure that travels). Flags: --items N (10000), --rounds N (15).
 */
import { parseArgs } from 'node:util';
import { makeItem } from '../core/evaluators/item-fixtures.js';
import { compileRule } from '../core/evaluators/rules.js';
import type { EvalItem, EvaluatorConfig } from '../core/evaluators/types.js';

const { values } = parseArgs({
  options: { items: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '15' } },
});
const ITEMS = Number(values.items);
const ROUNDS = Number(values.rounds);

const RULES: Record<string, EvaluatorConfig> = {
  contains: { kind: 'banned_phrases', phrases: ['as an AI language model', 'I cannot help', 'sorry'], field: 'output' },
  regex: { kind: 'regex', pattern: '\\b(?:refund|return)s?\\b', flags: 'i', mode: 'must_not_match', field: 'output' },
  json: { kind: 'json_schema', schema: {}, target: 'output' },
  length: { kind: 'length', unit: 'chars', max: 1200, summaryPattern: '^(tl;?dr|summary|in short)\\b' },
};

/** Deterministic varied outputs: prose of 20–3,000 characters, JSON, apologies, unicode, summaries. */
const makeOutputs = (n: number): EvalItem[] => {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const words = ['the', 'order', 'ships', 'today', 'refund', 'policy', 'café', 'naïve', '😀', 'שלום', 'ok', 'Returns'];
  const prose = (len: number) => {
    let s = '';
    while (s.length < len) s += `${words[Math.floor(rand() * words.length)]}${rand() < 0.1 ? '. ' : ' '}`;
    return s;
  };
  return Array.from({ length: n }, (_, i) => {
    const r = rand();
    const len = Math.floor(20 + rand() ** 2 * 3000);
    let output: string;
    if (r < 0.2) output = JSON.stringify({ answer: prose(len / 2), confidence: rand(), id: i });
    else if (r < 0.3) output = `Sorry, ${prose(len)}`;
    else if (r < 0.4) output = `TL;DR: ${prose(40)}\n${prose(len)}`;
    else output = prose(len);
    return makeItem({ traceId: String(i), output });
  });
};

const SUMMARY = /^(tl;?dr|summary|in short)\b/im;
const REFUND = /\b(?:refund|return)s?\b/i;
/** The same four checks written inline, without explanations: the floor for this work. */
const baseline = (item: EvalItem): number => {
  const lower = item.output.toLowerCase();
  let s =
    lower.includes('sorry') || lower.includes('i cannot help') || lower.includes('as an ai language model') ? 0 : 1;
  s += REFUND.test(item.output) ? 0 : 1;
  try {
    JSON.parse(item.output);
    s += 1;
  } catch {}
  s += item.output.length <= 1200 || SUMMARY.test(item.output) ? 1 : 0;
  return s;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median ms of ROUNDS runs after 3 warm-ups; `sink` keeps the results observable. */
const timeRounds = (run: () => number): { ms: number; sink: number } => {
  let sink = 0;
  for (let i = 0; i < 3; i++) sink += run();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    sink += run();
    times.push(performance.now() - t);
  }
  return { ms: median(times), sink };
};

const items = makeOutputs(ITEMS);
const bytes = items.reduce((s, it) => s + it.output.length, 0);
const compiled = Object.entries(RULES).map(([name, config]) => ({ name, rule: compileRule(config) }));
const rules = compiled.map((c) => c.rule);

const fmt = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-US')}/s`;
console.log(`${ITEMS} outputs, mean ${Math.round(bytes / ITEMS)} chars; median of ${ROUNDS} rounds`);

for (const { name, rule } of compiled) {
  const { ms } = timeRounds(() => {
    let s = 0;
    for (const item of items) s += rule(item).score;
    return s;
  });
  console.log(`  ${name.padEnd(9)} ${fmt((ITEMS / ms) * 1000)}`);
}

const all = timeRounds(() => {
  let s = 0;
  for (const item of items) for (const rule of rules) s += rule(item).score;
  return s;
});
const base = timeRounds(() => {
  let s = 0;
  for (const item of items) s += baseline(item);
  return s;
});
const rulesPerSecond = ((ITEMS * rules.length) / all.ms) * 1000;
const basePerSecond = ((ITEMS * rules.length) / base.ms) * 1000;
console.log(`4 compiled rules:   ${fmt(rulesPerSecond)} evaluations (${all.ms.toFixed(1)} ms per ${ITEMS} items)`);
console.log(`inline baseline:    ${fmt(basePerSecond)} checks (${base.ms.toFixed(1)} ms)`);
console.log(`ratio rules/baseline: ${(rulesPerSecond / basePerSecond).toFixed(2)} (target ≥ 100,000/s)`);
