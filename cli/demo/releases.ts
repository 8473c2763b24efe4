import type { FailureModeKey } from './failure-modes.js';

/** The releases the demo plays: a baseline, a harmless change, and one that invents citations. */
export const demoReleases = {
  baseline: '2026.11.1',
  harmless: '2026.11.2-harmless',
  citations: '2026.11.2-citations',
} as const;

export type FailureRates = Record<FailureModeKey, number>;

/** About 5% per failure mode, 80% of traces fine. */
export const defaultFailureRates: FailureRates = {
  invented_citation: 0.05,
  wrong_tool: 0.05,
  ignored_tool_result: 0.05,
  over_budget: 0.05,
};

/** How a release writes and fails. */
export interface ReleaseProfile {
  /** Multiplies each mode's failure rate. */
  rateMultipliers: Partial<Record<FailureModeKey, number>>;
  /** Phrases an answer may open with (include '' for none). */
  openers: string[];
  /** Phrases an answer may close with. */
  closings: string[];
}

const baselineStyle = {
  openers: ['', '', '', 'Sure. ', 'Good question. ', 'Here is what I found: '],
  closings: ['', '', '', ' Let me know if you need more detail.', ' Happy to dig further.'],
};

const friendlierStyle = {
  openers: ['', '', 'Happy to help! ', 'Great question! ', 'Here’s what I found: ', 'Certainly. '],
  closings: ['', '', ' Anything else I can look up for you?', ' Hope that helps!'],
};

/**
 * The profile of a release by its name: `…-harmless` only changes greetings, `…-citations` also
 * invents citations four times as often; any other name behaves like the baseline.
 */
export const releaseProfile = (release: string): ReleaseProfile => {
  if (release.endsWith('-citations')) return { rateMultipliers: { invented_citation: 4 }, ...friendlierStyle };
  if (release.endsWith('-harmless')) return { rateMultipliers: {}, ...friendlierStyle };
  return { rateMultipliers: {}, ...baselineStyle };
};

/** The failure rates of a release: the given (or default) rates times the release's multipliers. */
export const releaseFailureRates = (release: string, rates: Partial<FailureRates> = {}): FailureRates => {
  const { rateMultipliers } = releaseProfile(release);
  const out = { ...defaultFailureRates, ...rates };
  for (const key of Object.keys(out) as FailureModeKey[])
    out[key] = Math.max(0, out[key] * (rateMultipliers[key] ?? 1));
  const total = Object.values(out).reduce((a, b) => a + b, 0);
  if (total > 1) for (const key of Object.keys(out) as FailureModeKey[]) out[key] /= total;
  return out;
};
