/** A JSON answer read loosely: status, parsed body (or null), raw text. */
export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON loosely
  body: any;
  text: string;
  headers: Headers;
}

/** One request to a running server; `key` becomes `Authorization: Bearer`, a body becomes JSON. */
export const request = async (
  url: string,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> => {
  const response = await fetch(`${url}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, body, text, headers: response.headers };
};

/**
 * Signs in through the web form as a browser on `url` would (same-origin) and returns the
 * `Cookie` header value of the session.
 */
export const signIn = async (url: string, key: string) => {
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ key, next: '/' }),
  });
  if (response.status !== 303) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('evalloop_session='));
  if (!cookie) throw new Error('sign-in set no session cookie');
  return cookie.split(';')[0]!;
};
