import type { Context } from 'hono';
import { ErrorPage } from './error-page.js';
import type { WebEnv } from './web-env.js';

/**
 * True when an unknown URL should get the HTML 404 page: a browser (its Accept names text/html)
 * asking with GET or HEAD for anything outside the JSON API and the OTLP receiver. API clients,
 * curl (`Accept: *\/*`) and everything under /api/ and /v1/ keep the JSON error.
 */
export const wantsHtmlNotFound = (c: Context) =>
  (c.req.method === 'GET' || c.req.method === 'HEAD') &&
  !/^\/(api|v1)(\/|$)/.test(c.req.path) &&
  (c.req.header('accept') ?? '').includes('text/html');

/** The 404 page for a browser; the signed-in reviewer keeps the nav bar. */
export const notFoundPage = (c: Context<WebEnv>) =>
  c.html(
    <ErrorPage
      who={c.get('session')?.name}
      title="Page not found"
      message={`Nothing lives at ${c.req.path}. Check the address, or start again from the queue.`}
    />,
    404,
  );
