import type { z } from 'zod';
import type { Permission } from '../../core/auth.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One documented answer: a JSON body (`schema`) unless `contentType` names another media type. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Default `application/json`. */
  contentType?: string;
}

/** A request body in a media type other than JSON (the OTLP receiver's protobuf), described in words. */
export interface RawBody {
  contentType: string;
  description: string;
  /** A JSON Schema for the body when it has one; a binary body has none. */
  schema?: z.ZodType;
}

/**
 * One HTTP operation as the OpenAPI document and the docs page describe it. The schemas are the
 * ones the route's handler validates with (imported from its module), so the document cannot drift
 * from what the route accepts; `test/openapi.test.ts` checks that every registered route is declared.
 */
export interface Operation {
  method: Method;
  /** OpenAPI form: `/api/traces/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** What the caller's key must allow (core/auth.ts); null: no key needed. */
  permission: Permission | null;
  /** Path parameters (a zod object whose keys are the `{names}` in `path`). */
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers beyond Authorization, as a zod object (header name → schema). */
  headers?: z.ZodObject;
  /** The JSON request body. */
  body?: z.ZodType;
  /** Request bodies in other media types (OTLP's protobuf). */
  rawBodies?: RawBody[];
  /** Success answers (and any error answer worth a word of its own) by status code. */
  responses: Record<number, ResponseSpec>;
}
