import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Token counts a reply reports instead of the stub's estimate (about 4 characters per token). */
export interface StubUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/**
 * One scripted answer of the stub: a reply (its content sent verbatim, so it may be malformed JSON),
 * a tool call, a refusal (`message.refusal`), or an HTTP error. `delayMs` holds this answer back
 * (on top of `latencyMs`), e.g. past a client's timeout.
 */
export type StubReply = (
  | { kind: 'text'; content: string; finishReason?: string; usage?: StubUsage }
  | { kind: 'tool_calls'; calls: { id: string; name: string; arguments: string }[] }
  | { kind: 'refusal'; refusal: string }
  | { kind: 'error'; status: number; message: string; headers?: Record<string, string> }
) & { delayMs?: number };

// biome-ignore lint/suspicious/noExplicitAny: the OpenAI request body as received
export type StubRequest = { body: any; headers: IncomingMessage['headers'] };

export interface LlmStub {
  /** Base URL for the `openai` SDK (`.../v1`). */
  baseURL: string;
  requests: StubRequest[];
  /** Requests being answered right now. */
  readonly inFlight: number;
  /** The most requests ever answered at once. */
  readonly maxInFlight: number;
  stop: () => Promise<void>;
}

const usageOf = (body: { messages?: unknown[] }, completion: string, usage?: StubUsage) => {
  if (usage) return { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
  const prompt = JSON.stringify(body.messages ?? []).length >> 2;
  const out = Math.max(1, completion.length >> 2);
  return { prompt_tokens: prompt, completion_tokens: out, total_tokens: prompt + out };
};

const readJson = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
};

type Answer = Exclude<StubReply, { kind: 'error' }>;

const message = (reply: Answer) =>
  reply.kind === 'text'
    ? { role: 'assistant', content: reply.content }
    : reply.kind === 'refusal'
      ? { role: 'assistant', content: null, refusal: reply.refusal }
      : {
          role: 'assistant',
          content: null,
          tool_calls: reply.calls.map((c) => ({
            id: c.id,
            type: 'function',
            function: { name: c.name, arguments: c.arguments },
          })),
        };

const finishOf = (reply: Answer) =>
  reply.kind === 'text' ? (reply.finishReason ?? 'stop') : reply.kind === 'refusal' ? 'stop' : 'tool_calls';

const contentOf = (reply: Answer) =>
  reply.kind === 'text' ? reply.content : reply.kind === 'refusal' ? reply.refusal : JSON.stringify(reply.calls);

const usageOfReply = (body: { messages?: unknown[] }, reply: Answer) =>
  usageOf(body, contentOf(reply), reply.kind === 'text' ? reply.usage : undefined);

const sendStream = (res: ServerResponse, body: { model: string }, reply: Answer) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = { id: 'chatcmpl-stub', object: 'chat.completion.chunk', created: 1_700_000_000, model: body.model };
  const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
  if (reply.kind === 'text') {
    send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const piece of reply.content.match(/.{1,8}/gs) ?? []) {
      send({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
    }
  } else if (reply.kind === 'refusal') {
    send({
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', refusal: reply.refusal }, finish_reason: null }],
    });
  } else {
    reply.calls.forEach((c, index) => {
      send({
        ...base,
        choices: [
          {
            index: 0,
            delta: {
              role: 'assistant',
              tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }],
            },
            finish_reason: null,
          },
        ],
      });
    });
  }
  send({
    ...base,
    choices: [{ index: 0, delta: {}, finish_reason: finishOf(reply) }],
    usage: usageOfReply(body as never, reply),
  });
  res.end('data: [DONE]\n\n');
};

/**
 * A Responses API answer (`POST /v1/responses`, not streamed): a message, or one `function_call`
 * item per tool call (item id `fc_<call id>`, distinct from its `call_id`, as the real API does).
 */
const sendResponse = (res: ServerResponse, body: { model: string; input?: unknown }, reply: Answer, n: number) => {
  const output =
    reply.kind === 'tool_calls'
      ? reply.calls.map((c) => ({
          type: 'function_call',
          id: `fc_${c.id}`,
          call_id: c.id,
          name: c.name,
          arguments: c.arguments,
          status: 'completed',
        }))
      : [
          {
            type: 'message',
            id: `msg_stub_${n}`,
            role: 'assistant',
            status: 'completed',
            content: [{ type: 'output_text', text: contentOf(reply), annotations: [] }],
          },
        ];
  const usage = usageOf({ messages: [body.input] }, contentOf(reply), reply.kind === 'text' ? reply.usage : undefined);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: `resp_stub_${n}`,
      object: 'response',
      created_at: 1_700_000_000,
      status: 'completed',
      model: body.model,
      output,
      usage: {
        input_tokens: usage.prompt_tokens,
        output_tokens: usage.completion_tokens,
        total_tokens: usage.total_tokens,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens_details: { reasoning_tokens: 0 },
      },
    }),
  );
};

/**
 * A local OpenAI-compatible server (`POST /v1/chat/completions`, streaming or not, and `POST /v1/responses`) that
 * answers with scripted replies: the real `openai` SDK talks to it in tests.
 */
export const startLlmStub = async (
  script: (req: StubRequest, index: number) => StubReply | Promise<StubReply>,
  options: { latencyMs?: number } = {},
): Promise<LlmStub> => {
  const requests: StubRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer(async (req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => {
      inFlight -= 1;
    });
    try {
      const body = await readJson(req);
      const request = { body, headers: req.headers };
      requests.push(request);
      const reply = await script(request, requests.length - 1);
      const delay = (options.latencyMs ?? 0) + (reply.delayMs ?? 0);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      // The client gave up (timed out) while we waited: nobody to answer.
      if (res.destroyed) return;
      if (reply.kind === 'error') {
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify({ error: { message: reply.message, type: 'stub_error', code: reply.status } }));
        return;
      }
      if (req.url?.endsWith('/responses')) return sendResponse(res, body, reply, requests.length);
      if (body.stream) return sendStream(res, body, reply);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-stub-${requests.length}`,
          object: 'chat.completion',
          created: 1_700_000_000,
          model: body.model,
          choices: [{ index: 0, message: message(reply), finish_reason: finishOf(reply), logprobs: null }],
          usage: usageOfReply(body, reply),
        }),
      );
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(err) } }));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
};
