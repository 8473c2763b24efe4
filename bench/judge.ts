/**
 * `npx tsx bench/judge.ts`: throughput of the judge pipeline (prompt building, structured request,
 * reply parsing, cost, cache) against the local LLM stub answering after a fixed latency. With
 * `concurrency` requests in flight and `latency` per request, no client can beat concurrency/latency
 * evaluations per second; the pipeline should reach ≥ 90% of that. The same load sent as bare SDK
 * calls (no pipeline) is measured in the same run as a baseline.
 * Flags: --items N (320), --latency MS (200), --concurrency N (16).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import { createJudgeRunner } from '../activities/judge-runner.js';
import type { EvalItem } from '../core/evaluators/types.js';
import { createMemoryJudgeCache } from '../core/judge/cache.js';
import type { JudgeConfig } from '../core/judge/prompt.js';
import { startLlmStub } from '../test/helpers/llm-stub.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '320' },
    latency: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '16' },
    /** Internal: run only the stub and print its base URL (the bench starts itself with this). */
    'stub-only': { type: 'boolean', default: false },
  },
});
const ITEMS = Number(values.items);
const LATENCY_MS = Number(values.latency);
const CONCURRENCY = Number(values.concurrency);
const log = (m: string) => process.stderr.write(`${m}\n`);

const config: JudgeConfig = {
  kind: 'judge',
  rubric: 'FAIL when the answer states a fact that none of the retrieved documents or tool results supports.',
  model: 'judge-bench-2025-01-01',
  provider: 'openai',
  fewShot: Array.from({ length: 4 }, (_, i) => ({
    input: `Example question ${i} about the refund policy?`,
    output: `Example answer ${i}: refunds within ${20 + i} days.`,
    verdict: i % 2 === 0 ? ('pass' as const) : ('fail' as const),
    critique: `Example critique ${i}: the documents say 30 days.`,
  })),
};

/** Realistic items: a few KB of documents and tool results each, all distinct (no cache hits). */
const itemOf = (i: number): EvalItem => ({
  traceId: `bench-${i}`,
  input: `Customer ${i}: can I still return the order I received ${i % 40} days ago?`,
  output: `Yes, returns are accepted within 30 days of delivery [doc-${i % 5}]. `.repeat(4),
  systemInstructions: 'You are the support assistant of Acme. Answer only from the documents and cite them.',
  messages: [],
  toolDefinitions: [],
  toolCalls: [
    {
      id: `call_${i}`,
      name: 'lookup_order',
      arguments: JSON.stringify({ orderId: `A-${i}` }),
      result: JSON.stringify({ status: 'delivered', days_ago: i % 40, items: Array.from({ length: 20 }, (_, k) => k) }),
      error: null,
    },
  ],
  retrievedDocuments: Array.from({ length: 5 }, (_, d) => ({
    id: `doc-${d}`,
    content: `Policy section ${d} (item ${i}). `.repeat(60),
    score: 0.9 - d / 10,
    metadata: null,
  })),
  outputTokens: 60,
  hasError: false,
});

const startStub = () =>
  startLlmStub(() => ({ kind: 'text', content: JSON.stringify({ justification: 'Supported by doc-1.', score: 1 }) }), {
    latencyMs: LATENCY_MS,
  });

/**
 * The stub runs in a child process, as a real provider would be elsewhere: in this process its JSON
 * parsing would compete with the pipeline for the event loop and the bench would measure both.
 */
const spawnStub = async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--stub-only', '--latency', String(LATENCY_MS)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const started = once(child.stdout, 'data') as Promise<[Buffer]>;
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`bench: the stub process exited with code ${code} before listening`);
  });
  const [line] = await Promise.race([started, exited]);
  exited.catch(() => {});
  return {
    baseURL: line.toString().trim(),
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
};

const runBench = async () => {
  const stub = await spawnStub();
  try {
    const client = new OpenAI({ apiKey: 'bench', baseURL: stub.baseURL });
    const items = Array.from({ length: ITEMS }, (_, i) => itemOf(i));
    const ideal = CONCURRENCY / (LATENCY_MS / 1000);

    // Warm the connection pool so neither run pays for TCP setup.
    await Promise.all(
      Array.from({ length: CONCURRENCY }, () =>
        client.chat.completions.create({ model: config.model, messages: [{ role: 'user', content: 'warm up' }] }),
      ),
    );

    // Baseline: the same number of bare SDK calls with the same concurrency bound.
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < ITEMS) {
          await client.chat.completions.create(
            { model: config.model, messages: [{ role: 'user', content: 'hi' }], temperature: 0 },
            { maxRetries: 0 },
          );
        }
      }),
    );
    const bare = ITEMS / ((performance.now() - t0) / 1000);

    const runner = createJudgeRunner({
      client,
      concurrency: CONCURRENCY,
      cache: createMemoryJudgeCache(),
      pricing: { [config.model]: { inputPerMillion: 0.4, outputPerMillion: 1.6 } },
    });
    const t1 = performance.now();
    const result = await runner.judgeMany(config, items);
    const seconds = (performance.now() - t1) / 1000;
    const achieved = ITEMS / seconds;
    const failed = Object.values(result.failures).reduce((a, b) => a + b, 0);
    if (failed > 0) throw new Error(`bench: ${failed} judge calls failed: ${JSON.stringify(result.failures)}`);

    log(
      `judge: ${ITEMS} items, latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}: ${seconds.toFixed(2)} s, ` +
        `${result.cost.inputTokens} input + ${result.cost.outputTokens} output tokens, $${result.cost.usd?.toFixed(4)}`,
    );
    log(`bare SDK calls (baseline, same run): ${bare.toFixed(1)}/s`);
    log(`ideal: ${CONCURRENCY}/${LATENCY_MS / 1000} s = ${ideal.toFixed(0)}/s`);
    log(
      `achieved: ${achieved.toFixed(1)}/s = ${(achieved / ideal).toFixed(3)} × ideal ` +
        `(target ≥ 0.9), ${(achieved / bare).toFixed(3)} × bare SDK`,
    );
    process.stdout.write(`judge: ${achieved.toFixed(1)}/s of limit ${ideal.toFixed(0)}/s\n`);
  } finally {
    await stub.stop();
  }
};

if (values['stub-only']) {
  const stub = await startStub();
  process.once('SIGTERM', () => process.exit(0));
  process.stdout.write(`${stub.baseURL}\n`);
} else {
  await runBench();
}
