import { compileBannedPhrasesRule } from './banned-phrases.js';
import { compileCitationRule } from './citation.js';
import { checkComposite, childPath, combineEvaluations, isDecided } from './composite.js';
import { EvaluatorConfigError, fieldPath } from './errors.js';
import { compileJsonSchemaRule } from './json-schema.js';
import { compileLengthRule } from './length.js';
import { compileRegexRule } from './regex.js';
import { type CompiledRule, type ConfigOf, RULE_KINDS, type RuleKind } from './rule-types.js';
import { compileToolArgsRule } from './tool-args.js';
import type { EvalItem, Evaluation, EvaluatorConfig } from './types.js';

/** Whether `config` is deterministic all the way down (a composite only of rules). */
export const isRuleConfig = (config: EvaluatorConfig): boolean =>
  (RULE_KINDS as readonly string[]).includes(config.kind) &&
  (config.kind !== 'composite' || (Array.isArray(config.children) && config.children.every(isRuleConfig)));

/**
 * A deterministic rule with everything precompiled — patterns checked and compiled, schema
 * validators built — as a function to call once per item. This is the fast path (benchmarks,
 * calibration over thousands of items). Throws EvaluatorConfigError, naming the field
 * (`children[1].pattern`), for a config that cannot run, including judges and classifiers, which
 * are not rules. Never throws on items.
 */
export const compileRule = (config: EvaluatorConfig, prefix = ''): CompiledRule => {
  const kind = (config as { kind?: unknown } | null)?.kind;
  switch (kind as RuleKind | 'judge' | 'classifier') {
    case 'regex':
      return compileRegexRule(config as ConfigOf<'regex'>, prefix);
    case 'json_schema':
      return compileJsonSchemaRule(config as ConfigOf<'json_schema'>, prefix);
    case 'length':
      return compileLengthRule(config as ConfigOf<'length'>, prefix);
    case 'banned_phrases':
      return compileBannedPhrasesRule(config as ConfigOf<'banned_phrases'>, prefix);
    case 'tool_args':
      return compileToolArgsRule(config as ConfigOf<'tool_args'>, prefix);
    case 'citation':
      return compileCitationRule(config as ConfigOf<'citation'>, prefix);
    case 'composite':
      return compileCompositeRule(config as ConfigOf<'composite'>, prefix);
    case 'judge':
    case 'classifier':
      throw new EvaluatorConfigError(
        fieldPath(prefix, 'kind'),
        `${kind} is not a deterministic rule; evaluate it with its own evaluator (a composite accepts it through evaluateCompositeAsync)`,
      );
    default:
      throw new EvaluatorConfigError(
        fieldPath(prefix, 'kind'),
        `unknown evaluator kind ${JSON.stringify(kind)}; rules are ${RULE_KINDS.join(', ')}`,
      );
  }
};

const compileCompositeRule = (config: ConfigOf<'composite'>, prefix: string): CompiledRule => {
  const { op, children } = checkComposite(config, prefix);
  const rules = children.map((child, i) => compileRule(child, childPath(prefix, i)));
  const kinds = children.map((child) => child.kind);
  return (item) => {
    const results: Evaluation[] = [];
    for (const rule of rules) {
      const r = rule(item);
      results.push(r);
      if (isDecided(op, r.score)) break;
    }
    return combineEvaluations(op, kinds, results);
  };
};

const compiled = new WeakMap<EvaluatorConfig, CompiledRule>();

/**
 * Evaluates a deterministic rule on one item. The rule is compiled on first use and kept for as long
 * as the config object lives (treat configs as immutable); prefer compileRule in loops you own.
 */
export const evaluateRule = (config: EvaluatorConfig, item: EvalItem): Evaluation => {
  let rule = compiled.get(config);
  if (rule === undefined) {
    rule = compileRule(config);
    compiled.set(config, rule);
  }
  return rule(item);
};
