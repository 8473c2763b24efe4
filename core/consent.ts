import { z } from 'zod';

/**
 * Consent to human review. The method samples production traces for review only with the
 * users' consent: a span attribute (default `user.consent.review` or `evalloop.consent`) says
 * whether this trace may be reviewed. Per project, absence of the attribute means "may be
 * reviewed" (the default, for backward compatibility) or "may not" (`required: true`).
 */
export const DEFAULT_CONSENT_ATTRIBUTES = ['user.consent.review', 'evalloop.consent'];

export const consentSettingsSchema = z.object({
  /** The span attributes that carry consent, checked in this order on every span of a trace. */
  attributes: z.array(z.string().trim().min(1).max(256)).min(1).max(20).default(DEFAULT_CONSENT_ATTRIBUTES),
  /** When true, a trace without any consent attribute is never reviewed. */
  required: z.boolean().default(false),
});

export type ConsentSettings = z.infer<typeof consentSettingsSchema>;

export const DEFAULT_CONSENT: ConsentSettings = { attributes: DEFAULT_CONSENT_ATTRIBUTES, required: false };

/**
 * What a trace's spans said: `granted`, `refused`, `invalid` (a value that is neither yes nor
 * no: treated as a refusal, never as consent) or null (no span carried a consent attribute).
 */
export type ConsentState = 'granted' | 'refused' | 'invalid' | null;

const YES = new Set(['true', 'yes', 'y', '1', 'granted', 'given', 'allow', 'allowed', 'opt-in', 'opted-in', 'on']);
const NO = new Set([
  'false',
  'no',
  'n',
  '0',
  'refused',
  'denied',
  'deny',
  'revoked',
  'withdrawn',
  'opt-out',
  'opted-out',
  'off',
]);

/** One attribute value's answer: a boolean, a number 1/0, or a yes/no word (any case). */
export const readConsentValue = (value: unknown): Exclude<ConsentState, null> => {
  if (value === true || value === 1) return 'granted';
  if (value === false || value === 0) return 'refused';
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (YES.has(word)) return 'granted';
    if (NO.has(word)) return 'refused';
  }
  return 'invalid';
};

const SEVERITY: Record<Exclude<ConsentState, null>, number> = { granted: 0, invalid: 1, refused: 2 };

/**
 * The consent of a trace from its spans' attributes: a refusal wins over an unreadable value,
 * which wins over a grant, wherever it arrives (a late span that withdraws consent withdraws it).
 */
export const consentOfSpans = (
  spans: readonly { attributes: Record<string, unknown> | null | undefined }[],
  attributes: readonly string[],
): ConsentState => {
  let state: ConsentState = null;
  for (const span of spans) {
    for (const name of attributes) {
      const value = span.attributes?.[name];
      if (value === undefined || value === null) continue;
      const answer = readConsentValue(value);
      if (state === null || SEVERITY[answer] > SEVERITY[state]) state = answer;
      if (state === 'refused') return state;
    }
  }
  return state;
};

/** Why a trace may or may not be reviewed. */
export type ConsentReason = 'granted' | 'not_required' | 'missing' | 'refused' | 'invalid';

export const consentReason = (state: ConsentState, settings: ConsentSettings): ConsentReason => {
  if (state === 'granted') return 'granted';
  if (state === 'refused' || state === 'invalid') return state;
  return settings.required ? 'missing' : 'not_required';
};

export const mayReview = (state: ConsentState, settings: ConsentSettings) =>
  ['granted', 'not_required'].includes(consentReason(state, settings));

/** Plain words for each exclusion reason (queue fill reports, pages). */
export const EXCLUSION_WORDS: Record<'missing' | 'refused' | 'invalid', string> = {
  missing: 'no consent attribute (consent is required)',
  refused: 'consent refused or withdrawn',
  invalid: 'consent attribute with an unreadable value (treated as no)',
};

/**
 * The SQL condition "this trace may be reviewed", over a `traces` row aliased `alias`, with the
 * project's `required` switch as parameter `$n` (boolean). Never null (a missing trace row reads as
 * "no attribute"), so `not` of it is safe.
 */
export const reviewableSql = (alias: string, requiredParam: number) =>
  `(${alias}.consent is not distinct from 'granted' or (${alias}.consent is null and not $${requiredParam}::boolean))`;
