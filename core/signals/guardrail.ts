import { quote, squeeze } from './format.js';
import { parseJsonOutput, trippedIn, trippedInText } from './guardrail-verdict.js';
import type { SignalDetector } from './make-signal.js';
import { makeSignal } from './make-signal.js';
import { describePredicate, matchPredicate } from './predicates.js';
import { noisyOr } from './strength.js';
import { andMore, spanLabel, spansByStart } from './trace-spans.js';
import type { SignalSpan } from './types.js';

/** Finish reasons that mean a provider's safety system withheld or cut the answer. */
export const FILTER_FINISH_REASONS = new Set([
  'content_filter',
  'safety',
  'refusal',
  'blocklist',
  'prohibited_content',
  'spii',
  'recitation',
]);

const TRIPPED = 0.8;
const FILTERED = 0.7;

/** Raw attributes that carry content, not a verdict (a prompt that mentions "blocked" is no trip). */
const CONTENT_ATTRIBUTE = /(?:^|\.)(?:input|output|prompt|completion|content|messages?)(?:\.|$)/;

const verdictAttributes = (attributes: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(attributes).filter(([key]) => !CONTENT_ATTRIBUTE.test(key)));

/** How a tripped guardrail span is told ("guardrail 'pii' tripped (flagged = true)"), or null when it passed. */
function guardrailTrip(span: SignalSpan): string | null {
  const name = `guardrail ${quote(span.name, 60)} tripped`;
  const output = span.content.output;
  const parsed = output === null ? undefined : parseJsonOutput(output);
  const verdict = trippedIn(verdictAttributes(span.attributes)) ?? (parsed === undefined ? null : trippedIn(parsed));
  if (verdict !== null) return `${name} (${squeeze(verdict)})`;
  const text = output !== null && parsed === undefined ? trippedInText(output) : null;
  if (text !== null) return `${name}: ${quote(text)}`;
  if (span.isError) return `${name} (error status${span.statusMessage ? `: ${quote(span.statusMessage)}` : ''})`;
  return null;
}

/**
 * guardrail: guardrail spans that tripped (error status; a blocked / flagged / tripwire verdict in
 * their attributes or output), provider content filters (finish reason content_filter, safety,
 * refusal, ...) and the project's guardrail predicates on any span's attributes.
 */
export const detectGuardrail: SignalDetector = (input) => {
  const trips: { text: string; weight: number }[] = [];
  for (const span of spansByStart(input.spans)) {
    const trip = span.kind === 'guardrail' ? guardrailTrip(span) : null;
    const predicate = input.settings.guardrailPredicates.find((p) => matchPredicate(span.attributes, p) !== null);
    // One trip per span: a guardrail span that tripped usually also matches the default predicate.
    if (trip !== null) trips.push({ text: trip, weight: TRIPPED });
    else if (predicate !== undefined)
      trips.push({ text: `${describePredicate(predicate)} on ${spanLabel(span)}`, weight: TRIPPED });
    const filtered = span.finishReasons.find((r) => FILTER_FINISH_REASONS.has(r.toLowerCase()));
    if (filtered !== undefined) {
      trips.push({
        text: `the provider filtered the answer of ${spanLabel(span)} (finish reason '${filtered}')`,
        weight: FILTERED,
      });
    }
  }
  const first = trips[0];
  if (first === undefined) return null;
  return makeSignal(
    'guardrail',
    noisyOr(trips.map((t) => t.weight)),
    first.text + andMore(trips.length - 1, 'guardrail trip', 'guardrail trips'),
    { trips: trips.length },
  );
};
