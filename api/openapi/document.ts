import { z } from 'zod';
import { type Permission, roleAllows, roles } from '../../core/auth.js';
import type { Operation, ResponseSpec } from './operation.js';
import { errorBody } from './shapes.js';

type JsonSchema = Record<string, unknown>;

/** The JSON Schema (2020-12, as OpenAPI 3.1 uses) of what a request may send, or a response holds. */
const jsonSchemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/**
 * Moves a schema's `$defs` (recursive or shared parts, e.g. a composite evaluator's children) into
 * `components.schemas` as `<prefix>_<name>` and points its `$ref`s there: in an OpenAPI document a
 * `#/$defs/...` pointer would resolve against the document root, where nothing is.
 */
const hoistDefs = (json: JsonSchema, prefix: string, schemas: Record<string, JsonSchema>): JsonSchema => {
  const { $defs, ...rest } = json as JsonSchema & { $defs?: Record<string, JsonSchema> };
  if (!$defs) return json;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
          ? `#/components/schemas/${prefix}_${v.slice('#/$defs/'.length)}`
          : rewrite(v),
      ]),
    );
  };
  for (const [name, def] of Object.entries($defs)) schemas[`${prefix}_${name}`] = rewrite(def) as JsonSchema;
  return rewrite(rest) as JsonSchema;
};

/** The roles whose keys may call a route that needs `permission`. */
export const rolesFor = (permission: Permission) => roles.filter((role) => roleAllows(role, permission));

const ERROR_REF = { $ref: '#/components/schemas/Error' };

const STANDARD_ERRORS: Record<number, string> = {
  400: 'bad input: the message names the field and what was wrong',
  401: 'missing, unknown or revoked API key',
  403: 'the key’s role may not do this',
  404: 'no such resource in this project',
};

const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

const parametersOf = (schema: z.ZodObject | undefined, location: 'path' | 'query' | 'header') => {
  if (!schema) return [];
  const json = jsonSchemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
};

const responseOf = (spec: ResponseSpec) => {
  const contentType = spec.contentType ?? 'application/json';
  const schema = spec.schema ? jsonSchemaOf(spec.schema, 'output') : contentType === 'application/json' ? {} : null;
  return {
    description: spec.description,
    content: { [contentType]: schema ? { schema } : { schema: { type: 'string' } } },
  };
};

const authText = (permission: Permission | null) =>
  permission
    ? `Requires \`Authorization: Bearer <key>\` with role ${rolesFor(permission).join(' or ')} (or the web UI's session).`
    : 'No key needed.';

/** One operation object; request body schemas go to `components.schemas`. */
const operationObject = (op: Operation, schemas: Record<string, JsonSchema>) => {
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(op.responses)) responses[status] = responseOf(spec);
  const standard = [
    ...(op.params || op.query || op.body || op.rawBodies ? [400] : []),
    ...(op.permission ? [401, 403] : []),
    ...(op.params ? [404] : []),
  ];
  for (const status of standard) {
    responses[status] ??= {
      description: STANDARD_ERRORS[status],
      content: { 'application/json': { schema: ERROR_REF } },
    };
  }
  const content: Record<string, unknown> = {};
  let bodyRequired = false;
  if (op.body) {
    const name = `${pascal(op.operationId)}Request`;
    schemas[name] = hoistDefs(jsonSchemaOf(op.body, 'input'), name, schemas);
    content['application/json'] = { schema: { $ref: `#/components/schemas/${name}` } };
    // The validator reads a missing JSON body as {}: the body is optional where {} is valid.
    bodyRequired = !op.body.safeParse({}).success;
  }
  for (const raw of op.rawBodies ?? []) {
    content[raw.contentType] = raw.schema
      ? { schema: { ...jsonSchemaOf(raw.schema, 'input'), description: raw.description } }
      : { schema: { description: raw.description } };
    bodyRequired = true;
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, authText(op.permission)].filter(Boolean).join('\n\n'),
    tags: [op.tag],
    ...(op.permission
      ? { security: [{ bearerAuth: [] }], 'x-permission': op.permission, 'x-roles': rolesFor(op.permission) }
      : { security: [] }),
    parameters: [
      ...parametersOf(op.params, 'path'),
      ...parametersOf(op.query, 'query'),
      ...parametersOf(op.headers, 'header'),
    ],
    ...(Object.keys(content).length > 0 ? { requestBody: { required: bodyRequired, content } } : {}),
    responses,
  };
};

/** The OpenAPI 3.1 document of `operations`. */
export const buildOpenApiDocument = (
  operations: readonly Operation[],
  tags: Record<string, string>,
  version: string,
) => {
  const schemas: Record<string, JsonSchema> = { Error: jsonSchemaOf(errorBody, 'output') };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const item = paths[op.path] ?? {};
    paths[op.path] = item;
    if (item[op.method]) throw new Error(`operation declared twice: ${op.method.toUpperCase()} ${op.path}`);
    item[op.method] = operationObject(op, schemas);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'evalloop API',
      version,
      description:
        'REST API of evalloop: traces, the review queue, labels, failure modes, datasets, evaluators, cycles and release gates, plus the OTLP/HTTP receiver. Every key belongs to one project and sees only its data.',
    },
    tags: Object.entries(tags).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'an API key (evl_…) of the project' },
      },
    },
  };
};

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
