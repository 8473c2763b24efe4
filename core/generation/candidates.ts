import type { CandidateSpec, FittedCandidate, LabeledItem } from '../calibration/calibrate.js';
import { scoreWithClassifier, trainClassifier } from '../classifier/train.js';
import { compileRule } from '../evaluators/rules.js';
import type { EvalItem, Evaluation, EvaluatorConfig, FewShotExample } from '../evaluators/types.js';
import { mineDiscriminativePhrases } from './mine-phrases.js';
import { mineToolExpectations } from './mine-tools.js';

/** I/O a generator may use, injected (core does none itself). */
export interface GenerationDeps {
  /** Runs a judge once (sample index for repeated runs); null when the call failed. */
  judge:
    | ((
        config: Extract<EvaluatorConfig, { kind: 'judge' }>,
        item: EvalItem,
        sample: number,
      ) => Promise<Evaluation | null>)
    | null;
  /** Judge model pin and provider, when an LLM is configured. */
  judgeModel: { model: string; provider: string } | null;
  /** Asks the LLM for a rubric and rule proposals from the training labels; null without an LLM. */
  proposeWithLlm:
    | ((input: {
        mode: string;
        rubric: string;
        critiques: { verdict: 'pass' | 'fail'; critique: string }[];
      }) => Promise<{
        rubric: string;
        rules: EvaluatorConfig[];
      }>)
    | null;
}

export interface FailureModeInfo {
  key: string;
  title: string;
  rubric: string;
}

const fails = (train: LabeledItem[]) => train.filter((t) => t.human.verdict === 'fail');
const passes = (train: LabeledItem[]) => train.filter((t) => t.human.verdict === 'pass');

/** A deterministic rule as a fitted candidate. */
const ruleCandidate = (config: EvaluatorConfig): FittedCandidate => {
  const run = compileRule(config);
  return {
    config,
    score: async (item) => {
      const e = run(item);
      return { scores: [e.score], explanation: e.explanation };
    },
  };
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : 0;
};

/** Clear-cut training examples for a judge's prompt: up to two of each class, with critiques. */
const fewShot = (train: LabeledItem[]): FewShotExample[] =>
  [...fails(train).slice(0, 2), ...passes(train).slice(0, 2)].map((t) => ({
    input: t.item.input.slice(0, 1500),
    output: t.item.output.slice(0, 2000),
    verdict: t.human.verdict,
    critique: t.human.critique,
  }));

/**
 * The candidate evaluators for one failure mode, cheap deterministic ones first: mined phrases,
 * a length budget, citation grounding, tool checks, an output JSON schema, a learned classifier;
 * then, with an LLM, a judge (rubric written from the mode's rubric and the reviewers' critiques)
 * and LLM-proposed rules. Every candidate learns only from the training labels it is given.
 */
