import { setTimeout as sleep } from 'node:timers/promises';

/** How a run of exports went, seen from the clients. */
export interface SendResult {
  /** From the first request sent to the last 200 received. */
  elapsedMs: number;
  requests: number;
  /** Requests repeated after a 429 or 503 (after waiting for their Retry-After). */
  retries: number;
  /** Per successful export, request sent to 200 received (the last attempt only). */
  latenciesMs: number[];
}

const RETRYABLE = new Set([429, 503]);
const MAX_RETRIES = 20;

/**
 * Posts every batch to `${url}/v1/traces` as an OTLP exporter would, from `concurrency`
 * clients that each take the next unsent batch. A 429/503 is retried after its Retry-After;
 * any other non-200 fails the run.
 */
export const sendBatches = async (options: {
  url: string;
  key: string;
  batches: readonly Uint8Array[];
  concurrency: number;
}): Promise<SendResult> => {
  const headers = { 'content-type': 'application/x-protobuf', authorization: `Bearer ${options.key}` };
  const latenciesMs: number[] = [];
  let next = 0;
  let requests = 0;
  let retries = 0;
  let lastOk = 0;

  const post = async (body: Uint8Array) => {
    for (let attempt = 0; ; attempt++) {
      const sent = performance.now();
      requests++;
      const res = await fetch(`${options.url}/v1/traces`, { method: 'POST', headers, body });
      const reply = await res.arrayBuffer();
      if (res.status === 200) {
        lastOk = performance.now();
        latenciesMs.push(lastOk - sent);
        return;
      }
      if (!RETRYABLE.has(res.status) || attempt === MAX_RETRIES) {
        throw new Error(`export failed with HTTP ${res.status}: ${Buffer.from(reply).toString('utf8').slice(0, 500)}`);
      }
      retries++;
      const seconds = Number(res.headers.get('retry-after') ?? '1');
      await sleep((Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000);
    }
  };

  const client = async () => {
    while (next < options.batches.length) await post(options.batches[next++]!);
  };

  const start = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return { elapsedMs: lastOk - start, requests, retries, latenciesMs };
};
