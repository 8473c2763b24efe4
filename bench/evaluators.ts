/**
 * `npm run bench:evaluators`: rule-evaluator throughput (bench/rule-evaluators.ts), the judge
 * pipeline against a 200 ms stub at concurrency 16 (bench/judge.ts), and generation plus
 * calibration of 5 failure modes × 40 labels without an LLM (in process). Last line:
 * `evaluators: rules <n>/s; judge <n>/s of limit <n>/s; generate+calibrate <s> s`.
 */
import { spawnSync } from 'node:child_process';
import type { LabeledItem } from '../core/calibration/calibrate.js';
import type { EvalItem } from '../core/evaluators/types.js';
import { generateForMode } from '../core/generation/generate.js';
import { createRng } from '../core/stats/random.js';

const run = (script: string) => {
  const out = spawnSync(process.execPath, ['--import', 'tsx', script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(out.stdout);
  if (out.status !== 0) throw new Error(`${script} failed`);
  return out.stdout.trim().split('\n');
};

const rules = run('bench/rule-evaluators.ts')
  .find((l) => l.startsWith('4 compiled rules:'))
  ?.match(/([\d,]+)\/s evaluations/)?.[1]
  ?.replace(/,/g, '');
const judge = run('bench/judge.ts')
  .at(-1)
  ?.match(/judge: ([\d.]+)\/s of limit ([\d.]+)\/s/);

// Generation + calibration: 5 failure modes × 40 labels (20 fail, 20 pass), no LLM.
const rng = createRng('bench-generation');
const words = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau'.split(
  ' ',
);
const sentence = (n: number) => Array.from({ length: n }, () => words[Math.floor(rng() * words.length)]).join(' ');
const MODES = ['too_long', 'cites_nothing', 'apologizes', 'wrong_tool', 'hedges'];
const item = (i: number, mode: string | null): EvalItem => {
  const text =
    mode === 'too_long'
      ? sentence(400)
      : mode === 'apologizes'
        ? `I am sorry, ${sentence(20)}`
        : mode === 'hedges'
          ? `${['I think', 'Probably', 'Maybe', 'It seems'][i % 4]} ${sentence(25)}`
          : `${sentence(30)} [1]`;
  return {
    traceId: `t${i}`,
    input: `question ${i % 17} ${mode === 'wrong_tool' ? 'weather' : 'search'}`,
    output: mode === 'cites_nothing' ? `${sentence(30)} [7]` : text,
    systemInstructions: null,
    messages: [],
    toolDefinitions: [{ name: 'search', description: null, parameters: { type: 'object' } }],
    toolCalls: [
      {
        id: `c${i}`,
        name: mode === 'wrong_tool' ? 'calculator' : 'search',
        arguments: '{}',
        result: 'ok',
        error: null,
      },
    ],
    retrievedDocuments: [{ id: 'd1', content: sentence(40), score: 1, metadata: null }],
    outputTokens: null,
    hasError: false,
  };
};
const t0 = performance.now();
for (const mode of MODES) {
  const labeled: LabeledItem[] = Array.from({ length: 40 }, (_, i) => ({
    item: item(i, i < 20 ? mode : null),
    human: { traceId: `t${i}`, verdict: i < 20 ? 'fail' : 'pass', score: null, critique: null, dissent: 0 },
  }));
  const result = await generateForMode(
    { key: mode, title: mode, rubric: mode },
    labeled,
    { judge: null, judgeModel: null, proposeWithLlm: null },
    { seed: 'bench' },
  );
  const best = result.survivors.deterministic;
  process.stdout.write(
    `  ${mode.padEnd(14)} ${result.candidates.length} candidates; selected ${best?.kind ?? 'none'} MCC ${best?.agreement.mcc?.toFixed(2) ?? '-'} (nested)\n`,
  );
}
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  `evaluators: rules ${Math.round(Number(rules))}/s; judge ${judge?.[1]}/s of limit ${judge?.[2]}/s; generate+calibrate ${seconds.toFixed(1)} s\n`,
);
