import { parseArgs } from 'node:util';
import type { CalibrationResult, LabeledItem } from '../core/calibration/calibrate.js';
import { scoreWithClassifier } from '../core/classifier/train.js';
import { compileRule } from '../core/evaluators/rules.js';
import type { EvalItem, EvaluatorConfig } from '../core/evaluators/types.js';
import { generateForMode } from '../core/generation/generate.js';
import { mccAtPrevalence } from '../core/stats/agreement.js';
import { createRng, shuffled } from '../core/stats/random.js';
import { FAMILIES, makePopulation } from './honesty/populations.js';

/**
 * Are the agreement figures evalloop publishes what a user gets on new data? For synthetic
 * labeled populations with known mechanisms (some where a rule or the classifier truly works,
 * some weak, some pure noise) it draws 20 and 40 labels (half failing, as review queues give),
 * runs the real generation and calibration, and scores the evaluator the procedure selects on
 * the rest of the population (its held-out MCC at the same class mix as the labels). Coverage:
 * how often the reported 95% interval contains the held-out MCC; optimism: reported minus
 * held-out MCC; and how many evaluators gated although their held-out MCC is below 0.4.
 *
 *   npm run bench:honesty -- [--draws 15] [--seeds report|dev] [--size 3000]
 *
 * The interval method was developed on the `dev` seeds; the figures to quote are from `report`
 * seeds (other populations of the same families, never looked at during development).
 */
const { values: args } = parseArgs({
  options: {
    draws: { type: 'string', default: '15' },
    seeds: { type: 'string', default: 'report' },
    size: { type: 'string', default: '3000' },
  },
});
const draws = Number(args.draws);
const size = Number(args.size);
const SEEDS: Record<string, string[]> = { dev: ['dev1', 'dev2'], report: ['r1', 'r2'], fresh: ['f1', 'f2'] };
const seedNames = SEEDS[args.seeds] ?? [];
if (seedNames.length === 0) throw new Error(`--seeds must be one of ${Object.keys(SEEDS).join(', ')}`);

const scorer = (config: EvaluatorConfig) => {
  if (config.kind === 'classifier') return (item: EvalItem) => scoreWithClassifier(config.model, item).score;
  const rule = compileRule(config);
  return (item: EvalItem) => rule(item).score;
};

/** MCC of the selected evaluator on held-out items, restated at the calibration set's class mix. */
const heldOutMcc = (selected: CalibrationResult, heldOut: LabeledItem[], calibrationFailRate: number) => {
  const score = scorer(selected.config!);
  let tp = 0;
  let fn = 0;
  let tn = 0;
  let fp = 0;
  for (const { item, human } of heldOut) {
    const predictedFail = score(item) < selected.threshold;
    if (human.verdict === 'fail') predictedFail ? tp++ : fn++;
    else predictedFail ? fp++ : tn++;
  }
  return mccAtPrevalence(tp / (tp + fn), tn / (tn + fp), calibrationFailRate) ?? 0;
};

interface Row {
  family: string;
  n: number;
  reported: number | null;
  lower: number | null;
  upper: number | null;
  band: string;
  heldOut: number | null;
}
const rows: Row[] = [];
const t0 = performance.now();
for (const family of Object.keys(FAMILIES)) {
  for (const seed of seedNames) {
    const rng = createRng(`draw:${family}:${seed}`);
    const failRate = 0.15 + rng() * 0.25;
    const population = makePopulation(family, seed, size, failRate);
    const fails = population.items.filter((i) => i.human.verdict === 'fail');
    const passes = population.items.filter((i) => i.human.verdict === 'pass');
    for (let d = 0; d < draws; d++) {
      for (const n of [20, 40]) {
        const drawn = [...shuffled(fails, rng).slice(0, n / 2), ...shuffled(passes, rng).slice(0, n / 2)];
        const picked = new Set(drawn);
        const result = await generateForMode(
          { key: family, title: family, rubric: population.mechanism },
          drawn,
          { judge: null, judgeModel: null, proposeWithLlm: null },
          { seed: `${population.name}:${d}:${n}` },
        );
        const selected = result.selected.deterministic;
        const heldOut = population.items.filter((i) => !picked.has(i));
        rows.push({
          family,
          n,
          reported: selected?.agreement.mcc ?? null,
          lower: selected?.agreement.mccCI?.lower ?? null,
          upper: selected?.agreement.mccCI?.upper ?? null,
          band: selected?.band ?? 'none',
          heldOut: selected?.config ? heldOutMcc(selected, heldOut, 0.5) : null,
        });
      }
    }
    process.stderr.write(`  ${population.name} done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
}

const measured = rows.filter((r) => r.reported !== null && r.heldOut !== null && r.lower !== null);
const published = measured.filter((r) => r.band === 'gate' || r.band === 'signal');
const covered = (rs: Row[]) => rs.filter((r) => r.lower! <= r.heldOut! && r.heldOut! <= r.upper!).length;
const optimism = (rs: Row[]) => (rs.length ? rs.reduce((s, r) => s + r.reported! - r.heldOut!, 0) / rs.length : 0);
const fmt = (x: number) => x.toFixed(2);

process.stdout.write(
  'family               n  draws  published  gates  coverage  optimism  mean reported  mean held-out\n',
);
for (const family of Object.keys(FAMILIES)) {
  for (const n of [20, 40]) {
    const rs = measured.filter((r) => r.family === family && r.n === n);
    const pub = rs.filter((r) => r.band === 'gate' || r.band === 'signal');
    const mean = (f: (r: Row) => number) => (rs.length ? rs.reduce((s, r) => s + f(r), 0) / rs.length : 0);
    process.stdout.write(
      `${family.padEnd(20)} ${String(n).padStart(2)}  ${String(rs.length).padStart(5)}  ${String(pub.length).padStart(9)}  ${String(rs.filter((r) => r.band === 'gate').length).padStart(5)}  ${fmt(covered(rs) / Math.max(1, rs.length)).padStart(8)}  ${fmt(optimism(rs)).padStart(8)}  ${fmt(mean((r) => r.reported!)).padStart(13)}  ${fmt(mean((r) => r.heldOut!)).padStart(13)}\n`,
    );
  }
}
const badGates = measured.filter((r) => r.band === 'gate' && r.heldOut! < 0.4);
const gates = measured.filter((r) => r.band === 'gate');
process.stdout.write(
  `all selected: coverage ${fmt(covered(measured) / measured.length)} over ${measured.length} draws; optimism ${fmt(optimism(measured))}; not measurable or unbuildable: ${rows.length - measured.length}\n`,
);
process.stdout.write(
  `honesty: coverage ${fmt(covered(published) / Math.max(1, published.length))} (target ≥ 0.90); optimism ${fmt(optimism(published))} (target ≤ 0.05); gates with true MCC < 0.4: ${badGates.length} of ${gates.length} (published ${published.length} of ${rows.length} draws, seeds ${args.seeds}, ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
);
