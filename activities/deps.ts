import type OpenAI from 'openai';
import type pg from 'pg';
import type { Config } from '../core/config.js';
import type { ProjectSettings } from '../core/project-settings.js';
import type { Db } from '../db/connection.js';

/** Everything an activity may use; built once at the composition root. */
export interface ActivityDeps {
  config: Config;
  pool: pg.Pool;
  db: Db;
  /** The OpenAI-compatible client for LLM judges; null when no LLM is configured. */
  llm: OpenAI | null;
  settingsOf: (projectId: string) => Promise<ProjectSettings>;
  log: (message: string) => void;
}
