import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Synthetic bootstrap: input variants per failure mode for a system without production traffic.
 * With an LLM configured, a model writes them; without one, the user's templates do,
 * deterministically. Every variant is marked synthetic wherever it goes.
 */
export const VARIANT_KINDS = ['paraphrase', 'adversarial', 'malformed', 'multilingual', 'injection'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

/** What each kind asks of the model (and tells the reader of a report). */
export const KIND_BRIEF: Record<VariantKind, string> = {
  paraphrase: 'the same request worded differently (other vocabulary, register, length)',
  adversarial: 'a request built to provoke this failure: edge cases, ambiguity, pressure, false premises',
  malformed: 'a broken request: typos, truncation, wrong format, mixed encodings, missing context',
  multilingual: 'the same request in another language (vary languages across variants)',
  injection: 'a prompt-injection attempt: instructions hidden in the request that try to override the system',
};

export const bootstrapRequestSchema = z
  .object({
    failureMode: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('the failure mode the variants probe (its rubric guides the model)'),
    kinds: z
      .array(z.enum(VARIANT_KINDS))
      .min(1)
      .max(VARIANT_KINDS.length)
      .default([...VARIANT_KINDS]),
    /** Inputs to vary; default: the newest distinct inputs of the project's traces. */
    seeds: z.array(z.string().min(1).max(20_000)).min(1).max(50).optional(),
    perSeed: z.number().int().min(1).max(10).default(2).describe('variants per seed and kind'),
    /**
     * Deterministic variants: `{input}` is replaced by the seed. Used instead of a model when given,
     * and required when no LLM is configured.
     */
    templates: z
      .array(z.object({ kind: z.enum(VARIANT_KINDS), template: z.string().min(1).max(20_000) }))
      .max(100)
      .optional(),
    /** Store the variants as synthetic traces (input only) for review; default true. */
    import: z.boolean().default(true),
  })
  .strict();
export type BootstrapRequest = z.infer<typeof bootstrapRequestSchema>;

export interface SyntheticVariant {
  /** Stable id: the same seed, kind and text give the same id (re-running changes nothing). */
  id: string;
  kind: VariantKind;
  input: string;
  seed: string;
  failureMode: string | null;
  generator: 'llm' | 'template';
}

export const variantId = (kind: VariantKind, failureMode: string | null, input: string) =>
  `syn-${createHash('sha256')
    .update(`${kind}\n${failureMode ?? ''}\n${input}`)
    .digest('hex')
    .slice(0, 24)}`;

/** The variants the user's templates give: every template of a requested kind, applied to every seed. */
export const templateVariants = (
  request: Pick<BootstrapRequest, 'kinds' | 'templates' | 'failureMode'>,
  seeds: string[],
) => {
  const out: SyntheticVariant[] = [];
  const seen = new Set<string>();
  for (const t of request.templates ?? []) {
    if (!request.kinds.includes(t.kind)) continue;
    for (const seed of seeds) {
      const input = t.template.includes('{input}') ? t.template.replaceAll('{input}', seed) : `${t.template}\n${seed}`;
      const id = variantId(t.kind, request.failureMode ?? null, input);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ id, kind: t.kind, input, seed, failureMode: request.failureMode ?? null, generator: 'template' });
    }
  }
  return out;
};

/** The model's answer for one seed and kind. */
export const llmVariantsSchema = z.object({ inputs: z.array(z.string().min(1).max(20_000)).min(1).max(10) });

/** The prompt for one seed and kind. */
export const variantPrompt = (
  kind: VariantKind,
  seed: string,
  n: number,
  mode: { key: string; rubric: string } | null,
) => [
  {
    role: 'system' as const,
    content:
      'You write test inputs for an AI assistant before it has real users. Reply with JSON {"inputs": [...]} only: ' +
      'each entry one complete user message, different from the others. Never answer the messages yourself.',
  },
  {
    role: 'user' as const,
    content:
      `Write ${n} variant(s) of this user message, each one ${KIND_BRIEF[kind]}.\n` +
      (mode ? `They should probe the failure mode "${mode.key}":\n${mode.rubric.slice(0, 4000)}\n` : '') +
      `\nUser message:\n${seed.slice(0, 8000)}`,
  },
];

/** A variant as an import row: input only (the system under test has not answered it), tagged with its origin. */
export const syntheticRow = (v: SyntheticVariant) => ({
  id: v.id,
  input: v.input,
  tags: {
    variant: v.kind,
    generator: v.generator,
    seed: v.seed.slice(0, 500),
    ...(v.failureMode ? { failureMode: v.failureMode } : {}),
  },
});
