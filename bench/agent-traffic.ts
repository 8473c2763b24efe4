import { randomBytes } from 'node:crypto';
import { type HrTime, type SpanContext, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { createRng as uniformRandom } from '../core/stats/random.js';

/** What the SDK's BatchSpanProcessor hands to the exporter; plain objects are enough for the serializer. */
type ReadableSpan = Parameters<typeof ProtobufTraceSerializer.serializeRequest>[0][number];
type Attributes = ReadableSpan['attributes'];

/** Encoded OTLP protobuf ExportTraceServiceRequest bodies and what they hold. */
export interface EncodedTraffic {
  batches: Uint8Array[];
  spans: number;
  traces: number;
  /** Attribute keys plus values (UTF-8 bytes; 8 per number), summed over all spans. */
  attributeBytes: number;
  bodyBytes: number;
}

/** A small deterministic PRNG (core/stats/random.ts): the same traffic on every run. */
const createRandom = (seed: number) => {
  const next = uniformRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, int, pick };
};

type Random = ReturnType<typeof createRandom>;

const WORDS = `order refund shipping invoice account password delivery package warehouse customer subscription
  plan upgrade downgrade billing charge card payment address tracking carrier return policy window days receipt
  discount coupon promotion loyalty points balance statement error timeout retry support ticket agent escalation
  manager priority urgent status pending processed cancelled delayed lost damaged replacement exchange size color
  product catalog inventory stock available backorder estimate arrival region country tax currency euro dollar
  please thanks sorry unfortunately certainly happy help check verify confirm update change request issue problem
  question answer details information number email phone message note history previous recent today tomorrow week
  month year morning evening the a an of to in for on with at from by about as into through after before during`
  .split(/\s+/)
  .filter(Boolean);

/** A pool of varied sentences, so span content is not one repeated string (Postgres compresses large jsonb). */
const createSentences = (random: Random, count: number) => {
  const sentences: string[] = [];
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: random.int(4, 9) }, () => random.pick(WORDS));
    const first = words[0]!;
    words[0] = first[0]!.toUpperCase() + first.slice(1);
    sentences.push(`${words.join(' ')}${random.pick(['.', '.', '.', '?', '!'])}`);
  }
  return sentences;
};

const TOOLS = [
  {
    name: 'lookup_order',
    description: 'Look up an order: status, items, shipping.',
    parameters: {
      type: 'object',
      properties: { order_id: { type: 'string' } },
      required: ['order_id'],
    },
  },
  {
    name: 'search_knowledge_base',
    description: 'Search the help-center articles.',
    parameters: {
      type: 'object',
      properties: { query: { type: 'string' }, top_k: { type: 'integer' } },
      required: ['query'],
    },
  },
] as const;

const TOOL_DEFINITIONS = JSON.stringify(TOOLS.map((t) => ({ type: 'function', ...t })));

const SYSTEM_INSTRUCTIONS = JSON.stringify([
  {
    type: 'text',
    content: 'You are the support agent of an online shop. Be brief and friendly; look orders up before answering.',
  },
]);

const RESOURCES = ['web', 'mobile', 'email'].map((channel, i) =>
  resourceFromAttributes({
    'service.name': 'support-bot',
    'service.version': `2.${i + 3}.1`,
    'deployment.environment.name': 'production',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.version': '2.2.0',
    'app.channel': channel,
  }),
);

const AGENT_SCOPE = { name: 'support-bot.agent', version: '2.3.1' };
const LLM_SCOPE = { name: '@opentelemetry/instrumentation-openai', version: '0.5.0' };

const hexId = (bytes: number) => randomBytes(bytes).toString('hex');

const hrTime = (ms: number): HrTime => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];

interface SpanInit {
  name: string;
  kind: SpanKind;
  context: SpanContext;
  parent?: SpanContext;
  startMs: number;
  endMs: number;
  attributes: Attributes;
  error?: { type: string; message: string };
  resource: ReadableSpan['resource'];
  scope: { name: string; version: string };
}

