import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { AppError } from '../core/errors.js';
import { type AppEnv, SESSION_COOKIE } from './auth.js';
import { requestOrigin } from './request-origin.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Form endpoints checked even without a session cookie (a forged sign-in is an attack too). */
const ALWAYS_CHECKED = new Set(['/login', '/logout']);

export interface CsrfOptions {
  trustProxy: boolean;
  /** The configured public URL: its origin is accepted besides the one the request addressed. */
  publicUrl: string;
}

/** Why a request is not same-origin, or null when it is. */
const crossOriginReason = (c: Context, options: CsrfOptions): string | null => {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin' ? null : `Sec-Fetch-Site is "${site}"`;
  const origin = c.req.header('origin');
  if (origin === undefined) return 'it carries neither Origin nor Sec-Fetch-Site';
  const allowed = [requestOrigin(c, options.trustProxy), new URL(options.publicUrl).origin];
  return allowed.includes(origin) ? null : `its Origin ${origin} is not this site`;
};

/**
 * Refuses cross-origin mutations authenticated by the sign-in cookie. `SameSite=Strict` does not
 * stop a page on another port of the same host (same site, other origin), so every POST, PUT,
 * PATCH or DELETE that carries the cookie and no `Authorization` header must come from one of our
 * own pages: `Sec-Fetch-Site: same-origin`, else an `Origin` equal to ours. API clients that send
 * `Authorization: Bearer <key>` are not affected (a foreign page cannot send that header).
 */
export const csrfGuard =
  (options: CsrfOptions): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || c.req.header('authorization') !== undefined) return next();
    if (getCookie(c, SESSION_COOKIE) === undefined && !ALWAYS_CHECKED.has(c.req.path)) return next();
    const reason = crossOriginReason(c, options);
    if (reason)
      throw new AppError(
        'forbidden',
        `cross-origin request refused: ${reason}. Use the evalloop pages, or send "Authorization: Bearer <key>"`,
      );
    return next();
  };

/**
 * Whether a page request was started by another origin's page (a link or an image on a page of
 * another port of the same host carries the cookie too). Pages whose GET changes state (locking a
 * review task) then leave the state alone. Browsers without Fetch Metadata count as our own.
 */
export const startedElsewhere = (c: Context) => {
  const site = c.req.header('sec-fetch-site');
  return site !== undefined && site !== 'same-origin' && site !== 'none';
};
