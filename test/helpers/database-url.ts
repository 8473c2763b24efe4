import type { RoleLogin } from '../../db/roles.js';

/** The migrated database every test file clones. */
export const TEMPLATE_DATABASE = 'evalloop_template';

/** `url` pointing at another database on the same server. */
export const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/** `url` logging in as another role. */
export const withLogin = (url: string, login: RoleLogin) => {
  const u = new URL(url);
  u.username = encodeURIComponent(login.name);
  u.password = encodeURIComponent(login.password);
  return u.toString();
};
