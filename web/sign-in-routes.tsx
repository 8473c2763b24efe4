import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../api/auth.js';
import { requestProtocol } from '../api/request-origin.js';
import { roleAllows } from '../core/auth.js';
import { LoginPage, LogoutPage } from './login.js';
import { safeNext, type WebDeps, type WebEnv } from './web-env.js';

/** The cookie of earlier versions, which held the API key itself: removed wherever it is seen. */
const LEGACY_KEY_COOKIE = 'evalloop_key';

const dropLegacyCookie = (c: Context) => {
  if (getCookie(c, LEGACY_KEY_COOKIE) !== undefined) deleteCookie(c, LEGACY_KEY_COOKIE, { path: '/' });
};

/**
 * Page middleware: a live session of a key that may review (app middleware resolved it, see
 * api/auth.ts `resolveSession`), else a redirect to sign in that comes back here afterwards.
 */
export const createSignedIn = (): MiddlewareHandler<WebEnv> => async (c, next) => {
  const caller = c.get('session') ?? null;
  if (!caller || !roleAllows(caller.role, 'review')) {
    if (getCookie(c, SESSION_COOKIE) !== undefined) deleteCookie(c, SESSION_COOKIE, { path: '/' });
    dropLegacyCookie(c);
    return c.redirect(`/login?next=${encodeURIComponent(safeNext(c.req.path + (new URL(c.req.url).search || '')))}`);
  }
  c.set('caller', caller);
  await next();
};

/**
 * Sign-in and sign-out. Signing in with a review or admin key opens a server-side session: the
 * cookie holds only a random token (HttpOnly, SameSite=Strict, Secure over TLS), never the key.
 * Signing out (POST) ends the session in the database, not only in this browser.
 */
export const createSignInRoutes = (deps: WebDeps) => {
  const app = new Hono<WebEnv>();

  app.get('/login', (c) => c.html(<LoginPage next={safeNext(c.req.query('next'))} />));

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const key = typeof form.key === 'string' ? form.key.trim() : '';
    const next = safeNext(form.next);
    const caller = key ? await deps.lookupKey(key) : null;
    const error = !key
      ? 'Enter an API key.'
      : !caller
        ? 'That key is unknown or revoked. Check that you pasted the whole key (it starts with evl_).'
        : !roleAllows(caller.role, 'review')
          ? `That key has the "${caller.role}" role, which may not review. Use a review or admin key.`
          : null;
    if (error || !caller) return c.html(<LoginPage error={error ?? undefined} next={next} />, 401);
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await deps.sessions.end(previous);
    const token = await deps.sessions.open(caller);
    dropLegacyCookie(c);
    setCookie(c, SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: requestProtocol(c, deps.trustProxy) === 'https',
      maxAge: deps.sessions.maxAgeSeconds,
    });
    return c.redirect(next, 303);
  });

  // A GET never signs out (a link or an image on another page could): it asks for the POST.
  app.get('/logout', (c) => c.html(<LogoutPage />));

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deps.sessions.end(token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    dropLegacyCookie(c);
    return c.redirect('/login', 303);
  });

  return app;
};
