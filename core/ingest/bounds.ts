import { createHash } from 'node:crypto';

/**
 * Longest value, in UTF-8 bytes, stored in a column that a btree index covers. Postgres refuses
 * index rows above ~2.7 kB (a page third), and `traces_baseline_idx` holds three such columns,
 * so each is kept well under a third of that. The full value always stays in the raw attributes.
 */
export const MAX_KEY_BYTES = 256;

const HASH_HEX = 16;
const MARK = '…#';
const encoder = new TextEncoder();

/** The longest prefix of `value` that encodes to at most `maxBytes` UTF-8 bytes, cut on a code point. */
const utf8Prefix = (value: string, maxBytes: number) => {
  let bytes = 0;
  let end = 0;
  for (const ch of value) {
    const size = encoder.encode(ch).length;
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += ch.length;
  }
  return value.slice(0, end);
};

/**
 * A value fit for an indexed text column: unchanged when it is at most MAX_KEY_BYTES of UTF-8,
 * else a readable prefix followed by `…#` and 16 hex characters of its SHA-256, so two long
 * values that share a prefix stay distinct. Idempotent: a bounded value is returned as is.
 */
export const boundKey = (value: string, maxBytes = MAX_KEY_BYTES): string => {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short strings need no encoding.
  if (value.length * 3 <= maxBytes || encoder.encode(value).length <= maxBytes) return value;
  const hash = createHash('sha256').update(value).digest('hex').slice(0, HASH_HEX);
  const room = maxBytes - encoder.encode(MARK).length - HASH_HEX;
  return `${utf8Prefix(value, room)}${MARK}${hash}`;
};

/** `boundKey` for nullable values. */
export const boundOptionalKey = (value: string | null | undefined): string | null =>
  value === null || value === undefined ? null : boundKey(value);

/** Largest value of a Postgres `integer`. */
export const INT32_MAX = 2_147_483_647;

/**
 * A count fit for an `integer` column: rounded, clamped to [0, 2³¹−1]; null when not a finite
 * number. A count above 2³¹ is nonsense from the sender, kept at the maximum (an anomaly
 * signal will flag it) rather than failing the span; the raw attribute keeps what was sent.
 */
export const clampCount = (value: number | null | undefined): number | null => {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Math.min(INT32_MAX, Math.max(0, Math.round(value)));
};

/** An enum value (OTLP span kind, status code, severity) within [0, max], else 0 (unspecified). */
export const enumOrUnspecified = (value: number, max: number): number =>
  Number.isInteger(value) && value >= 0 && value <= max ? value : 0;
