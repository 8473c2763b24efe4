import type { JsonValue } from '../otlp/types.js';
import { asString, getField, isObject, type JsonObject, parseJsonish } from './attributes.js';
import type { ToolDefinition } from './types.js';

/**
 * One tool definition from any of the shapes in use: OTel GenAI `{type, name, description, parameters}`,
 * the OpenAI source format `{type: 'function', function: {name, description, parameters}}`, a bare
 * legacy function `{name, description, parameters}`, or Anthropic `{name, description, input_schema}`.
 * Built-in tools without a name (`{type: 'web_search'}`) are named by their type. JSON strings are parsed.
 */
export function toolDefinitionFromJson(value: JsonValue | undefined): ToolDefinition | null {
  const parsed = parseJsonish(value);
  if (!isObject(parsed)) return null;
  const inner = getField(parsed, 'function');
  const fn: JsonObject = isObject(inner) ? inner : parsed;
  const name =
    asString(getField(fn, 'name')) ?? asString(getField(parsed, 'name')) ?? asString(getField(parsed, 'type'));
  if (name === null) return null;
  const schema = getField(fn, 'parameters') ?? getField(fn, 'input_schema') ?? getField(fn, 'inputSchema');
  return {
    name,
    description: asString(getField(fn, 'description')) ?? asString(getField(parsed, 'description')),
    parameters: parseJsonish(schema) ?? null,
  };
}

/** Tool definitions from a list attribute (a JSON string or a structured array). */
export function toolDefinitionsFromJson(value: JsonValue | undefined): ToolDefinition[] {
  const parsed = parseJsonish(value);
  if (!Array.isArray(parsed)) return [];
  const out: ToolDefinition[] = [];
  for (const item of parsed) {
    const definition = toolDefinitionFromJson(item);
    if (definition !== null) out.push(definition);
  }
  return out;
}
