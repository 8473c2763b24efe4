/** Only the start of a tool result is inspected; errors say so up front. */
const HEAD_CHARS = 4_000;
/** Larger JSON results are not parsed (their head is still read as text). */
const MAX_JSON_CHARS = 50_000;

/** "404 Not Found", "503 Service Unavailable": a status code with its reason phrase (not "404 results"). */
const HTTP_ERROR_LINE =
  /^[45]\d\d\s+(?:bad request|unauthori[sz]ed|payment required|forbidden|not found|method not allowed|not acceptable|request time-?out|conflict|gone|unprocessable|too many requests|internal server error|not implemented|bad gateway|service unavailable|gateway time-?out)\b/i;

const ERROR_STATUSES = new Set(['error', 'failed', 'failure', 'fail']);

const firstLine = (text: string): string => text.trim().split('\n', 1)[0]!.trim();

const describe = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const key of ['message', 'detail', 'error', 'description', 'type', 'code']) {
      const inner = (value as Record<string, unknown>)[key];
      if (typeof inner === 'string' && inner !== '') return inner;
    }
  }
  return JSON.stringify(value) ?? String(value);
};

const present = (value: unknown): boolean =>
  value !== undefined &&
  value !== null &&
  value !== false &&
  value !== '' &&
  !(Array.isArray(value) && value.length === 0) &&
  !(typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);

/** The error a parsed JSON result reports: an `error` / `errors` key, an error status, MCP `isError`. */
function errorInJson(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const obj = json as Record<string, unknown>;
  const message = typeof obj.message === 'string' && obj.message !== '' ? obj.message : null;
  if (present(obj.error)) return describe(obj.error);
  if (Array.isArray(obj.errors) && obj.errors.length > 0) return describe(obj.errors[0]);
  for (const key of ['status', 'state', 'result']) {
    const status = obj[key];
    if (typeof status === 'string' && ERROR_STATUSES.has(status.toLowerCase())) return message ?? `${key}: ${status}`;
  }
  for (const key of ['status', 'statusCode', 'status_code', 'code']) {
    const code = obj[key];
    if (typeof code === 'number' && code >= 400 && code < 600) return message ?? `HTTP ${code}`;
  }
  if (obj.isError === true) {
    const content = Array.isArray(obj.content) ? obj.content[0] : undefined;
    const text =
      typeof content === 'object' && content !== null ? (content as Record<string, unknown>).text : undefined;
    return typeof text === 'string' && text !== '' ? text : (message ?? 'isError: true');
  }
  if (obj.success === false || obj.ok === false) return message ?? 'success: false';
  return null;
}

/**
 * The error a tool result reports, or null when it reads as a normal result: JSON with an `error`
 * key, `"status": "error"`, an HTTP 4xx/5xx code or MCP `isError`; text starting with Error,
 * Exception, Traceback or `SomethingError:`; an HTTP 4xx/5xx status line; "failed" or "timed out"
 * near the start.
 */
export function errorInToolResult(result: string): string | null {
  const head = result.slice(0, HEAD_CHARS).trim();
  if (head === '') return null;
  if ((head.startsWith('{') || head.startsWith('[')) && result.length <= MAX_JSON_CHARS) {
    try {
      return errorInJson(JSON.parse(result));
    } catch {
      // not JSON after all: read it as text
    }
  }
  const line = firstLine(head);
  if (/^(?:error|exception|traceback|fatal)\b/i.test(line)) return line;
  if (/^[\w.$]*(?:error|exception)\b\s*:/i.test(line)) return line;
  if (/^HTTP\/\d(?:\.\d)?\s+[45]\d\d\b/i.test(line) || HTTP_ERROR_LINE.test(line)) return line;
  const start = head.slice(0, 120);
  if (/\b(?:HTTP|status(?: code)?)\s*:?\s*[45]\d\d\b/i.test(start)) return line;
  if (/\b(?:failed|timed out|timeout)\b/i.test(head.slice(0, 80))) return line;
  return null;
}
