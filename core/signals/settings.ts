import { z } from 'zod';
import { compilePattern } from './predicates.js';
import type { AttributePredicate, SignalSettings } from './types.js';

/**
 * Signal settings every project starts with. Re-submission: intent match ≥ 0.45 within 10 minutes.
 * Outliers: robust z ≥ 3.5 (Iglewicz & Hoaglin's cut-off for the modified z-score) over ≥ 20
 * baseline values. Guardrail and feedback predicates cover the common attribute spellings.
 */
export const defaultSignalSettings: SignalSettings = {
  contextLimits: {},
  resubmissionSimilarity: 0.45,
  resubmissionGapSeconds: 600,
  outlierZ: 3.5,
  minBaseline: 20,
  guardrailPredicates: [{ attribute: 'guardrail.triggered', op: 'equals', value: true }],
  feedbackPredicates: [
    { attribute: 'user.feedback', op: 'matches', value: '^(thumbs_down|negative|bad)$' },
    { attribute: 'feedback.score', op: 'lt', value: 0.5 },
  ],
  inventedCitation: true,
  inventedCitationNames: true,
};

/** An attribute predicate; `value` is required except for `exists`, and `matches` needs a valid regex. */
export const attributePredicateSchema = z
  .object({
    attribute: z.string().min(1).max(200),
    op: z.enum(['equals', 'lt', 'gt', 'matches', 'exists']),
    value: z.union([z.string().max(500), z.number(), z.boolean()]).optional(),
    label: z.string().max(200).optional(),
  })
  .refine((p) => p.op === 'exists' || p.value !== undefined, { message: 'value is required for this op' })
  .refine((p) => (p.op !== 'lt' && p.op !== 'gt') || Number.isFinite(Number(p.value)), {
    message: 'lt / gt need a numeric value',
  })
  .refine((p) => p.op !== 'matches' || (typeof p.value === 'string' && compilePattern(p.value) !== null), {
    message:
      'matches needs a valid regular expression without backreferences or lookaround (patterns run on a linear-time engine)',
  });

const fieldSchemas = {
  contextLimits: z.record(z.string().min(1).max(200), z.number().int().positive()),
  resubmissionSimilarity: z.number().gt(0).max(1),
  resubmissionGapSeconds: z.number().positive(),
  outlierZ: z.number().positive(),
  minBaseline: z.number().int().min(3),
  guardrailPredicates: z.array(attributePredicateSchema).max(50),
  feedbackPredicates: z.array(attributePredicateSchema).max(50),
  inventedCitation: z.boolean(),
  inventedCitationNames: z.boolean(),
};

/**
 * Strict schema of stored signal settings, every field optional: for validating what a user
 * writes (the API reports what is wrong) before it is stored.
 */
export const signalSettingsSchema = z.object(fieldSchemas).partial();

/**
 * Settings with defaults filled in, from whatever is stored. Lenient, field by field: a missing
 * or invalid field takes its default, a context-limit entry that is not a positive integer is
 * dropped, and so is a predicate that does not parse, so one bad entry never disables the rest.
 * Stored predicate lists replace the defaults (so a project can remove them).
 */
export function resolveSignalSettings(stored: unknown): SignalSettings {
  const source = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? stored : {};
  const field = (key: keyof SignalSettings): unknown =>
    Object.hasOwn(source, key) ? Reflect.get(source, key) : undefined;
  const scalar = <T>(schema: z.ZodType<T>, key: keyof SignalSettings, fallback: T): T => {
    const parsed = schema.safeParse(field(key));
    return parsed.success ? parsed.data : fallback;
  };
  const predicates = (key: 'guardrailPredicates' | 'feedbackPredicates'): AttributePredicate[] => {
    const value = field(key);
    if (!Array.isArray(value)) return [...defaultSignalSettings[key]];
    return value.flatMap((item) => {
      const parsed = attributePredicateSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  };
  const limits = field('contextLimits');
  const contextLimits: Record<string, number> = {};
  if (typeof limits === 'object' && limits !== null && !Array.isArray(limits)) {
    for (const [model, tokens] of Object.entries(limits)) {
      if (model !== '' && typeof tokens === 'number' && Number.isInteger(tokens) && tokens > 0) {
        contextLimits[model] = tokens;
      }
    }
  }
  return {
    contextLimits,
    resubmissionSimilarity: scalar(
      fieldSchemas.resubmissionSimilarity,
      'resubmissionSimilarity',
      defaultSignalSettings.resubmissionSimilarity,
    ),
    resubmissionGapSeconds: scalar(
      fieldSchemas.resubmissionGapSeconds,
      'resubmissionGapSeconds',
      defaultSignalSettings.resubmissionGapSeconds,
    ),
    outlierZ: scalar(fieldSchemas.outlierZ, 'outlierZ', defaultSignalSettings.outlierZ),
    minBaseline: scalar(fieldSchemas.minBaseline, 'minBaseline', defaultSignalSettings.minBaseline),
    guardrailPredicates: predicates('guardrailPredicates'),
    feedbackPredicates: predicates('feedbackPredicates'),
    inventedCitation: scalar(fieldSchemas.inventedCitation, 'inventedCitation', defaultSignalSettings.inventedCitation),
    inventedCitationNames: scalar(
      fieldSchemas.inventedCitationNames,
      'inventedCitationNames',
      defaultSignalSettings.inventedCitationNames,
    ),
  };
}
