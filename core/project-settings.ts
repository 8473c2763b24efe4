import { z } from 'zod';
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
  /** Extra personal-data patterns and an allowlist for reviewer-facing redaction. */
  redaction: z
    .object({
      extraPatterns: z.array(z.object({ kind: z.string().min(1), pattern: z.string().min(1) })).default([]),
      allowlist: z.array(z.string()).default([]),
    })
    .default({ extraPatterns: [], allowlist: [] }),
});

export type ProjectSettings = {
  tagMapping: TagMapping;
  signals: SignalSettings;
  redaction: { extraPatterns: { kind: string; pattern: string }[]; allowlist: string[] };
  cycleCron: string;
  driftCron: string;
};

/** Settings with defaults filled in; invalid stored settings fall back to the defaults field by field. */
export const resolveProjectSettings = (stored: unknown): ProjectSettings => {
  const parsed = projectSettingsSchema.safeParse(stored ?? {});
  const tagMapping = parsed.success ? parsed.data.tagMapping : {};
  const redaction = parsed.success ? parsed.data.redaction : { extraPatterns: [], allowlist: [] };
  const cycleCron = parsed.success ? parsed.data.cycleCron : '0 6 * * 1';
  const driftCron = parsed.success ? parsed.data.driftCron : '0 7 * * 1';
  const signals = (stored as { signals?: unknown } | null | undefined)?.signals;
  return {
    tagMapping: { ...defaultTagMapping, ...tagMapping },
    signals: resolveSignalSettings(signals),
    redaction,
    cycleCron,
    driftCron,
  };
};
