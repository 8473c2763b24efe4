/** Quoted text in explanations is cut to this many characters. */
export const QUOTE_CHARS = 80;

/** An integer with thousands separators: 9400 → "9,400". Locale-independent. */
export function formatCount(n: number): string {
  const rounded = Math.round(n);
  const sign = rounded < 0 ? '-' : '';
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A token count as people say it: 8,192; 118k; 1.05M. */
export function formatTokens(n: number): string {
  if (n < 10_000) return formatCount(n);
  if (n < 1_000_000) return `${formatCount(n / 1_000)}k`;
  return `${Number((n / 1_000_000).toFixed(2))}M`;
}

/** A ratio as a percentage; one decimal just below 100 % so that 99.7 % does not read as full. */
export function formatPercent(ratio: number): string {
  const percent = ratio * 100;
  return percent >= 99.5 && percent < 100 ? `${percent.toFixed(1)}%` : `${Math.round(percent)}%`;
}

/** A duration in milliseconds: "850 ms", "12.3 s", "1,234 s". */
export function formatMs(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 100_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${formatCount(ms / 1_000)} s`;
}

/** A gap in seconds: "42 s", "7 min". */
export function formatSeconds(seconds: number): string {
  return seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

/** A number with at most `digits` decimals and no trailing zeros: 6.10 → "6.1". */
export function formatDecimal(n: number, digits = 1): string {
  return String(Number(n.toFixed(digits)));
}

/** Text squeezed to one line and cut to `max` characters (with an ellipsis). */
export function squeeze(text: string, max = QUOTE_CHARS): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** Text squeezed to one line and cut to `max` characters, in single quotes. */
export function quote(text: string, max = QUOTE_CHARS): string {
  return `'${squeeze(text, max)}'`;
}
