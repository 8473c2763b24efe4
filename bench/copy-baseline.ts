import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** Every `spans` column the receiver writes (`received_at` is left to its default, as the receiver does). */
const columnsOf = async (client: pg.Client, table: string) => {
  const { rows } = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns
     where table_schema = current_schema() and table_name = $1 and column_name <> 'received_at'
     order by ordinal_position`,
    [table],
  );
  return rows.map((r) => `"${r.column_name}"`).join(', ');
};

export interface CopyBaseline {
  rows: number;
  elapsedMs: number;
  /** Size of the COPY text streamed in. */
  bytes: number;
  /** What `cpuSeconds` grew by during the timed load (NaN without it). */
  cpuSeconds: number;
}

/**
 * The raw-COPY baseline: the rows the receiver stored in `spans` are exported once, in COPY
 * text format, to `file` (untimed); then a table like `spans` (same indexes, defaults and
 * constraints) is loaded from that file with `COPY ... FROM STDIN`, and only that is timed.
 */
export const measureCopyBaseline = async (
  url: string,
  file: string,
  cpuSeconds: () => number = () => Number.NaN,
): Promise<CopyBaseline> => {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const columns = await columnsOf(client, 'spans');
    await client.query('drop table if exists spans_copy');
    await client.query('create table spans_copy (like spans including all)');
    await pipeline(client.query(copyTo(`copy (select ${columns} from spans) to stdout`)), createWriteStream(file));
    const { size } = await stat(file);
    // The same starting point as the ingest run: nothing dirty waiting to be written.
    await client.query('checkpoint').catch(() => {});
    const cpuBefore = cpuSeconds();
    const start = performance.now();
    const load = client.query(copyFrom(`copy spans_copy (${columns}) from stdin`));
    await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), load);
    const elapsedMs = performance.now() - start;
    return { rows: load.rowCount, elapsedMs, bytes: size, cpuSeconds: cpuSeconds() - cpuBefore };
  } finally {
    await client.end();
  }
};