const makeSpan = (init: SpanInit): ReadableSpan => ({
  name: init.name,
  kind: init.kind,
  spanContext: () => init.context,
  parentSpanContext: init.parent,
  startTime: hrTime(init.startMs),
  endTime: hrTime(init.endMs),
  duration: hrTime(init.endMs - init.startMs),
  status: init.error ? { code: SpanStatusCode.ERROR, message: init.error.message } : { code: SpanStatusCode.OK },
  attributes: init.error ? { ...init.attributes, 'error.type': init.error.type } : init.attributes,
  links: [],
  events: init.error
    ? [
        {
          name: 'exception',
          time: hrTime(init.endMs - 1),
          attributes: { 'exception.type': init.error.type, 'exception.message': init.error.message },
        },
      ]
    : [],
  ended: true,
  resource: init.resource,
  instrumentationScope: init.scope,
  droppedAttributesCount: 0,
  droppedEventsCount: 0,
  droppedLinksCount: 0,
});

const textPart = (content: string) => ({ type: 'text', content });

/**
 * One agent run, in the order a BatchSpanProcessor sees the spans (children end first):
 * an `invoke_agent` root, 2–4 `chat` calls carrying the whole conversation so far, and an
 * `execute_tool` span after every chat call but the last.
 */
const agentTrace = (random: Random, sentences: readonly string[], startMs: number): ReadableSpan[] => {
  const traceId = hexId(16);
  const context = (): SpanContext => ({ traceId, spanId: hexId(8), traceFlags: 1 });
  const root = context();
  const resource = random.pick(RESOURCES);
  const sessionId = `sess_${hexId(6)}`;
  const userId = `user_${random.int(1, 50_000)}`;
  const common = { 'gen_ai.conversation.id': sessionId, 'enduser.id': userId };
  const say = (min: number, max: number) =>
    Array.from({ length: random.int(min, max) }, () => random.pick(sentences)).join(' ');

  const spans: ReadableSpan[] = [];
  const question = say(1, 2);
  const messages: unknown[] = [{ role: 'user', parts: [textPart(question)] }];
  const chats = random.int(2, 4);
  let clock = startMs + random.int(2, 10);
  for (let i = 0; i < chats; i++) {
    const last = i === chats - 1;
    const chat = context();
    const chatStart = clock;
    const chatEnd = chatStart + random.int(300, 2500);
    const tool = random.pick(TOOLS);
    const callId = `call_${hexId(12)}`;
    const toolArguments =
      tool.name === 'lookup_order'
        ? { order_id: `ORD-${random.int(100_000, 999_999)}` }
        : { query: say(1, 1), top_k: 3 };
    const toolCall = { type: 'tool_call', id: callId, name: tool.name, arguments: toolArguments };
    const output = last
      ? { role: 'assistant', parts: [textPart(say(1, 2))], finish_reason: 'stop' }
      : { role: 'assistant', parts: [toolCall], finish_reason: 'tool_calls' };
    const inputTokens = 180 + 40 * messages.length + random.int(0, 200);
    const outputTokens = random.int(12, 220);
    spans.push(
      makeSpan({
        name: 'chat gpt-4o-mini',
        kind: SpanKind.CLIENT,
        context: chat,
        parent: root,
        startMs: chatStart,
        endMs: chatEnd,
        resource,
        scope: LLM_SCOPE,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.request.temperature': 0.2,
          'gen_ai.request.max_tokens': 1024,
          'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
          'gen_ai.response.id': `chatcmpl-${hexId(12)}`,
          'gen_ai.response.finish_reasons': [last ? 'stop' : 'tool_calls'],
          'gen_ai.usage.input_tokens': inputTokens,
          'gen_ai.usage.output_tokens': outputTokens,
          'gen_ai.usage.cache_read.input_tokens': i === 0 ? 0 : 128,
          'server.address': 'api.openai.com',
          'server.port': 443,
          ...common,
          'gen_ai.system_instructions': SYSTEM_INSTRUCTIONS,
          'gen_ai.tool.definitions': TOOL_DEFINITIONS,
          'gen_ai.input.messages': JSON.stringify(messages),
          'gen_ai.output.messages': JSON.stringify([output]),
        },
      }),
    );
    clock = chatEnd + random.int(1, 5);
    if (last) break;

    const failed = random.next() < 0.02;
    const result = failed
      ? ''
      : JSON.stringify(
          tool.name === 'search_knowledge_base'
            ? Array.from({ length: 2 }, () => ({ title: say(1, 1), score: Math.round(random.next() * 100) / 100 }))
            : { status: random.pick(['pending', 'shipped', 'delivered', 'returned']), note: say(1, 1) },
        );
    const toolEnd = clock + random.int(20, 600);
    spans.push(
      makeSpan({
        name: `execute_tool ${tool.name}`,
        kind: SpanKind.INTERNAL,
        context: context(),
        parent: root,
        startMs: clock,
        endMs: toolEnd,
        resource,
        scope: AGENT_SCOPE,
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': tool.name,
          'gen_ai.tool.type': 'function',
          'gen_ai.tool.call.id': callId,
          'gen_ai.tool.description': tool.description,
          'gen_ai.tool.call.arguments': JSON.stringify(toolArguments),
          ...(failed ? {} : { 'gen_ai.tool.call.result': result }),
          ...common,
        },
        error: failed ? { type: 'TimeoutError', message: `${tool.name} timed out after 10000 ms` } : undefined,
      }),
    );
    clock = toolEnd + random.int(1, 5);
    messages.push(
      { role: 'assistant', parts: [toolCall] },
      {
        role: 'tool',
        parts: [{ type: 'tool_call_response', id: callId, response: failed ? 'error: timeout' : result }],
      },
    );
  }
  spans.push(
    makeSpan({
      name: 'invoke_agent support-agent',
      kind: SpanKind.INTERNAL,
      context: root,
      startMs,
      endMs: clock + random.int(1, 20),
      resource,
      scope: AGENT_SCOPE,
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'support-agent',
        'gen_ai.agent.id': 'agent_support_v2',
        ...common,
        'app.release': '2026.01.3',
        'app.prompt.version': 'support-v14',
        'app.feature.fast_refunds': random.next() < 0.5,
      },
    }),
  );
  return spans;
};

