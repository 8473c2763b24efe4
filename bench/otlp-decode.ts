/**
 * OTLP/protobuf trace decoding: our hand-written decoder (core/otlp/decode-protobuf.ts) against
 * protobufjs decoding the same bytes, both producing our DecodedSpan shape.
 *
 *   npx tsx bench/otlp-decode.ts [spans=20000]
 *
 * ~20k LLM-agent spans (agent, chat and tool spans with gen_ai.* attributes, JSON-string messages and
 * tool calls, ≈1 KB of attributes each) are made with the OpenTelemetry SDK and encoded once, in
 * exporter-sized batches, by @opentelemetry/otlp-transformer. Rounds alternate between the decoders
 * and the best round (in CPU time) counts, since the machines are shared and noisy; the ratio is the
 * figure to watch.
 */

import { isDeepStrictEqual } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { decodeTracesProtobuf } from '../core/otlp/decode-protobuf.js';
import { decodeWithProtobufjs } from './otlp-decode-protobufjs.js';

const SPANS = Number(process.argv[2] ?? 20_000);
const BATCH = 512; // the BatchSpanProcessor's default export size
const ROUNDS = 15;
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

let seed = 7;
const random = () => {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
  return seed / 2 ** 32;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const QUESTIONS = [
  'Where is my order #{n}? It was supposed to arrive on Monday and the tracking page has not changed since.',
  'I was charged twice for invoice {n}, please refund the duplicate charge to my card ending in 4242.',
  'Can I change the delivery address of order {n} to 12 rue de la Paix, Paris? Merci beaucoup — Élodie',
  'My subscription renewed at the old price. Plan {n} should be discounted after the loyalty upgrade.',
];
const TOOLS = ['get_order_status', 'lookup_invoice', 'update_address', 'issue_refund', 'search_kb'];

function llmAttributes(question: string, tool: string, n: number) {
  const messages = [
    {
      role: 'system',
      content:
        'You are a support agent for ACME Inc. Use the tools to look up orders, invoices and addresses; never ' +
        'guess an order status. Be concise and polite, answer in the language of the customer, and escalate to a ' +
        'human when the customer asks for a refund above 200 EUR or mentions a legal dispute.',
    },
    { role: 'user', content: question },
    { role: 'assistant', content: 'Let me look that up for you.' },
  ];
  const toolCall = {
    id: `call_${n.toString(36)}`,
    type: 'function',
    function: { name: tool, arguments: `{"id":"${n}"}` },
  };
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.response.id': `chatcmpl-${n.toString(16)}${Math.floor(random() * 1e9)}`,
    'gen_ai.request.temperature': 0.2,
    'gen_ai.request.max_tokens': 1024,
    'gen_ai.usage.input_tokens': 300 + Math.floor(random() * 900),
    'gen_ai.usage.output_tokens': 20 + Math.floor(random() * 200),
    'gen_ai.response.finish_reasons': ['tool_calls'],
    'gen_ai.input.messages': JSON.stringify(messages),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', content: null, tool_calls: [toolCall] }]),
    'server.address': 'api.openai.com',
    'server.port': 443,
  };
}

function toolAttributes(tool: string, n: number) {
  return {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': tool,
    'gen_ai.tool.type': 'function',
    'gen_ai.tool.call.id': `call_${n.toString(36)}`,
    'gen_ai.tool.call.arguments': JSON.stringify({ id: String(n), include_history: true }),
    'gen_ai.tool.call.result': JSON.stringify({
      id: String(n),
      status: pick(['shipped', 'pending', 'delayed', 'refunded']),
      carrier: 'DHL Express',
      eta: '2025-11-28',
      history: [
        { at: '2025-11-20T10:00:00Z', event: 'label created' },
        { at: '2025-11-21T08:12:00Z', event: 'picked up' },
        { at: '2025-11-22T17:40:00Z', event: 'arrived at sorting facility Leipzig' },
        { at: '2025-11-23T06:05:00Z', event: 'out for delivery' },
      ],
      note: 'Customer contacted support twice; priority handling requested by the escalation team.',
    }),
  };
}

