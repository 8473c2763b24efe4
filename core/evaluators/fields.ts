import { EvaluatorConfigError } from './errors.js';
import type { EvalItem, FieldPath } from './types.js';

export const FIELD_PATHS: readonly FieldPath[] = ['output', 'input', 'any_message', 'tool_arguments', 'tool_results'];

/** How a field is named in explanations. */
export const FIELD_LABELS: Record<FieldPath, string> = {
  output: 'the output',
  input: 'the input',
  any_message: 'a message',
  tool_arguments: 'the tool arguments',
  tool_results: 'the tool results',
};

/** The `field` of a config, checked (configs arrive as JSON). */
export const checkFieldPath = (value: unknown, field: string): FieldPath => {
  if (typeof value === 'string' && (FIELD_PATHS as readonly string[]).includes(value)) return value as FieldPath;
  throw new EvaluatorConfigError(field, `must be one of ${FIELD_PATHS.join(', ')} (got ${JSON.stringify(value)})`);
};

/**
 * The text a check looks at: the output or input as is; `any_message` every message's content,
 * `tool_arguments` every call's arguments, `tool_results` every call's result and error — each
 * joined with newlines (missing values skipped), '' when there are none.
 */
export const fieldText = (item: EvalItem, path: FieldPath): string => {
  switch (path) {
    case 'output':
      return item.output;
    case 'input':
      return item.input;
    case 'any_message':
      return joinPresent(item.messages.map((m) => m.content));
    case 'tool_arguments':
      return joinPresent(item.toolCalls.map((c) => c.arguments));
    case 'tool_results':
      return joinPresent(item.toolCalls.flatMap((c) => [c.result, c.error]));
  }
};

const joinPresent = (parts: (string | null | undefined)[]) =>
  parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n');
