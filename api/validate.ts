import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler, ValidationTargets } from 'hono';
import { z } from 'zod';
import { AppError } from '../core/errors.js';

const NUL = '\u0000';

/**
 * An ISO 8601 instant with an offset, handed on in UTC (`…Z`). The ISO pattern alone lets through
 * what Postgres refuses (offsets beyond ±15:59, years outside 1–9999 once in UTC): a 400 here, not a 500 there.
 */
export const isoInstant = z.iso
  .datetime({ offset: true })
  .refine((s) => {
    const year = new Date(s).getUTCFullYear();
    return year >= 1 && year <= 9999;
  }, 'an instant between the years 1 and 9999 (UTC)')
  .transform((s) => new Date(s).toISOString());

const nulError = (field: string) =>
  new AppError('bad_request', `${field}: contains a NUL character (U+0000, %00), which text cannot hold; remove it`, {
    field,
  });

/** The path of the first string (or object key) holding a NUL character in a parsed value, or null. */
export const findNul = (value: unknown, path: string): string | null => {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) {
      if (key.includes(NUL)) return `${path}.${key.replaceAll(NUL, '\\0')}`;
      const found = findNul(entry, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
};

/** zod validation of a request part; failures become 400s that name the wrong field. */
export const validate = <Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) =>
  zValidator(target, schema, (result) => {
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') || target;
      throw new AppError('bad_request', `${field}: ${issue?.message ?? 'invalid'}`, { field });
    }
    // A NUL passes most schemas but no text column: refuse it here, naming the field.
    const found = findNul(result.data, target);
    if (found) throw nulError(found.slice(target.length + 1) || target);
  });

const decoded = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Refuses path segments and query parameters that hold a NUL character, before any route runs
 * (not every route validates its path): 400 naming the query parameter, or the path segment.
 * JSON bodies are checked by `validate('json', ...)`.
 */
export const rejectNulInUrl = (): MiddlewareHandler => async (c, next) => {
  const url = new URL(c.req.url);
  const segments = url.pathname.split('/');
  for (let i = 0; i < segments.length; i++) {
    if (decoded(segments[i]!).includes(NUL)) throw nulError(`path segment ${i} ("${segments[i]}")`);
  }
  for (const [key, value] of url.searchParams) {
    if (key.includes(NUL)) throw nulError(`query parameter "${key.replaceAll(NUL, '%00')}"`);
    if (value.includes(NUL)) throw nulError(key);
  }
  await next();
};
