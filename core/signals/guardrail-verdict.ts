/** Keys that mean "tripped" when true. */
const TRIPPED_WHEN_TRUE = new Set([
  'flagged',
  'blocked',
  'tripped',
  'triggered',
  'tripwire_triggered',
  'violation',
  'violated',
  'intervened',
  'is_blocked',
  'is_flagged',
]);
/** Keys that mean "tripped" when false. */
const TRIPPED_WHEN_FALSE = new Set(['passed', 'valid', 'validation_passed', 'allowed', 'safe', 'is_safe']);
/** Keys whose string value is a verdict. */
const VERDICT_KEYS = new Set(['action', 'status', 'result', 'decision', 'verdict', 'outcome']);
const TRIPPED_VERDICTS = new Set([
  'block',
  'blocked',
  'deny',
  'denied',
  'reject',
  'rejected',
  'flagged',
  'fail',
  'failed',
  'guardrail_intervened',
  'intervened',
  'unsafe',
  'violation',
]);
const REASON_KEYS = ['reason', 'message', 'explanation', 'details', 'category'];

const MAX_DEPTH = 4;
const MAX_ITEMS = 20;

const truthy = (v: unknown) => v === true || v === 1 || (typeof v === 'string' && /^(?:true|yes|1)$/i.test(v));
const falsy = (v: unknown) => v === false || v === 0 || (typeof v === 'string' && /^(?:false|no|0)$/i.test(v));

/**
 * What says tripped, as "flagged = true", "validation_passed = false: PII detected" or
 * "action = GUARDRAIL_INTERVENED: denied topic"; null when nothing in the (parsed JSON or
 * attribute) value does.
 */
export function trippedIn(value: unknown, depth = 0): string | null {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (const item of value.slice(0, MAX_ITEMS)) {
      const found = trippedIn(item, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  const obj = value as Record<string, unknown>;
  const reasonKey = REASON_KEYS.find((k) => typeof obj[k] === 'string' && obj[k] !== '');
  const reason = reasonKey === undefined ? '' : `: ${String(obj[reasonKey])}`;
  for (const [rawKey, v] of Object.entries(obj)) {
    // Flat attribute keys (`guardrail.triggered`) are judged by their last segment.
    const key = rawKey.slice(rawKey.lastIndexOf('.') + 1).toLowerCase();
    const tripped =
      (TRIPPED_WHEN_TRUE.has(key) && truthy(v)) ||
      (TRIPPED_WHEN_FALSE.has(key) && falsy(v)) ||
      (VERDICT_KEYS.has(key) && typeof v === 'string' && TRIPPED_VERDICTS.has(v.toLowerCase()));
    if (tripped) return `${rawKey} = ${String(v)}${reason}`;
  }
  for (const v of Object.values(obj).slice(0, MAX_ITEMS)) {
    const found = trippedIn(v, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** The output parsed as JSON when it is a JSON object or array; undefined otherwise. */
export function parseJsonOutput(output: string): unknown {
  const text = output.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A plain-text guardrail output's first line when it starts with blocked / flagged / rejected / denied / unsafe. */
export function trippedInText(output: string): string | null {
  const head = output.trim().slice(0, 200);
  const tripped =
    /^(?:blocked|flagged|rejected|denied|unsafe)\b/i.test(head) ||
    /\b(?:guardrail|tripwire) (?:triggered|tripped)\b/i.test(head);
  return tripped ? head.split('\n', 1)[0]! : null;
}
