import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * One Ajv instance for every evaluator: `strict: false` because tool schemas in traces carry
 * vendor keywords (`strict`, `additionalProperties` on non-objects, ...), `allErrors` so an
 * explanation can list several problems, formats from ajv-formats (`email`, `date-time`, ...), and
 * `addUsedSchema: false` so two schemas with the same `$id` do not collide.
 */
const ajv = new Ajv({ strict: false, allErrors: true, addUsedSchema: false });
addFormats.default(ajv);

/** Compiled validators kept, by schema JSON; the oldest are dropped beyond this (trace schemas vary). */
const MAX_CACHED = 500;
const byJson = new Map<string, CompiledSchema>();
const byObject = new WeakMap<object, CompiledSchema>();

export type CompiledSchema = { ok: true; validate: ValidateFunction } | { ok: false; error: string };

/**
 * A validator for `schema`, compiled once per distinct schema (by JSON text; by identity first, so
 * evaluating one item's tool schemas with several rules does not re-serialize them). Never throws:
 * a schema that does not compile comes back as `{ ok: false, error }`.
 */
export const compileSchema = (schema: unknown): CompiledSchema => {
  const isObject = typeof schema === 'object' && schema !== null;
  if (isObject) {
    const hit = byObject.get(schema);
    if (hit) return hit;
  }
  if (typeof schema !== 'boolean' && !(isObject && !Array.isArray(schema))) {
    return { ok: false, error: 'a JSON schema must be an object or a boolean' };
  }
  const key = JSON.stringify(schema);
  let compiled = byJson.get(key);
  if (!compiled) {
    const own = JSON.parse(key) as object | boolean;
    try {
      compiled = { ok: true, validate: ajv.compile(own) };
    } catch (err) {
      compiled = { ok: false, error: (err as Error).message };
    }
    if (byJson.size >= MAX_CACHED) evictOldest();
    byJson.set(key, compiled);
  }
  if (isObject) byObject.set(schema, compiled);
  return compiled;
};

const evictOldest = () => {
  const oldest = byJson.entries().next().value;
  if (!oldest) return;
  byJson.delete(oldest[0]);
  if (oldest[1].ok) ajv.removeSchema(oldest[1].validate.schema);
};

/** `/items/0/name must be string` for the first `max` errors; paths are JSON pointers into the value. */
export const describeSchemaErrors = (errors: ErrorObject[] | null | undefined, max = 3): string => {
  if (!errors || errors.length === 0) return 'does not match the schema';
  const parts = errors.slice(0, max).map((e) => {
    const where = e.instancePath || '(root)';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : '';
    return `${where} ${e.message ?? e.keyword}${extra}`;
  });
  return errors.length > max ? `${parts.join('; ')}; and ${errors.length - max} more` : parts.join('; ');
};
