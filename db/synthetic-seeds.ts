import type pg from 'pg';

/** The newest distinct user inputs of the project's closed, observed (not synthetic) traces: seeds for variants. */
export const recentDistinctInputs = async (pool: pg.Pool, projectId: string, limit: number): Promise<string[]> => {
  const { rows } = await pool.query<{ input: string }>(
    `select input from (
       select distinct on (input) input, start_time from traces
       where project_id = $1 and status = 'closed' and input is not null and input <> ''
         and tags->>'synthetic' is null
       order by input, start_time desc) t
     order by start_time desc limit $2`,
    [projectId, limit],
  );
  return rows.map((r) => r.input);
};
