import { createHash, randomBytes } from 'node:crypto';

/** What a key may do. Each key belongs to exactly one project. */
export const roles = ['ingest', 'review', 'ci', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Permissions are named after what the route does, not after who calls it. */
export type Permission = 'ingest' | 'read_traces' | 'review' | 'gate' | 'manage';

const grants: Record<Role, readonly Permission[]> = {
  ingest: ['ingest'],
  review: ['review', 'read_traces'],
  ci: ['gate'],
  admin: ['ingest', 'read_traces', 'review', 'gate', 'manage'],
};

export const roleAllows = (role: Role, permission: Permission) => grants[role].includes(permission);

/** A new API key: `evl_` + 32 url-safe random characters (192 bits). */
export const generateApiKey = () => `evl_${randomBytes(24).toString('base64url')}`;

/** Keys (and session tokens) are stored only as this hash. */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** A web sign-in's session token: 256 random bits, kept only in the browser's cookie. */
export const generateSessionToken = () => `evs_${randomBytes(32).toString('base64url')}`;
