import { eq } from 'drizzle-orm';
import type { Db } from './connection.js';
import { projects } from './schema/ingest.js';

export const findProject = async (db: Db, id: string) => {
  const rows = await db.select().from(projects).where(eq(projects.id, id)).limit(1);
  return rows[0] ?? null;
};

/** Creates the project unless it exists; true when this call created it. */
export const ensureProject = async (db: Db, id: string, name = id) => {
  const created = await db.insert(projects).values({ id, name }).onConflictDoNothing().returning({ id: projects.id });
  return created.length > 0;
};

export const listProjects = (db: Db) => db.select().from(projects).orderBy(projects.id);
