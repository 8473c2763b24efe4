import type pg from 'pg';
import type { Evaluation } from '../core/evaluators/types.js';
import type { JudgeCache } from '../core/judge/cache.js';

/** Judge results kept in Postgres, so a re-run (or another worker) never pays twice. */
export const createDbJudgeCache = (pool: pg.Pool): JudgeCache => ({
  async get(key) {
    const { rows } = await pool.query<{ value: Evaluation }>('select value from judge_cache where key = $1', [key]);
    return rows[0]?.value;
  },
  async set(key, value) {
    await pool.query('insert into judge_cache (key, value) values ($1, $2) on conflict (key) do nothing', [
      key,
      JSON.stringify(value),
    ]);
  },
});
