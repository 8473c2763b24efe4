import { EvaluatorConfigError, fieldPath } from './errors.js';
import { parseJsonText, parseToolArguments } from './json-text.js';
import type { CompiledRule, ConfigOf } from './rule-types.js';
import { compileSchema, describeSchemaErrors } from './schema-validator.js';
import { listProblems, plural } from './text.js';
import type { EvalItem, Evaluation } from './types.js';

/**
 * `json_schema`: with target `output`, the output must be bare JSON (a ```json fenced block fails,
 * saying so) that validates against `schema`; with target `tool_arguments`, every call's arguments
 * (only calls to `tool`, when given) must parse and validate — calls whose arguments were not
 * recorded are skipped, and no calls at all passes (nothing to check; `tool_args` expectations
 * are the way to require a call). Score 1 or 0; the explanation lists the first schema errors
 * with their instance paths. The schema is compiled once (cached by its JSON).
 */
export const compileJsonSchemaRule = (config: ConfigOf<'json_schema'>, prefix = ''): CompiledRule => {
  const schemaField = fieldPath(prefix, 'schema');
  if (typeof config.schema !== 'object' || config.schema === null || Array.isArray(config.schema)) {
    throw new EvaluatorConfigError(schemaField, 'must be a JSON schema object');
  }
  const compiled = compileSchema(config.schema);
  if (!compiled.ok) throw new EvaluatorConfigError(schemaField, `is not a valid JSON schema (${compiled.error})`);
  const { validate } = compiled;
  if (config.target === 'output') {
    return (item) => {
      const parsed = parseJsonText(item.output);
      if (!parsed.ok) return { score: 0, explanation: `the output ${parsed.error}` };
      if (validate(parsed.value)) return { score: 1, explanation: 'the output is JSON matching the schema' };
      return {
        score: 0,
        explanation: `the output does not match the schema: ${describeSchemaErrors(validate.errors)}`,
      };
    };
  }
  if (config.target !== 'tool_arguments') {
    throw new EvaluatorConfigError(fieldPath(prefix, 'target'), 'must be output or tool_arguments');
  }
  const tool = config.tool;
  if (tool !== undefined && (typeof tool !== 'string' || tool === '')) {
    throw new EvaluatorConfigError(fieldPath(prefix, 'tool'), 'must be a tool name');
  }
  const scope = tool === undefined ? 'tool calls' : `calls to ${JSON.stringify(tool)}`;
  return (item: EvalItem): Evaluation => {
    const problems: string[] = [];
    let checked = 0;
    item.toolCalls.forEach((call, i) => {
      if (tool !== undefined && call.name !== tool) return;
      const parsed = parseToolArguments(call.arguments);
      if (parsed === null) return;
      checked++;
      const which = `call ${i + 1} (${call.name})`;
      if (!parsed.ok) problems.push(`${which}: arguments ${parsed.error}`);
      else if (!validate(parsed.value)) problems.push(`${which}: ${describeSchemaErrors(validate.errors, 2)}`);
    });
    if (checked === 0) return { score: 1, explanation: `no ${scope} with arguments to check` };
    if (problems.length === 0)
      return { score: 1, explanation: `${plural(checked, 'call')} ${checked === 1 ? 'matches' : 'match'} the schema` };
    return { score: 0, explanation: `arguments do not match the schema: ${listProblems(problems)}` };
  };
};
