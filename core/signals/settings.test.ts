import { describe, expect, it } from 'vitest';
import { defaultSignalSettings, resolveSignalSettings, signalSettingsSchema } from './settings.js';

describe('resolveSignalSettings', () => {
  it.each([undefined, null, 'nonsense', [], {}])('gives the defaults for %j', (stored) => {
    expect(resolveSignalSettings(stored)).toEqual(defaultSignalSettings);
  });

  it('keeps valid fields and replaces invalid ones by their defaults', () => {
    const settings = resolveSignalSettings({
      resubmissionSimilarity: 0.8,
      resubmissionGapSeconds: -1,
      outlierZ: 'high',
      minBaseline: 50,
      contextLimits: { 'acme-llm-2': 32_000, bad: -5, worse: 'big', '': 10 },
    });
    expect(settings).toEqual({
      ...defaultSignalSettings,
      resubmissionSimilarity: 0.8,
      minBaseline: 50,
      contextLimits: { 'acme-llm-2': 32_000 },
    });
  });

  it('reads the invented-citation switches, defaulting each on its own', () => {
    expect(resolveSignalSettings({ inventedCitationNames: false, inventedCitation: 'off' })).toMatchObject({
      inventedCitation: true,
      inventedCitationNames: false,
    });
  });

  it('drops a predicate that does not parse and keeps the rest; a stored list replaces the defaults', () => {
    const settings = resolveSignalSettings({
      guardrailPredicates: [
        { attribute: 'moderation.flagged', op: 'equals', value: true },
        { attribute: 'x', op: 'matches', value: '(' },
        { attribute: 'y', op: 'lt' },
        { op: 'exists' },
      ],
      feedbackPredicates: [],
    });
    expect(settings.guardrailPredicates).toEqual([{ attribute: 'moderation.flagged', op: 'equals', value: true }]);
    expect(settings.feedbackPredicates).toEqual([]);
  });
});

describe('signalSettingsSchema', () => {
  it.each([
    [{ outlierZ: 0 }],
    [{ resubmissionSimilarity: 1.5 }],
    [{ minBaseline: 2 }],
    [{ guardrailPredicates: [{ attribute: 'a', op: 'matches', value: '[' }] }],
    [{ feedbackPredicates: [{ attribute: 'a', op: 'gt', value: 'abc' }] }],
    [{ inventedCitation: 'yes' }],
    [{ inventedCitationNames: 1 }],
  ])('rejects %j', (stored) => {
    expect(signalSettingsSchema.safeParse(stored).success).toBe(false);
  });

  it('accepts partial settings', () => {
    expect(signalSettingsSchema.safeParse({ outlierZ: 4, contextLimits: { 'acme-llm-2': 32_000 } }).success).toBe(true);
  });
});
