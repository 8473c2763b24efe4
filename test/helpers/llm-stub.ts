import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer of the stub: a reply, a tool call, or an HTTP error. */
export type StubReply =
  | { kind: 'text'; content: string; finishReason?: string }
  | { kind: 'tool_calls'; calls: { id: string; name: string; arguments: string }[] }
  | { kind: 'error'; status: number; message: string; headers?: Record<string, string> };

// biome-ignore lint/suspicious/noExplicitAny: the OpenAI request body as received
export type StubRequest = { body: any; headers: IncomingMessage['headers'] };

export interface LlmStub {
  /** Base URL for the `openai` SDK (`.../v1`). */
  baseURL: string;
  requests: StubRequest[];
  stop: () => Promise<void>;
}

const usageOf = (body: { messages?: unknown[] }, completion: string) => {
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

const message = (reply: Exclude<StubReply, { kind: 'error' }>) =>
  reply.kind === 'text'
    ? { role: 'assistant', content: reply.content }
    : {
        role: 'assistant',
        content: null,
        tool_calls: reply.calls.map((c) => ({
          id: c.id,
          type: 'function',
          function: { name: c.name, arguments: c.arguments },
        })),
      };

const finishOf = (reply: Exclude<StubReply, { kind: 'error' }>) =>
  reply.kind === 'text' ? (reply.finishReason ?? 'stop') : 'tool_calls';

const sendStream = (res: ServerResponse, body: { model: string }, reply: Exclude<StubReply, { kind: 'error' }>) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = { id: 'chatcmpl-stub', object: 'chat.completion.chunk', created: 1_700_000_000, model: body.model };
  const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
  if (reply.kind === 'text') {
    send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const piece of reply.content.match(/.{1,8}/gs) ?? []) {
      send({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
    }
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
  const content = reply.kind === 'text' ? reply.content : JSON.stringify(reply.calls);
  send({
    ...base,
    choices: [{ index: 0, delta: {}, finish_reason: finishOf(reply) }],
    usage: usageOf(body as never, content),
  });
  res.end('data: [DONE]\n\n');
};

/**
 * A local OpenAI-compatible server (`POST /v1/chat/completions`, streaming or not) that
 * answers with scripted replies: the real `openai` SDK talks to it in tests.
 */
export const startLlmStub = async (
  script: (req: StubRequest, index: number) => StubReply | Promise<StubReply>,
  options: { latencyMs?: number } = {},
): Promise<LlmStub> => {
  const requests: StubRequest[] = [];
  const server = createServer(async (req, res) => {
    try {
      const body = await readJson(req);
      const request = { body, headers: req.headers };
      requests.push(request);
      const reply = await script(request, requests.length - 1);
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      if (reply.kind === 'error') {
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify({ error: { message: reply.message, type: 'stub_error', code: reply.status } }));
        return;
      }
      if (body.stream) return sendStream(res, body, reply);
      const content = reply.kind === 'text' ? reply.content : JSON.stringify(reply.calls);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-stub-${requests.length}`,
          object: 'chat.completion',
          created: 1_700_000_000,
          model: body.model,
          choices: [{ index: 0, message: message(reply), finish_reason: finishOf(reply), logprobs: null }],
          usage: usageOf(body, content),
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
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
};
