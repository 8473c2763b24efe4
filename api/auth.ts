import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { type Permission, type Role, roleAllows } from '../core/auth.js';
import { AppError } from '../core/errors.js';

/** Who is calling: the key's project and role. */
export interface Caller {
  projectId: string;
  role: Role;
  keyId: string;
  /** Who acts: the key's label (e.g. a reviewer's name), else its prefix. */
  name: string;
}

export type KeyLookup = (key: string) => Promise<Caller | null>;

/**
 * Server-side web sessions (db/sessions.ts): the sign-in cookie holds a random token; the
 * session ends on sign-out, expiry, idleness, or when its key is revoked.
 */
export interface SessionStore {
  /** Opens a session for a signed-in key; returns the token to put in the cookie. */
  open: (caller: Caller) => Promise<string>;
  /** The caller behind a live session, or null. */
  find: (token: string) => Promise<Caller | null>;
  /** Ends a session (sign-out). */
  end: (token: string) => Promise<void>;
  /** The absolute lifetime, also the cookie's Max-Age. */
  maxAgeSeconds: number;
}

/**
 * `caller`: set by `requirePermission`. `session`: the caller of the request's sign-in cookie,
 * resolved once per request by `resolveSession` (null: no cookie, or it names no live session).
 */
export type AppEnv = { Variables: { caller: Caller; session: Caller | null } };

const CACHE_MS = 10_000;

/**
 * Memoizes key lookups briefly, for the OTLP receiver only (it authenticates every export); every
 * other route looks keys up uncached. `clear` drops the cache: the revoking process calls it, and
 * every server calls it when Postgres notifies a revocation (db/key-revocations.ts).
 */
export const cachedKeyLookup = (lookup: KeyLookup): KeyLookup & { clear: () => void } => {
  const cache = new Map<string, { caller: Caller | null; at: number }>();
  const cached = async (key: string) => {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.caller;
    const caller = await lookup(key);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { caller, at: Date.now() });
    return caller;
  };
  return Object.assign(cached, { clear: () => cache.clear() });
};

const bearer = (header: string | undefined) => {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
};

const checkRole = (caller: Caller, permission: Permission) => {
  if (!roleAllows(caller.role, permission)) {
    throw new AppError('forbidden', `a key with role "${caller.role}" may not ${permission.replace('_', ' ')}`);
  }
  return caller;
};

/** Resolves the caller from `Authorization: Bearer <key>` and checks it may do `permission`. */
export const authenticate = async (
  lookup: KeyLookup,
  header: string | undefined,
  permission: Permission,
): Promise<Caller> => {
  const key = bearer(header);
  if (!key) throw new AppError('unauthorized', 'missing API key: send "Authorization: Bearer <key>"');
  const caller = await lookup(key);
  if (!caller) throw new AppError('unauthorized', 'unknown or revoked API key');
  return checkRole(caller, permission);
};

/** The cookie the web UI keeps its session token in (HttpOnly, SameSite=Strict; Secure over TLS). */
export const SESSION_COOKIE = 'evalloop_session';

/** App middleware: looks up the sign-in cookie's session once, as `c.get('session')`. */
export const resolveSession =
  (sessions: SessionStore): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    c.set('session', token ? await sessions.find(token) : null);
    await next();
  };

/**
 * Route middleware: requires `permission` and exposes the caller as `c.get('caller')`. The caller
 * is the `Authorization: Bearer` key if the header is sent, else the web UI's session (whose
 * mutations api/csrf.ts has already checked for a same-origin request).
 */
export const requirePermission =
  (lookup: KeyLookup, permission: Permission): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const header = c.req.header('authorization');
    const session = c.get('session') ?? null;
    const caller =
      header !== undefined || !session
        ? await authenticate(lookup, header, permission)
        : checkRole(session, permission);
    c.set('caller', caller);
    await next();
  };
