import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../db/api-keys.js';
import { openDatabase } from '../db/connection.js';
import { createTestDatabase } from './helpers/database.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { spawnServer } from './helpers/server.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('durability', () => {
  it('keeps every span that got a 200, exactly once, across a SIGKILL of the server', async () => {
    const databaseUrl = await createTestDatabase('durability');
    const env = { DATABASE_URL: databaseUrl, CLOSE_TRACES_CRON: '' };
    const first = await spawnServer(env);
    cleanups.push(() => first.kill());
    const handle = openDatabase(databaseUrl);
    cleanups.push(() => handle.close());
    const key = await createApiKey(handle.db, 'default', 'ingest');

    const acknowledged = new Set<string>();
    let sent = 0;
    let stop = false;
    const client = async () => {
      while (!stop) {
        const traceId = newTraceId();
        const spans = Array.from({ length: 20 }, () => ({
          traceId,
          spanId: newSpanId(),
          attributes: chatAttributes('q', 'a'),
        }));
        sent += spans.length;
        try {
          const response = await postJson(first.url, key, otlpJsonTraces(spans));
          if (response.status === 200) for (const s of spans) acknowledged.add(`${traceId}/${s.spanId}`);
        } catch {
          // The server died mid-request: this batch was never acknowledged.
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await new Promise((r) => setTimeout(r, 1500));
    await first.kill('SIGKILL');
    stop = true;
    await Promise.all(clients);
    expect(acknowledged.size).toBeGreaterThan(100);

    const second = await spawnServer(env);
    cleanups.push(() => second.kill('SIGINT'));
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);

    const client2 = new pg.Client(databaseUrl);
    await client2.connect();
    cleanups.push(() => client2.end());
    const { rows } = await client2.query<{ id: string; n: number }>(
      `select trace_id || '/' || span_id as id, count(*)::int as n from spans group by 1`,
    );
    const stored = new Map(rows.map((r) => [r.id, r.n]));
    const missing = [...acknowledged].filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    // Every stored span belongs to a trace row, so the rollup will see it.
    const orphans = await client2.query(
      'select count(*)::int as n from spans s where not exists (select 1 from traces t where t.project_id = s.project_id and t.trace_id = s.trace_id)',
    );
    expect(orphans.rows[0].n).toBe(0);
    expect(stored.size).toBeLessThanOrEqual(sent);
  });
});
