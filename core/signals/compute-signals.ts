import { detectContextPressure } from './context-pressure.js';
import { detectEmptyOutput } from './empty-output.js';
import { detectGuardrail } from './guardrail.js';
import { detectInventedCitation } from './invented-citation.js';
import type { SignalDetector } from './make-signal.js';
import { detectLatencyOutlier, detectTokenSpike } from './outliers.js';
import { detectResubmission } from './resubmission.js';
import { detectSpanError } from './span-error.js';
import { MIN_STRENGTH } from './strength.js';
import { detectToolError } from './tool-error.js';
import { detectToolRetry } from './tool-retry.js';
import { detectTruncation } from './truncation.js';
import { type Signal, type SignalInput, type SignalsWithNotes, signalNames } from './types.js';
import { detectUserFeedback } from './user-feedback.js';

const detectors: SignalDetector[] = [
  detectContextPressure,
  detectTokenSpike,
  detectResubmission,
  detectToolRetry,
  detectToolError,
  detectGuardrail,
  detectSpanError,
  detectTruncation,
  detectLatencyOutlier,
  detectEmptyOutput,
  detectUserFeedback,
  detectInventedCitation,
];

const order = (s: Signal) => signalNames.indexOf(s.name);

/**
 * The anomaly signals of one closed trace, at most one per name, strongest first (ties in
 * `signalNames` order), each with strength in [0, 1] (3 decimals) and a sentence for the reviewer.
 * Signals weaker than MIN_STRENGTH are dropped. `notes` say which signals could not be computed
 * and why (an unknown model's context window, too few baseline values, no recorded content).
 */
export function computeSignalsWithNotes(input: SignalInput): SignalsWithNotes {
  const notes: string[] = [];
  const signals = detectors
    .map((detect) => detect(input, notes))
    .filter((s): s is Signal => s !== null && s.strength >= MIN_STRENGTH)
    .sort((a, b) => b.strength - a.strength || order(a) - order(b));
  return { signals, notes: [...new Set(notes)] };
}

/** The anomaly signals of one closed trace (see computeSignalsWithNotes). */
export function computeSignals(input: SignalInput): Signal[] {
  return computeSignalsWithNotes(input).signals;
}
