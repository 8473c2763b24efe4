import { z } from 'zod';

/**
 * Loose response shapes: the envelope keys and the identifiers a client needs are named; the rest of
 * a row (stored columns, reports) is left open, described in words.
 */
export const row = (description: string, fields: z.ZodRawShape = {}) => z.looseObject(fields).describe(description);

/** `{ [key]: row }`. */
export const one = (key: string, item: z.ZodType) => z.object({ [key]: item });

/** `{ [key]: row[] }`. */
export const many = (key: string, item: z.ZodType) => z.object({ [key]: z.array(item) });

/** The one error shape (api/errors.ts). */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('bad_request, unauthorized, forbidden, not_found, conflict, ...'),
      message: z.string().describe('what was wrong and how to fix it'),
      field: z.string().optional().describe('the request field at fault, when there is one'),
    }),
  })
  .describe('An error: one JSON shape for every 4xx and 5xx');
