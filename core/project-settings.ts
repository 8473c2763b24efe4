import { z } from 'zod';
import { type ConsentSettings, consentSettingsSchema, DEFAULT_CONSENT } from './consent.js';
import { defaultTagMapping, type TagMapping } from './normalize/types.js';
import { resolveSignalSettings } from './signals/settings.js';
import type { SignalSettings } from './signals/types.js';

/** Per-project settings, stored as JSON on the project; every field optional, defaults below. */
export const projectSettingsSchema = z.object({
  /** Which attributes become release / environment / prompt version / model version / feature-flag tags. */
  tagMapping: z
    .object({
      release: z.array(z.string()),
      environment: z.array(z.string()),
      promptVersion: z.array(z.string()),
      modelVersion: z.array(z.string()),
      featureFlagPrefixes: z.array(z.string()),
    })
    .partial()
    .default({}),
  /** When the project's refresh cycle runs (cron, UTC): default weekly, Monday 06:00. */
  cycleCron: z.string().default('0 6 * * 1'),
  /** When drift watch recalibrates the project's evaluators (cron, UTC): default weekly, Monday 07:00. */
  driftCron: z.string().default('0 7 * * 1'),
  /**
   * The status rule for calibrated evaluators: gate needs MCC ≥ gate and a 95% lower bound ≥
   * gateLowerBound (with ≥ minPerClass labels per class); signal needs MCC ≥ signal and a lower
   * bound above signalLowerBound; anything else is revise.
   */
  calibration: z
    .object({
      gate: z.number().min(-1).max(1).default(0.6),
      gateLowerBound: z.number().min(-1).max(1).default(0.4),
      signal: z.number().min(-1).max(1).default(0.4),
      signalLowerBound: z.number().min(-1).max(1).default(0),
      minPerClass: z.number().int().min(2).default(10),
    })
    .default({ gate: 0.6, gateLowerBound: 0.4, signal: 0.4, signalLowerBound: 0, minPerClass: 10 }),
  /**
   * Reviewers and adjudication. `doubleReviewShare` (0..1): the share of each cycle's queued traces
   * that goes blind to two different reviewers; 0 (off) by default so that a project with one
   * reviewer never has a cycle waiting for a second one (0.2 is a good start once two review).
   * `adjudicators`: reviewer names (API key labels) who may settle disagreements besides admins.
   */
  review: z
    .object({
      doubleReviewShare: z.number().min(0).max(1).default(0),
      adjudicators: z.array(z.string().min(1)).default([]),
    })
    .default({ doubleReviewShare: 0, adjudicators: [] }),
  /** Extra personal-data patterns and an allowlist for reviewer-facing redaction. */
  redaction: z
    .object({
      extraPatterns: z.array(z.object({ kind: z.string().min(1), pattern: z.string().min(1) })).default([]),
      allowlist: z.array(z.string()).default([]),
    })
    .default({ extraPatterns: [], allowlist: [] }),
  /** Which attribute says a trace may be reviewed, and whether its absence means no (core/consent.ts). */
  consent: consentSettingsSchema.default(DEFAULT_CONSENT),
});

export type ProjectSettings = {
  tagMapping: TagMapping;
  signals: SignalSettings;
  redaction: { extraPatterns: { kind: string; pattern: string }[]; allowlist: string[] };
  cycleCron: string;
  driftCron: string;
  calibration: CalibrationSettings;
  consent: ConsentSettings;
  review: ReviewSettings;
};

/** Double review and adjudication (see `projectSettingsSchema.review`). */
export type ReviewSettings = z.infer<typeof projectSettingsSchema>['review'];

/** The status rule's thresholds (see `projectSettingsSchema.calibration`). */
export type CalibrationSettings = z.infer<typeof projectSettingsSchema>['calibration'];

const DEFAULT_CALIBRATION: CalibrationSettings = projectSettingsSchema.shape.calibration.parse(undefined);

/** Settings with defaults filled in; invalid stored settings fall back to the defaults field by field. */
export const resolveProjectSettings = (stored: unknown): ProjectSettings => {
  const parsed = projectSettingsSchema.safeParse(stored ?? {});
  const tagMapping = parsed.success ? parsed.data.tagMapping : {};
  const redaction = parsed.success ? parsed.data.redaction : { extraPatterns: [], allowlist: [] };
  const cycleCron = parsed.success ? parsed.data.cycleCron : '0 6 * * 1';
  const driftCron = parsed.success ? parsed.data.driftCron : '0 7 * * 1';
  const calibration = parsed.success ? parsed.data.calibration : DEFAULT_CALIBRATION;
  const consent = parsed.success ? parsed.data.consent : resolveConsent(stored);
  const review = parsed.success ? parsed.data.review : projectSettingsSchema.shape.review.parse(undefined);
  const signals = (stored as { signals?: unknown } | null | undefined)?.signals;
  return {
    tagMapping: { ...defaultTagMapping, ...tagMapping },
    signals: resolveSignalSettings(signals),
    redaction,
    cycleCron,
    driftCron,
    calibration,
    consent,
    review,
  };
};

/**
 * The consent rule when other stored settings are invalid: its own field if that parses, else
 * the strictest reading of what is there (a stored `required: true` is never dropped).
 */
const resolveConsent = (stored: unknown): ConsentSettings => {
  const raw = (stored as { consent?: unknown } | null | undefined)?.consent;
  const parsed = consentSettingsSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  return { ...DEFAULT_CONSENT, required: (raw as { required?: unknown } | null)?.required === true };
};
