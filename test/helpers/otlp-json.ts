import { randomBytes } from 'node:crypto';

/** Random ids of the right shape. */
export const newTraceId = () => randomBytes(16).toString('hex');
export const newSpanId = () => randomBytes(8).toString('hex');

const attr = (key: string, value: string | number | boolean) => ({
  key,
  value:
    typeof value === 'string'
      ? { stringValue: value }
      : typeof value === 'boolean'
        ? { boolValue: value }
        : Number.isInteger(value)
          ? { intValue: String(value) }
          : { doubleValue: value },
});

export interface JsonSpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name?: string;
  startMs?: number;
  durationMs?: number;
  attributes?: Record<string, string | number | boolean>;
  error?: string;
}

/** An OTLP/JSON ExportTraceServiceRequest with the given spans under one resource. */
export const otlpJsonTraces = (
  spans: JsonSpanSpec[],
  resource: Record<string, string> = { 'service.name': 'test' },
) => ({
  resourceSpans: [
    {
      resource: { attributes: Object.entries(resource).map(([k, v]) => attr(k, v)) },
      scopeSpans: [
        {
          scope: { name: 'evalloop-test', version: '1' },
          spans: spans.map((s) => {
            const start = BigInt(s.startMs ?? Date.now()) * 1_000_000n;
            return {
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              name: s.name ?? 'span',
              kind: 1,
              startTimeUnixNano: start.toString(),
              endTimeUnixNano: (start + BigInt(Math.round((s.durationMs ?? 10) * 1e6))).toString(),
              attributes: Object.entries(s.attributes ?? {}).map(([k, v]) => attr(k, v)),
              status: s.error ? { code: 2, message: s.error } : { code: 0 },
            };
          }),
        },
      ],
    },
  ],
});

/** A GenAI (semconv ≥1.37) chat span's attributes. */
export const chatAttributes = (input: string, output: string, extra: Record<string, string | number> = {}) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o',
  'gen_ai.response.model': 'gpt-4o-2024-08-06',
  'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: input }] }]),
  'gen_ai.output.messages': JSON.stringify([
    { role: 'assistant', parts: [{ type: 'text', content: output }], finish_reason: 'stop' },
  ]),
  'gen_ai.usage.input_tokens': 12,
  'gen_ai.usage.output_tokens': 7,
  ...extra,
});

/** POSTs an OTLP/JSON body with a key. */
export const postJson = (url: string, key: string | null, body: unknown, path = '/v1/traces') =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