export const candidateSpecs = (mode: FailureModeInfo, all: LabeledItem[], deps: GenerationDeps): CandidateSpec[] => {
  const specs: CandidateSpec[] = [
    {
      name: 'mined-phrases',
      kind: 'banned_phrases',
      family: 'deterministic',
      tuneThreshold: true,
      unbuildable: 'no phrase separates failing from passing outputs',
      fit: async (train) => {
        const phrases = mineDiscriminativePhrases(
          fails(train).map((t) => t.item.output),
          passes(train).map((t) => t.item.output),
        ).map((p) => p.phrase);
        return phrases.length ? ruleCandidate({ kind: 'banned_phrases', phrases, field: 'output' }) : null;
      },
    },
    {
      name: 'response-budget',
      kind: 'length',
      family: 'deterministic',
      tuneThreshold: true,
      unbuildable: 'failing outputs are not clearly longer than passing ones (median under 1.5×)',
      fit: async (train) => {
        const failLen = fails(train).map((t) => t.item.output.length);
        const passLen = passes(train).map((t) => t.item.output.length);
        if (!failLen.length || !passLen.length || median(failLen) < 1.5 * median(passLen)) return null;
        // The budget: the largest passing length below the failing median (so most failures are over it).
        const max = Math.max(...passLen.filter((l) => l < median(failLen)), 1);
        return ruleCandidate({ kind: 'length', unit: 'chars', max, summaryPattern: '^(tl;?dr|summary|in short)\\b' });
      },
    },
    {
      name: 'classifier',
      kind: 'classifier',
      family: 'deterministic',
      tuneThreshold: true,
      unbuildable: 'a classifier needs failing and passing examples',
      fit: async (train) => {
        if (!fails(train).length || !passes(train).length) return null;
        const model = trainClassifier(
          train.map((t) => t.item),
          train.map((t) => t.human.verdict),
        );
        return {
          config: { kind: 'classifier', model },
          score: async (item) => {
            const e = scoreWithClassifier(model, item);
            return { scores: [e.score], explanation: e.explanation };
          },
        };
      },
    },
  ];
  if (all.some((t) => t.item.retrievedDocuments.length > 0 || /\[\d+\]/.test(t.item.output))) {
    specs.push({
      name: 'citation-grounding',
      kind: 'citation',
      family: 'deterministic',
      tuneThreshold: true,
      fit: async () => ruleCandidate({ kind: 'citation', checkQuotes: true }),
    });
  }
  if (all.some((t) => t.item.toolCalls.length > 0)) {
    specs.push({
      name: 'tool-check',
      kind: 'tool_args',
      family: 'deterministic',
      tuneThreshold: true,
      fit: async (train) =>
        ruleCandidate({
          kind: 'tool_args',
          rejectUnknownTools: true,
          expectations: mineToolExpectations(passes(train).map((t) => t.item)),
        }),
    });
  }
  const jsonOutputs = all.filter((t) => /^\s*[[{]/.test(t.item.output)).length;
  if (jsonOutputs >= all.length * 0.8) {
    specs.push({
      name: 'output-is-json',
      kind: 'json_schema',
      family: 'deterministic',
      tuneThreshold: true,
      fit: async () => ruleCandidate({ kind: 'json_schema', schema: {}, target: 'output' }),
    });
  }
  const { judge, judgeModel, proposeWithLlm } = deps;
  if (judge && judgeModel) {
    specs.push({
      name: 'judge',
      kind: 'judge',
      family: 'judge',
      tuneThreshold: false,
      llmFit: proposeWithLlm !== null,
      fit: async (train) => {
        const critiques = train
          .filter((t) => t.human.critique)
          .map((t) => ({ verdict: t.human.verdict, critique: t.human.critique! }));
        const rubric = proposeWithLlm
          ? (await proposeWithLlm({ mode: `${mode.key}: ${mode.title}`, rubric: mode.rubric, critiques })).rubric
          : mode.rubric;
        const config: Extract<EvaluatorConfig, { kind: 'judge' }> = {
          kind: 'judge',
          rubric,
          ...judgeModel,
          fewShot: fewShot(train),
        };
        return {
          config,
          score: async (item, samples) => {
            const runs = await Promise.all(Array.from({ length: samples }, (_, s) => judge(config, item, s)));
            const ok = runs.filter((r): r is Evaluation => r !== null);
            return {
              scores: ok.length ? ok.map((r) => r.score) : [1],
              explanation: ok[0]?.explanation ?? 'the judge gave no usable answer',
            };
          },
        };
      },
    });
  }
  if (proposeWithLlm) {
    specs.push({
      name: 'llm-rules',
      kind: 'composite',
      family: 'deterministic',
      tuneThreshold: true,
      llmFit: true,
      unbuildable: 'the LLM proposed no rule that compiles',
      fit: async (train) => {
        const critiques = train
          .filter((t) => t.human.critique)
          .map((t) => ({ verdict: t.human.verdict, critique: t.human.critique! }));
        const { rules } = await proposeWithLlm({ mode: `${mode.key}: ${mode.title}`, rubric: mode.rubric, critiques });
        const usable = rules.filter((r) => {
          try {
            compileRule(r);
            return true;
          } catch {
            return false;
          }
        });
        return usable.length ? ruleCandidate({ kind: 'composite', op: 'all', children: usable }) : null;
      },
    });
  }
  return specs;
};
