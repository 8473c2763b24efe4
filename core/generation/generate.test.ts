import { describe, expect, it } from 'vitest';
import type { LabeledItem } from '../calibration/calibrate.js';
import type { EvalItem, Evaluation } from '../evaluators/types.js';
import { createRng } from '../stats/random.js';
import type { GenerationDeps } from './candidates.js';
import { generateForMode } from './generate.js';

const rng = createRng('generation-fixture');
const pick = <T>(xs: T[]) => xs[Math.floor(rng() * xs.length)]!;

const TOPICS = [
  { q: 'When was the Eiffel Tower completed', fact: 'The Eiffel Tower was completed in 1889', tool: 'search' },
  { q: 'What is 17% of 2,340', fact: '17% of 2,340 is 397.8', tool: 'calculator' },
  { q: 'Weather in Oslo tomorrow', fact: 'Oslo tomorrow: 4°C and light rain', tool: 'weather' },
  { q: 'Convert 250 EUR to USD', fact: '250 EUR is 271.50 USD', tool: 'currency' },
  {
    q: 'Who wrote The Left Hand of Darkness',
    fact: 'Ursula K. Le Guin wrote The Left Hand of Darkness',
    tool: 'search',
  },
  { q: 'Boiling point of ethanol', fact: 'Ethanol boils at 78.37 °C', tool: 'search' },
];
// Answers from memory: every one worded differently, so no phrase gives them away; what they share
// is that they ignore what the tool returned.
const HEDGES = [
  'From what I recall',
  'Based on my training data',
  'I believe generally',
  'As far as I remember',
  'If memory serves',
  'Offhand I would say',
  'My understanding suggests',
  'Historically speaking',
  'Without looking it up',
  'I am fairly sure',
  'Typically people quote',
  'Most sources I know put',
  'Going by general knowledge',
  'Roughly speaking',
  'To my knowledge',
  'I would estimate',
  'Conventional wisdom holds',
  'Speaking loosely',
  'In my experience',
  'Common belief says',
];
let hedge = 0;

type Mode = 'ok' | 'invented_citation' | 'wrong_tool' | 'ignored_tool_result' | 'over_budget';

let n = 0;
const trace = (mode: Mode): EvalItem => {
  const t = pick(TOPICS);
  const wrongTool = pick(['weather', 'calculator', 'currency'].filter((x) => x !== t.tool));
  const tool = mode === 'wrong_tool' ? wrongTool : t.tool;
  const docs = [
    { id: 'd1', content: `${t.fact}. Source: reference desk.`, score: 0.9, metadata: null },
    { id: 'd2', content: 'Unrelated background material about the topic.', score: 0.4, metadata: null },
  ];
  const long = `${t.fact} [1]. ${'Further context and history follow in great detail. '.repeat(40)}`;
  const output =
    mode === 'invented_citation'
      ? `${t.fact} [${pick([3, 4, 7])}].`
      : mode === 'ignored_tool_result'
        ? `${HEDGES[hedge++ % HEDGES.length]}: ${Math.floor(rng() * 9000) + 100}.`
        : mode === 'over_budget'
          ? long
          : rng() < 0.3
            ? `TL;DR: ${t.fact} [1].\n${long}`
            : `${t.fact} [1].`;
  return {
    traceId: `t${++n}`,
    input: `${t.q}?`,
    output,
    systemInstructions: 'You are a research assistant. Cite retrieved documents as [n].',
    messages: [],
    toolDefinitions: ['search', 'calculator', 'weather', 'currency'].map((name) => ({
      name,
      description: null,
      parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
    })),
    toolCalls: [{ id: `c${n}`, name: tool, arguments: JSON.stringify({ query: t.q }), result: t.fact, error: null }],
    retrievedDocuments: docs,
    outputTokens: Math.ceil(output.length / 4),
    hasError: false,
  };
};

const modes: Mode[] = ['invented_citation', 'wrong_tool', 'ignored_tool_result', 'over_budget'];
const corpus = [
  ...modes.flatMap((m) => Array.from({ length: 12 }, () => ({ mode: m, item: trace(m) }))),
  ...Array.from({ length: 30 }, () => ({ mode: 'ok' as Mode, item: trace('ok') })),
];

