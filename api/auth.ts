import type { MiddlewareHandler } from 'hono';
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

export type AppEnv = { Variables: { caller: Caller } };

const CACHE_MS = 10_000;

/** Memoizes key lookups briefly: the OTLP receiver authenticates every export. */
export const cachedKeyLookup = (lookup: KeyLookup): KeyLookup => {
  const cache = new Map<string, { caller: Caller | null; at: number }>();
  return async (key) => {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.caller;
    const caller = await lookup(key);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { caller, at: Date.now() });
    return caller;
  };
};

const bearer = (header: string | undefined) => {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
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
  if (!roleAllows(caller.role, permission)) {
    throw new AppError('forbidden', `a key with role "${caller.role}" may not ${permission.replace('_', ' ')}`);
  }
  return caller;
};

/** The cookie the web UI keeps the signed-in key in (HttpOnly, SameSite=Strict). */
export const KEY_COOKIE = 'evalloop_key';

/**
 * Route middleware: requires `permission` and exposes the caller as `c.get('caller')`. The key
 * comes from `Authorization: Bearer`, or else from the web UI's sign-in cookie.
 */
export const requirePermission =
  (lookup: KeyLookup, permission: Permission): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const header = c.req.header('authorization') ?? cookieBearer(c.req.header('cookie'));
    c.set('caller', await authenticate(lookup, header, permission));
    await next();
  };

const cookieBearer = (cookie: string | undefined) => {
  const match = cookie?.match(new RegExp(`(?:^|;\\s*)${KEY_COOKIE}=([^;]+)`));
  return match?.[1] ? `Bearer ${decodeURIComponent(match[1])}` : undefined;
};
