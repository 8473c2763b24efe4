import { Hono } from 'hono';

/** Where the pages' `<link rel="icon">` points. */
export const FAVICON_PATH = '/favicon.svg';

/** The icon: a loop arrow in the UI's accent colour, as SVG (browsers take it at /favicon.ico too). */
export const faviconSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="7" fill="#2f5bd3"/>
<path d="M23.5 12.5A8 8 0 1 0 24 18" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round"/>
<path d="M25.5 6.5v7h-7z" fill="#fff"/>
</svg>`;

/** `/favicon.svg` and `/favicon.ico` (the path browsers ask for on their own), public and cacheable for a day. */
export const createFaviconRoutes = () => {
  const app = new Hono();
  const serve = () =>
    new Response(faviconSvg, {
      headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' },
    });
  app.get(FAVICON_PATH, serve);
  app.get('/favicon.ico', serve);
  return app;
};