const labeledFor = (mode: Mode): LabeledItem[] =>
  corpus.map(({ mode: m, item }) => ({
    item,
    human: {
      traceId: item.traceId,
      verdict: m === mode ? 'fail' : 'pass',
      score: null,
      critique: m === mode ? `this is ${mode}` : null,
      dissent: 0,
    },
  }));

const noLlm: GenerationDeps = { judge: null, judgeModel: null, proposeWithLlm: null };
const info = (key: string) => ({ key, title: key, rubric: `Fails when the answer shows ${key}.` });

describe('generation from labels', () => {
  it.each([
    ['invented_citation', 'citation'],
    ['wrong_tool', 'tool_args'],
    ['over_budget', 'length'],
    ['ignored_tool_result', 'classifier'],
  ] as const)('%s: the right kind (%s) wins without an LLM', async (mode, kind) => {
    const result = await generateForMode(info(mode), labeledFor(mode), noLlm, { seed: 's' });
    expect(result.skipped).toBeNull();
    const winner = result.survivors.deterministic;
    expect(winner?.kind, JSON.stringify(result.candidates.map((r) => [r.kind, r.agreement.mcc]))).toBe(kind);
    expect(winner!.agreement.mcc).toBeGreaterThanOrEqual(0.6);
    expect(winner!.band).not.toBe('revise');
  });

  it('a scripted judge survives for the semantic failure and its flip rate is measured', async () => {
    let calls = 0;
    const judge: GenerationDeps['judge'] = async (config, item, sample) => {
      calls++;
      expect(config.fewShot.length).toBeGreaterThan(0);
      // The scripted judge reads like a careful one: is the tool's answer in the reply?
      const hedged = !item.output.includes(item.retrievedDocuments[0]!.content.slice(0, 20));
      // A slightly unstable judge: one item in twenty flips on its third run.
      const flip = sample === 2 && Number(item.traceId.slice(1)) % 20 === 0;
      const score = hedged !== flip ? 0.1 : 0.9;
      return {
        score,
        explanation: hedged ? 'answers from memory, ignoring the tool' : 'uses the tool result',
      } as Evaluation;
    };
    const result = await generateForMode(
      info('ignored_tool_result'),
      labeledFor('ignored_tool_result'),
      { judge, judgeModel: { model: 'stub-judge-1', provider: 'stub' }, proposeWithLlm: null },
      { seed: 's' },
    );
    const judged = result.candidates.find((r) => r.kind === 'judge')!;
    expect(judged.agreement.mcc).toBeGreaterThanOrEqual(0.6);
    expect(judged.flipRate).toBeGreaterThan(0);
    expect(judged.protocol.samples).toBe(3);
    expect(result.survivors.judge?.kind).toBe('judge');
    expect(calls).toBeGreaterThan(0);
  });

  it('skips a mode with too few labels, saying why', async () => {
    const few = labeledFor('wrong_tool').filter((l, i) => l.human.verdict === 'pass' || i % 3 === 0);
    const result = await generateForMode(info('wrong_tool'), few, noLlm, { seed: 's' });
    expect(result.skipped).toMatch(/at least 10 failing/);
  });

  it('reports disagreements with the human critique', async () => {
    const labeled = labeledFor('over_budget');
    // A reviewer mistake: one ok trace labeled as over budget.
    const wrong = labeled.find((l) => l.item.output.length < 200 && l.human.verdict === 'pass')!;
    wrong.human = { ...wrong.human, verdict: 'fail', critique: 'felt too long to me' };
    const result = await generateForMode(info('over_budget'), labeled, noLlm, { seed: 's' });
    const length = result.candidates.find((r) => r.kind === 'length')!;
    expect(length.disagreements.find((d) => d.traceId === wrong.item.traceId)).toMatchObject({
      human: 'fail',
      predicted: 'pass',
      critique: 'felt too long to me',
    });
  });
});
