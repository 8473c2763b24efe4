import { roundStrength } from './strength.js';
import type { Signal, SignalInput, SignalName } from './types.js';

/** A signal with its strength clamped to [0, 1] and rounded to 3 decimals. */
export function makeSignal(
  name: SignalName,
  strength: number,
  explanation: string,
  evidence?: Signal['evidence'],
): Signal {
  return evidence === undefined
    ? { name, strength: roundStrength(strength), explanation }
    : { name, strength: roundStrength(strength), explanation, evidence };
}

/**
 * One signal detector: reads the trace, returns its signal or null, and pushes a note when the
 * signal could not be computed (unknown model, too few baseline values, ...).
 */
export type SignalDetector = (input: SignalInput, notes: string[]) => Signal | null;
