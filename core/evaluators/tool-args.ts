import type { ToolCall, ToolDefinition } from '../normalize/types.js';
import { EvaluatorConfigError, fieldPath } from './errors.js';
import { parseToolArguments } from './json-text.js';
import { compileEvaluatorPattern, type EvaluatorPattern } from './pattern.js';
import type { CompiledRule, ConfigOf } from './rule-types.js';
import { compileSchema, describeSchemaErrors } from './schema-validator.js';
import { listProblems, plural } from './text.js';
import type { EvalItem, Evaluation } from './types.js';

interface Expectation {
  pattern: EvaluatorPattern;
  tool: string;
}

/**
 * `tool_args`: every tool call's arguments must be JSON (blank arguments count as `{}`; calls whose
 * arguments were not recorded are not checked) and validate against the parameters schema that
 * the same trace declared for that tool. A call to a tool the trace did not declare fails unless
 * `rejectUnknownTools` is false — but when the trace declares no tools at all there is nothing to
 * check names against, and the explanation says so. A declared schema that does not compile is
 * the application's problem, not the model's: those arguments are only parsed (and that is said).
 * Each expectation whose `inputPattern` matches the input (case-insensitive) requires a call to its
 * `tool`; calling other tools instead is the "wrong tool" failure. Score 1 or 0.
 */
export const compileToolArgsRule = (config: ConfigOf<'tool_args'>, prefix = ''): CompiledRule => {
  const rejectUnknown = config.rejectUnknownTools ?? true;
  if (typeof rejectUnknown !== 'boolean') {
    throw new EvaluatorConfigError(fieldPath(prefix, 'rejectUnknownTools'), 'must be true or false');
  }
  const expectationsField = fieldPath(prefix, 'expectations');
  if (config.expectations !== undefined && !Array.isArray(config.expectations)) {
    throw new EvaluatorConfigError(expectationsField, 'must be a list of {inputPattern, tool}');
  }
  const expectations: Expectation[] = (config.expectations ?? []).map((e, i) => {
    const at = `${expectationsField}[${i}]`;
    if (typeof e?.tool !== 'string' || e.tool === '')
      throw new EvaluatorConfigError(`${at}.tool`, 'must be a tool name');
    return { pattern: compileEvaluatorPattern(e.inputPattern, `${at}.inputPattern`, { flags: 'i' }), tool: e.tool };
  });

  return (item: EvalItem): Evaluation => {
    const problems: string[] = [];
    const notes: string[] = [];
    const declared = new Map<string, ToolDefinition>();
    for (const d of item.toolDefinitions) if (!declared.has(d.name)) declared.set(d.name, d);
    item.toolCalls.forEach((call, i) => {
      const problem = checkCall(call, declared, rejectUnknown, notes);
      if (problem !== null) problems.push(`call ${i + 1} (${call.name}): ${problem}`);
    });
    let expected = 0;
    for (const e of expectations) {
      if (!e.pattern.regex.test(item.input)) continue;
      expected++;
      const problem = checkExpectation(e, item);
      if (problem !== null) problems.push(problem);
    }
    if (declared.size === 0 && item.toolCalls.length > 0) {
      notes.push('the trace declares no tools, so tool names and schemas were not checked');
    }
    const note = notes.length > 0 ? ` (${[...new Set(notes)].join('; ')})` : '';
    if (problems.length > 0) return { score: 0, explanation: `${listProblems(problems)}${note}` };
    const what = item.toolCalls.length === 0 ? 'no tool calls' : `${plural(item.toolCalls.length, 'tool call')} valid`;
    return { score: 1, explanation: `${what}${expected > 0 ? ', expected tools called' : ''}${note}` };
  };
};

const checkCall = (
  call: ToolCall,
  declared: Map<string, ToolDefinition>,
  rejectUnknown: boolean,
  notes: string[],
): string | null => {
  const definition = declared.get(call.name);
  if (definition === undefined && declared.size > 0 && rejectUnknown) {
    return `not a tool declared in this trace (declared: ${listProblems([...declared.keys()], 5, ', ')})`;
  }
  const parsed = parseToolArguments(call.arguments);
  if (parsed === null) return null;
  if (!parsed.ok) return `arguments ${parsed.error}`;
  const parameters = definition?.parameters;
  if (parameters === undefined || parameters === null || typeof parameters !== 'object') return null;
  const schema = compileSchema(parameters);
  if (!schema.ok) {
    notes.push(
      `the declared parameters of ${call.name} are not a valid JSON schema, so its arguments were only parsed`,
    );
    return null;
  }
  return schema.validate(parsed.value) ? null : `arguments ${describeSchemaErrors(schema.validate.errors, 2)}`;
};

/** For an expectation whose pattern matched the input: the problem, or null when its tool was called. */
const checkExpectation = (e: Expectation, item: EvalItem): string | null => {
  if (item.toolCalls.some((c) => c.name === e.tool)) return null;
  const because = `the input matches ${e.pattern.display}, so ${e.tool} should be called`;
  if (item.toolCalls.length === 0) return `missing tool call: ${because}, but no tool was called`;
  const called = [...new Set(item.toolCalls.map((c) => c.name))];
  return `wrong tool: ${because}, but the model called ${listProblems(called, 3, ', ')}`;
};
