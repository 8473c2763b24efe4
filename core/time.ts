/** Unix nanoseconds → ISO-8601 UTC with microseconds (Postgres timestamptz precision). */
export const nsToIso = (ns: bigint): string => {
  const ms = ns / 1_000_000n;
  const micros = (ns / 1_000n) % 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  return `${iso.slice(0, 19)}.${micros.toString().padStart(6, '0')}Z`;
};

/** Nanoseconds between two instants, in milliseconds (0 when end precedes start). */
export const nsDurationMs = (start: bigint, end: bigint): number => (end > start ? Number(end - start) / 1e6 : 0);
