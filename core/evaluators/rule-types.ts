import type { EvalItem, Evaluation, EvaluatorConfig } from './types.js';

/** The deterministic kinds: evaluated locally, synchronously, for free. */
export type RuleKind = 'regex' | 'json_schema' | 'length' | 'banned_phrases' | 'tool_args' | 'citation' | 'composite';

/** The config of one evaluator kind. */
export type ConfigOf<K extends EvaluatorConfig['kind']> = Extract<EvaluatorConfig, { kind: K }>;

/** A rule with everything precompiled (regexes, schema validators): call it once per item. */
export type CompiledRule = (item: EvalItem) => Evaluation;

export const RULE_KINDS: readonly RuleKind[] = [
  'regex',
  'json_schema',
  'length',
  'banned_phrases',
  'tool_args',
  'citation',
  'composite',
];
