import { createHash } from 'node:crypto';

/** One OTLP/JSON attribute. */
const attr = (key: string, value: string | number) => ({
  key,
  value: typeof value === 'string' ? { stringValue: value } : { intValue: String(value) },
});

const hex = (seed: string, bytes: number) =>
  createHash('sha256')
    .update(seed)
    .digest('hex')
    .slice(0, bytes * 2);

/** Filler prose of about `chars` characters, different per seed (so nothing compresses unrealistically). */
const prose = (seed: number, chars: number) => {
  const words = ['order', 'shipment', 'warehouse', 'carrier', 'refund', 'invoice', 'customer', 'status', 'delay'];
  let out = '';
  for (let i = 0; out.length < chars; i++)
    out += `${words[(seed * 7 + i * 3) % words.length]}-${(seed * 31 + i) % 997} `;
  return out.trim();
};

export interface AgentTraceOptions {
  /** The trace id (32 hex). */
  traceId: string;
  /** Spans in all: one agent root, then LLM calls and tool calls alternating. */
  spans: number;
  startMs: number;
  /** Written into the first user message (a redaction check). */
  email?: string;
  /** Characters of each tool result (the bulk of a growing history). */
  resultChars?: number;
}

/**
 * A synthetic agent trace as OTLP/JSON request bodies (`perRequest` spans each): an
 * `invoke_agent` root whose LLM calls each send the whole conversation so far (the user's
 * question, then every earlier tool call and its result) and ask for one more tool, with a tool
 * span after each call; the last call answers. What a 60-step agent sends: a history that grows
 * with every call.
 */
export const agentHistoryTrace = (o: AgentTraceOptions, perRequest = 20) => {
  const resultChars = o.resultChars ?? 400;
  const root = hex(`${o.traceId}-root`, 8);
  const question = `Where is my order 4471? It was due last week. Mail me at ${o.email ?? 'sam.reyes@example.com'}. ${prose(1, 160)}`;
  const llmCalls = Math.ceil((o.spans - 1) / 2);
  const history: unknown[] = [{ role: 'user', parts: [{ type: 'text', content: question }] }];
  const spans: unknown[] = [];
  const span = (spanId: string, parent: string, name: string, start: number, ms: number, attributes: unknown[]) => ({
    traceId: o.traceId,
    spanId,
    parentSpanId: parent,
    name,
    kind: 1,
    startTimeUnixNano: (BigInt(start) * 1_000_000n).toString(),
    endTimeUnixNano: (BigInt(start + ms) * 1_000_000n).toString(),
    attributes,
    status: { code: 0 },
  });
  let t = o.startMs + 5;
  for (let k = 0; k < llmCalls && spans.length < o.spans - 1; k++) {
    const last = k === llmCalls - 1 || spans.length + 2 > o.spans - 1;
    const callId = `call_${k}`;
    const args = { orderId: '4471', step: k, query: prose(k + 2, 40) };
    const output = last
      ? { role: 'assistant', parts: [{ type: 'text', content: `Your order ships tomorrow. ${prose(k, 200)}` }] }
      : { role: 'assistant', parts: [{ type: 'tool_call', id: callId, name: 'lookup_order', arguments: args }] };
    spans.push(
      span(hex(`${o.traceId}-llm-${k}`, 8), root, 'chat gpt-4o', t, 40, [
        attr('gen_ai.operation.name', 'chat'),
        attr('gen_ai.provider.name', 'openai'),
        attr('gen_ai.request.model', 'gpt-4o'),
        attr('gen_ai.response.model', 'gpt-4o-2024-08-06'),
        attr('gen_ai.system_instructions', JSON.stringify([{ type: 'text', content: 'You are the order agent.' }])),
        attr('gen_ai.input.messages', JSON.stringify(history)),
        attr('gen_ai.output.messages', JSON.stringify([{ ...output, finish_reason: last ? 'stop' : 'tool_calls' }])),
        attr('gen_ai.usage.input_tokens', 200 + 150 * k),
        attr('gen_ai.usage.output_tokens', 30),
      ]),
    );
    t += 45;
    if (last) break;
    const result = `{"order":"4471","step":${k},"note":"${prose(k + 100, resultChars)}"}`;
    spans.push(
      span(hex(`${o.traceId}-tool-${k}`, 8), root, 'execute_tool lookup_order', t, 20, [
        attr('gen_ai.operation.name', 'execute_tool'),
        attr('gen_ai.tool.name', 'lookup_order'),
        attr('gen_ai.tool.call.id', callId),
        attr('gen_ai.tool.call.arguments', JSON.stringify(args)),
        attr('gen_ai.tool.call.result', result),
      ]),
    );
    t += 25;
    history.push({
      role: 'assistant',
      parts: [{ type: 'tool_call', id: callId, name: 'lookup_order', arguments: args }],
    });
    history.push({ role: 'tool', parts: [{ type: 'tool_call_response', id: callId, response: result }] });
  }
  spans.unshift(
    span(root, '', 'invoke_agent orders', o.startMs, t - o.startMs + 5, [
      attr('gen_ai.operation.name', 'invoke_agent'),
      attr('session.id', `bench-${o.traceId.slice(0, 8)}`),
    ]),
  );
  const bodies: unknown[] = [];
  for (let i = 0; i < spans.length; i += perRequest) {
    bodies.push({
      resourceSpans: [
        {
          resource: { attributes: [attr('service.name', 'orders-agent'), attr('service.version', 'bench')] },
          scopeSpans: [{ scope: { name: 'bench', version: '1' }, spans: spans.slice(i, i + perRequest) }],
        },
      ],
    });
  }
  return { bodies, spans: spans.length, llmCalls: spans.length > 1 ? Math.ceil((spans.length - 1) / 2) : 0 };
};
