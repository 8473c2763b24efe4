/** A small client of evalloop's HTTP API for the CLI: base URL and key from flags or the environment. */
export interface ApiClient {
  url: string;
  get: <T>(path: string) => Promise<T>;
  post: <T>(path: string, body: unknown) => Promise<T>;
  /** POSTs a raw body (e.g. a file streamed from disk) with its content type. */
  upload: <T>(path: string, body: ReadableStream<Uint8Array>, contentType: string) => Promise<T>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs a request again (up to 3 more times, 1 s apart) when it failed before any answer came: a
 * kept-alive connection the server closed as the request went out (undici's "fetch failed"). Only
 * for idempotent requests.
 */
export const withConnectionRetry = async (send: () => Promise<Response>, attempts = 4): Promise<Response> => {
  for (let i = 1; ; i++) {
    try {
      return await send();
    } catch (err) {
      if (i >= attempts || !(err instanceof TypeError)) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
};

export const createApiClient = (options: { url?: string; key?: string; project?: string }): ApiClient => {
  const url = (options.url ?? process.env.EVALLOOP_URL ?? 'http://localhost:4318').replace(/\/$/, '');
  const key = options.key ?? process.env.EVALLOOP_KEY;
  if (!key) throw new Error('no API key: pass --key or set EVALLOOP_KEY');
  const request = async <T>(
    method: string,
    path: string,
    body?: unknown,
    raw?: { stream: ReadableStream<Uint8Array>; contentType: string },
  ): Promise<T> => {
    let response: Response;
    const send = () =>
      fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(options.project ? { 'x-evalloop-project': options.project } : {}),
          ...(raw
            ? { 'content-type': raw.contentType }
            : body === undefined
              ? {}
              : { 'content-type': 'application/json' }),
        },
        body: raw ? raw.stream : body === undefined ? undefined : JSON.stringify(body),
        ...(raw ? { duplex: 'half' } : {}),
      } as RequestInit);
    try {
      response = method === 'GET' ? await withConnectionRetry(send) : await send();
    } catch (err) {
      throw new ApiError(0, `cannot reach evalloop at ${url}: ${(err as Error).message}`);
    }
    const text = await response.text();
    const json = text ? JSON.parse(text) : {};
    if (!response.ok) throw new ApiError(response.status, json?.error?.message ?? `HTTP ${response.status}`);
    return json as T;
  };
  return {
    url,
    get: (p) => request('GET', p),
    post: (p, b) => request('POST', p, b),
    upload: (p, stream, contentType) => request('POST', p, undefined, { stream, contentType }),
  };
};
