import type { Context } from 'hono';

/**
 * The scheme the client used. Behind a TLS-terminating proxy the connection to us is plain HTTP;
 * with `trustProxy` the proxy's `X-Forwarded-Proto` (its first value) says what the client used.
 */
export const requestProtocol = (c: Context, trustProxy: boolean): 'http' | 'https' => {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    if (forwarded === 'https' || forwarded === 'http') return forwarded;
  }
  return new URL(c.req.url).protocol === 'https:' ? 'https' : 'http';
};

/** The origin the client addressed (`scheme://host[:port]`), scheme as `requestProtocol` says. */
export const requestOrigin = (c: Context, trustProxy: boolean) => {
  const url = new URL(c.req.url);
  return `${requestProtocol(c, trustProxy)}://${url.host}`;
};
