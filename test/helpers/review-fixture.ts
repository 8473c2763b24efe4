import { request } from './http.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './otlp-json.js';
import type { TestServer } from './server.js';

const TOPICS = [
  'refund for a broken kettle',
  'shipping to Canada',
  'password reset link expired',
  'invoice copy for March',
  'warranty claim on headphones',
  'API rate limits',
  'change my delivery address',
  'cancel the premium plan',
  'gift card balance',
  'two-factor login trouble',
  'bulk order discount',
  'missing item in parcel',
  'student pricing',
  'data export request',
  'damaged packaging photo',
  'pickup point hours',
  'loyalty points expiry',
  'language of the invoices',
  'refund to another card',
  'carbon offset option',
];

/**
 * `n` closed chat traces (every other one cut off, so anomalies exist) in the `default` project,
 * queued into one review cycle. Returns the cycle and the trace ids.
 */
export const seedReviewQueue = async (server: TestServer, n: number, t0 = Date.UTC(2026, 4, 4, 9, 0, 0)) => {
  const traceIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const traceId = newTraceId();
    traceIds.push(traceId);
    const topic = TOPICS[i % TOPICS.length];
    const attributes = chatAttributes(
      `${topic} (case ${i}, round ${Math.floor(i / TOPICS.length)}): mail me at jo${i}@example.com`,
      i % 2 ? '' : 'Shipped.',
      {
        'gen_ai.response.finish_reasons': i % 2 ? 'length' : 'stop',
      },
    );
    const posted = await postJson(
      server.url,
      server.keys.ingest,
      otlpJsonTraces([{ traceId, spanId: newSpanId(), name: 'chat gpt-4o', startMs: t0 + i * 1000, attributes }]),
    );
    if (posted.status !== 200) throw new Error(`ingest failed: ${posted.status}`);
  }
  await server.runtime.activities.closeTraces({ idleSeconds: 0 });
  const fill = await request(server.url, 'POST', '/api/queue/fill', {
    key: server.keys.admin,
    body: {
      from: new Date(t0 - 60_000).toISOString(),
      to: new Date(t0 + 3_600_000).toISOString(),
      budget: n,
      randomFraction: 0.5,
    },
  });
  if (fill.status !== 200) throw new Error(`fill failed: ${fill.text}`);
  return { cycleId: fill.body.cycleId as string, traceIds };
};

/** The pending, unlocked task ids of the default project, highest priority first. */
export const freeTasks = async (server: TestServer) =>
  (
    await server.runtime.pool.query<{ id: string }>(
      `select id from review_tasks where project_id = 'default' and status = 'pending'
         and (locked_by is null or lock_expires_at < now()) order by priority desc, id`,
    )
  ).rows.map((r) => r.id);