/** Agent traces of 6 spans (1 agent, 3 chat, 2 tool), made by the SDK. */
function makeSpans(count: number) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'support-agent',
      'service.version': '1.4.2',
      'deployment.environment': 'prod',
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const agentTracer = provider.getTracer('acme-agents', '0.8.1');
  const llmTracer = provider.getTracer('@opentelemetry/instrumentation-openai', '0.5.0');
  let n = 0;
  while (n < count) {
    const question = pick(QUESTIONS).replace('{n}', String(100_000 + n));
    const agent = agentTracer.startSpan('invoke_agent support', {
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'support',
        'gen_ai.agent.id': 'agent_8f2a41',
        'gen_ai.conversation.id': `conv_${n}`,
        'session.id': `sess_${Math.floor(n / 30)}`,
        'user.id': `user_${Math.floor(random() * 5000)}`,
        'input.value': JSON.stringify({ messages: [{ role: 'user', content: question }] }),
        'output.value': JSON.stringify({
          role: 'assistant',
          content: 'Your order has shipped with DHL Express; it should arrive on Friday.',
        }),
      },
    });
    const parent = trace.setSpan(context.active(), agent);
    for (let i = 0; i < 3 && n + 1 < count; i++, n++) {
      const tool = pick(TOOLS);
      const chat = llmTracer.startSpan(
        'chat gpt-4o-mini',
        { kind: SpanKind.CLIENT, attributes: llmAttributes(question, tool, n) },
        parent,
      );
      chat.addEvent('gen_ai.content.completion', { 'gen_ai.completion': 'tool_calls' });
      if (random() < 0.05) chat.setStatus({ code: SpanStatusCode.ERROR, message: '429 Too Many Requests' });
      chat.end();
      if (i < 2 && n + 2 < count) {
        agentTracer.startSpan(`execute_tool ${tool}`, { attributes: toolAttributes(tool, n) }, parent).end();
        n++;
      }
    }
    agent.end();
    n++;
  }
  return exporter.getFinishedSpans().slice(0, count);
}

/**
 * Decodes every batch once and returns the CPU time it took in ms (user + system, all threads, so GC
 * helpers count): on a shared machine that is steadier than wall time. Each run starts from a
 * collected heap so that one decoder's garbage is not charged to the other.
 */
function run(decode: () => number): number {
  collectGarbage();
  const start = process.cpuUsage();
  const spans = decode();
  const used = process.cpuUsage(start);
  if (spans !== SPANS) throw new Error(`decoded ${spans} spans, expected ${SPANS}`);
  return (used.user + used.system) / 1000;
}

function main(): void {
  const spans = makeSpans(SPANS);
  const batches: Uint8Array[] = [];
  for (let i = 0; i < spans.length; i += BATCH)
    batches.push(ProtobufTraceSerializer.serializeRequest(spans.slice(i, i + BATCH))!);
  // protobufjs reads node Buffers with its fastest reader (native utf8Slice); give it that.
  const buffers = batches.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  const bytes = batches.reduce((sum, b) => sum + b.length, 0);
  const attributeBytes = spans.reduce(
    (sum, s) =>
      sum + Object.entries(s.attributes).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(JSON.stringify(v)), 0),
    0,
  );
  console.log(
    `otlp-decode: ${SPANS} spans in ${batches.length} batches, ${(bytes / 1e6).toFixed(1)} MB of protobuf, ` +
      `${Math.round(attributeBytes / SPANS)} B of attributes per span`,
  );

  const ours = () => batches.reduce((n, b) => n + decodeTracesProtobuf(b).spans.length, 0);
  const theirs = () => buffers.reduce((n, b) => n + decodeWithProtobufjs(b).length, 0);
  for (let i = 0; i < batches.length; i++) {
    if (!isDeepStrictEqual(decodeTracesProtobuf(batches[i]!).spans, decodeWithProtobufjs(buffers[i]!))) {
      throw new Error(`the decoders disagree on batch ${i}`);
    }
  }

  for (let i = 0; i < 2; i++) {
    run(ours); // warm up both
    run(theirs);
  }
  const times = { ours: [] as number[], theirs: [] as number[] };
  for (let i = 0; i < ROUNDS; i++) {
    times.ours.push(run(ours));
    times.theirs.push(run(theirs));
  }
  const report = (name: string, ms: number[]) => {
    const best = Math.min(...ms);
    const median = [...ms].sort((a, b) => a - b)[ms.length >> 1]!;
    console.log(
      `  ${name.padEnd(12)} best ${best.toFixed(1)} ms CPU (median ${median.toFixed(1)}): ` +
        `${(bytes / 1e6 / (best / 1000)).toFixed(0)} MB/s, ${Math.round(SPANS / (best / 1000))} spans/s`,
    );
    return SPANS / (best / 1000);
  };
  const oursRate = report('hand-written', times.ours);
  const theirsRate = report('protobufjs', times.theirs);
  console.log(
    `otlp-decode: hand-written ${Math.round(oursRate)} spans/s; protobufjs ${Math.round(theirsRate)} spans/s; ratio ${(oursRate / theirsRate).toFixed(2)}`,
  );
}

main();
