import type { MiddlewareHandler } from 'hono';
import { contentSecurityPolicy } from '../web/csp.js';

/**
 * Response headers for every answer: no MIME sniffing, no referrer leaving the site; pages also
 * get the CSP (web/csp.ts) and may not be framed; pages and API answers (both show trace text and
 * personal data) are never stored by caches, unless a route chose its own Cache-Control.
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const headers = c.res.headers;
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'same-origin');
  const html = (headers.get('content-type') ?? '').startsWith('text/html');
  if (html) {
    headers.set('Content-Security-Policy', contentSecurityPolicy);
    headers.set('X-Frame-Options', 'DENY');
  }
  if ((html || c.req.path.startsWith('/api/')) && !headers.has('cache-control'))
    headers.set('Cache-Control', 'no-store');
};
