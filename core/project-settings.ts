import { z } from 'zod';
import { defaultTagMapping, type TagMapping } from './normalize/types.js';

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
});

export type ProjectSettings = { tagMapping: TagMapping };

/** Settings with defaults filled in; invalid stored settings fall back to the defaults field by field. */
export const resolveProjectSettings = (stored: unknown): ProjectSettings => {
  const parsed = projectSettingsSchema.safeParse(stored ?? {});
  const tagMapping = parsed.success ? parsed.data.tagMapping : {};
  return { tagMapping: { ...defaultTagMapping, ...tagMapping } };
};
