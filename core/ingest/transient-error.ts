/**
 * SQLSTATE classes that say nothing about the data: connection loss (08), serialization or
 * deadlock (40), insufficient resources (53), operator intervention such as a shutdown or a
 * cancelled statement (57), system errors (58). Retrying the same rows later may succeed.
 */
const TRANSIENT_CLASSES = new Set(['08', '40', '53', '57', '58']);

const TRANSIENT_MESSAGE =
  /connection terminated|connection error|timeout|ECONNRESET|ECONNREFUSED|pool.*(ended|closed)/i;

/**
 * Whether a failed database write should be retried as is (the server is unwell) rather than
 * blamed on the rows (a data error such as a value out of range, or an index row too large).
 * Errors that are not Postgres errors (no SQLSTATE) count as transient when they look like
 * network or pool failures.
 */
export const isTransientDbError = (err: unknown): boolean => {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_CLASSES.has(code.slice(0, 2));
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true;
  return TRANSIENT_MESSAGE.test(String((err as Error | null)?.message ?? err));
};

/** A short, single-line reason for a failed write or close, without a stack. */
export const describeDbError = (err: unknown): string => {
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = String(e?.message ?? err).split('\n')[0] ?? '';
  return typeof e?.code === 'string' ? `${message} (SQLSTATE ${e.code})` : message;
};
