import type { MiddlewareHandler } from 'hono';
import { type Permission, roleAllows } from '../core/auth.js';
import { ErrorPage } from './error-page.js';
import type { WebEnv } from './web-env.js';

/**
 * Page middleware: the signed-in key must allow `permission` (admin pages: 'manage'), else a 403
 * page saying what needs an admin key (`what`, e.g. "manage API keys") and which key is in use.
 */
export const requireRole =
  (permission: Permission, what: string): MiddlewareHandler<WebEnv> =>
  async (c, next) => {
    const caller = c.get('caller');
    if (!roleAllows(caller.role, permission))
      return c.html(
        <ErrorPage
          who={caller.name}
          title="Admins only"
          message={`Only an admin key may ${what}; you are signed in with a ${caller.role} key.`}
        />,
        403,
      );
    await next();
  };