const valueBytes = (value: unknown): number => {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + valueBytes(v), 0);
  return typeof value === 'boolean' ? 1 : 8;
};

const attributeBytes = (attributes: Attributes) => {
  let bytes = 0;
  for (const [key, value] of Object.entries(attributes)) bytes += key.length + valueBytes(value);
  return bytes;
};

/**
 * Generates `spans` spans of LLM-agent traces and encodes them, `batchSize` at a time, with the
 * OpenTelemetry SDK's own protobuf serializer. Only the encoded bodies are kept.
 */
export const encodeAgentTraffic = (options: { spans: number; batchSize: number; seed?: number }): EncodedTraffic => {
  const random = createRandom(options.seed ?? 42);
  const sentences = createSentences(random, 4000);
  const traffic: EncodedTraffic = { batches: [], spans: 0, traces: 0, attributeBytes: 0, bodyBytes: 0 };
  let pending: ReadableSpan[] = [];
  let clockMs = Date.now() - 3_600_000;
  const emit = () => {
    const body = ProtobufTraceSerializer.serializeRequest(pending);
    if (!body) throw new Error('the OTLP serializer returned nothing');
    traffic.batches.push(body);
    traffic.bodyBytes += body.length;
    pending = [];
  };
  while (traffic.spans < options.spans) {
    const trace = agentTrace(random, sentences, clockMs);
    traffic.traces++;
    clockMs += random.int(5, 40);
    for (const span of trace) {
      if (traffic.spans === options.spans) break;
      pending.push(span);
      traffic.spans++;
      traffic.attributeBytes += attributeBytes(span.attributes);
      if (pending.length === options.batchSize) emit();
    }
  }
  if (pending.length > 0) emit();
  return traffic;
};
