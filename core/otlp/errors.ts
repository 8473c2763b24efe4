/**
 * A request body that cannot be decoded as OTLP: truncated or malformed protobuf, invalid UTF-8,
 * JSON that is not JSON or has the wrong shape. The whole request is unusable, so it maps to
 * HTTP 400 (`invalid_otlp`; the client must not retry).
 *
 * `path` names the offending field in lowerCamelCase, e.g.
 * `resourceSpans[0].scopeSpans[1].spans[3].traceId`, and is '' for a problem with the body as a whole.
 * Decoders throw with the innermost field name (or none) and each enclosing message prepends its own
 * segment while the error propagates, so no path is built unless something fails.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
  readonly code = 'invalid_otlp';
  /** What was wrong, without the path. */
  readonly problem: string;
  path: string;

  constructor(problem: string, options: { path?: string; cause?: unknown } = {}) {
    const path = options.path ?? '';
    super(path === '' ? problem : `${path}: ${problem}`, { cause: options.cause });
    this.problem = problem;
    this.path = path;
  }

  /** Prepends a path segment (`spans[3]`, `status`) and refreshes the message; returns `this`. */
  prependPath(segment: string): this {
    if (segment === '') return this;
    this.path = this.path === '' || this.path.startsWith('[') ? segment + this.path : `${segment}.${this.path}`;
    this.message = `${this.path}: ${this.problem}`;
    return this;
  }
}

/** Prepends `segment` to the path of an {@link OtlpDecodeError}; returns any other error unchanged. */
export function withPathSegment(err: unknown, segment: string): unknown {
  return err instanceof OtlpDecodeError ? err.prependPath(segment) : err;
}
