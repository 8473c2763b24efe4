/**
 * SQLSTATE classes that blame the rows: data exceptions such as a value out of range (22),
 * integrity constraint violations (23), program limits such as an index row too large (54).
 * Every other class (connection loss, deadlock, resources, shutdown, but also a missing table or a
 * permission the login lacks) says nothing about the data: refusing the rows for it would lose
 * them, since exporters do not resend what a partial success rejected. Those are retried.
 */
const ROW_DATA_CLASSES = new Set(['22', '23', '54']);

const TRANSIENT_MESSAGE =
  /connection terminated|connection error|timeout|ECONNRESET|ECONNREFUSED|pool.*(ended|closed)/i;

/**
 * Whether a failed database write should be retried as is (the server, its schema or its grants
 * are unwell) rather than blamed on the rows (a data error such as a value out of range, or an
 * index row too large).
 * Errors that are not Postgres errors (no SQLSTATE) count as transient when they look like
 * network or pool failures.
 */
export const isTransientDbError = (err: unknown): boolean => {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return !ROW_DATA_CLASSES.has(code.slice(0, 2));
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true;
  return TRANSIENT_MESSAGE.test(String((err as Error | null)?.message ?? err));
};

/** A short, single-line reason for a failed write or close, without a stack. */
export const describeDbError = (err: unknown): string => {
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = String(e?.message ?? err).split('\n')[0] ?? '';
  return typeof e?.code === 'string' ? `${message} (SQLSTATE ${e.code})` : message;
};
