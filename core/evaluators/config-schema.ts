import { z } from 'zod';
import type { EvaluatorConfig } from './types.js';

const fieldPath = z.enum(['output', 'input', 'any_message', 'tool_arguments', 'tool_results']);
const pattern = (what: string) => z.string().min(1, `write the ${what}`).max(2000);

const regex = z.object({
  kind: z.literal('regex'),
  pattern: pattern('pattern'),
  flags: z
    .string()
    .regex(/^[imsu]*$/, 'flags: only i, m, s and u')
    .optional(),
  mode: z.enum(['must_match', 'must_not_match']),
  field: fieldPath,
});

const jsonSchema = z.object({
  kind: z.literal('json_schema'),
  schema: z.record(z.string(), z.unknown()),
  target: z.enum(['output', 'tool_arguments']),
  tool: z.string().min(1).max(200).optional(),
});

const length = z
  .object({
    kind: z.literal('length'),
    unit: z.enum(['chars', 'tokens']),
    max: z.number().int('a whole number').positive('more than 0'),
    min: z.number().int('a whole number').min(0).optional(),
    summaryPattern: z.string().min(1).max(2000).optional(),
  })
  .refine((c) => c.min === undefined || c.min <= c.max, { message: 'min must not exceed max', path: ['min'] });

const bannedPhrases = z.object({
  kind: z.literal('banned_phrases'),
  phrases: z.array(z.string().min(1).max(500)).min(1, 'list at least one phrase').max(1000),
  field: fieldPath,
});

const toolArgs = z.object({
  kind: z.literal('tool_args'),
  expectations: z
    .array(z.object({ inputPattern: pattern('input pattern'), tool: z.string().min(1).max(200) }))
    .max(200)
    .optional(),
  rejectUnknownTools: z.boolean().optional(),
});

const citation = z.object({
  kind: z.literal('citation'),
  pattern: z.string().min(1).max(2000).optional(),
  checkQuotes: z.boolean().optional(),
  minQuoteWords: z.number().int('a whole number').min(1).max(1000).optional(),
});

const fewShot = z.object({
  input: z.string(),
  output: z.string(),
  verdict: z.enum(['pass', 'fail']),
  critique: z.string().nullable(),
});

const judge = z.object({
  kind: z.literal('judge'),
  rubric: z.string().trim().min(1, 'write the rubric').max(20_000),
  model: z.string().min(1, 'pin a model snapshot').max(200),
  provider: z.string().min(1).max(200),
  fewShot: z.array(fewShot).max(50).default([]),
});

/** A trained classifier is kept as trained (its weights come from generation, not from a person). */
const classifier = z.object({
  kind: z.literal('classifier'),
  model: z.object({ dimensions: z.number(), weights: z.array(z.number()), bias: z.number() }).passthrough(),
});

type Schema = z.ZodType<EvaluatorConfig>;

/**
 * Every evaluator kind's config (core/evaluators/types.ts), checked at the edges: the API's
 * `POST /api/evaluators` and the evaluator page's edit form use this one schema, so both refuse
 * the same input with the same message.
 */
export const evaluatorConfigSchema: Schema = z.lazy(() =>
  z.discriminatedUnion('kind', [
    regex,
    jsonSchema,
    length,
    bannedPhrases,
    toolArgs,
    citation,
    judge,
    classifier,
    z.object({
      kind: z.literal('composite'),
      op: z.enum(['all', 'any']),
      children: z.array(evaluatorConfigSchema).min(1, 'a composite needs at least one child').max(20),
    }),
  ]),
) as unknown as Schema;

export const EVALUATOR_KINDS = [
  'regex',
  'banned_phrases',
  'length',
  'json_schema',
  'tool_args',
  'citation',
  'judge',
  'classifier',
  'composite',
] as const;
