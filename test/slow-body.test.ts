import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSpanId, newTraceId, otlpJsonTraces, postJson } from './helpers/otlp-json.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const BODY_TIMEOUT_S = 2;
const HEADERS_TIMEOUT_S = 2;
const MAX_CONNECTIONS = 40;

let server: TestServer;
let port: number;

beforeAll(async () => {
  server = await startTestServer({
    env: {
      BODY_READ_TIMEOUT_SECONDS: String(BODY_TIMEOUT_S),
      HEADERS_TIMEOUT_SECONDS: String(HEADERS_TIMEOUT_S),
      MAX_CONNECTIONS: String(MAX_CONNECTIONS),
    },
  });
  port = Number(new URL(server.url).port);
});
afterAll(() => server?.stop());

interface Dribble {
  /** Resolves when the server answers or closes: the first response line ('' if closed without one) and when. */
  ended: Promise<{ statusLine: string; afterMs: number }>;
  socket: Socket;
  stop: () => void;
}

/** Opens a raw socket, writes `head`, then one byte of `trickle` every `everyMs` until the server ends it. */
const dribble = (head: string, trickle: string, everyMs: number): Dribble => {
  const socket = connect(port, '127.0.0.1');
  const started = Date.now();
  let received = '';
  let i = 0;
  socket.write(head);
  const timer = setInterval(() => {
    if (!socket.destroyed && socket.writable) socket.write(trickle[i++ % trickle.length]!);
  }, everyMs);
  socket.on('data', (d) => {
    received += d.toString();
  });
  const ended = new Promise<{ statusLine: string; afterMs: number }>((resolve) => {
    const done = () => {
      clearInterval(timer);
      resolve({ statusLine: received.split('\r\n')[0] ?? '', afterMs: Date.now() - started });
    };
    socket.on('close', done);
    socket.on('error', () => {});
  });
  const stop = () => {
    clearInterval(timer);
    socket.destroy();
  };
  return { ended, socket, stop };
};

const postHead = (path: string, type: string, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${server.keys.admin}\r\n` +
  `Content-Type: ${type}\r\nContent-Length: 100000\r\n${extra}\r\n`;

const healthy = async () => {
  const started = Date.now();
  const traceId = newTraceId();
  const res = await postJson(server.url, server.keys.ingest, otlpJsonTraces([{ traceId, spanId: newSpanId() }]));
  return { status: res.status, ms: Date.now() - started };
};

describe('slow senders are cut off (issue 10, item 14)', () => {
  it('an OTLP body dribbled 1 byte / 300 ms gets 408 and a closed socket within the body timeout', async () => {
    const slow = Array.from({ length: 20 }, () =>
      dribble(postHead('/v1/traces', 'application/json', ''), '{"resourceSpans":[', 300),
    );
    // While they dribble, other requests are served promptly.
    const others = await Promise.all(Array.from({ length: 5 }, healthy));
    expect(others.map((o) => o.status)).toEqual([200, 200, 200, 200, 200]);
    expect(Math.max(...others.map((o) => o.ms))).toBeLessThan(1500);
    const results = await Promise.all(slow.map((s) => s.ended));
    for (const r of results) {
      expect(r.statusLine).toBe('HTTP/1.1 408 Request Timeout');
      expect(r.afterMs).toBeGreaterThanOrEqual(BODY_TIMEOUT_S * 1000 - 100);
      expect(r.afterMs).toBeLessThan(BODY_TIMEOUT_S * 1000 + 1500);
    }
  });

  it('an /api JSON body dribbled slowly is answered 408 or closed by the server-wide request timeout', async () => {
    const slow = dribble(postHead('/api/labels', 'application/json'), '{"id":"', 300);
    const r = await slow.ended;
    expect(r.statusLine === '' || r.statusLine.startsWith('HTTP/1.1 408')).toBe(true);
    // headers + body timeouts, checked every second.
    expect(r.afterMs).toBeLessThan((HEADERS_TIMEOUT_S + BODY_TIMEOUT_S) * 1000 + 2000);
    expect((await healthy()).status).toBe(200);
  });

  it('headers dribbled slowly are cut off by the headers timeout', async () => {
    const slow = dribble('GET /healthz HTTP/1.1\r\n', 'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n', 300);
    const r = await slow.ended;
    expect(r.afterMs).toBeLessThan(HEADERS_TIMEOUT_S * 1000 + 2000);
    expect(r.statusLine === '' || r.statusLine.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it(`refuses connections beyond MAX_CONNECTIONS (${MAX_CONNECTIONS}) and serves again once they close`, async () => {
    const held = Array.from({ length: MAX_CONNECTIONS + 5 }, () => dribble('GET /healthz HTTP/1.1\r\n', ' ', 60_000));
    await new Promise((r) => setTimeout(r, 300));
    const refused = await Promise.race([
      held.at(-1)!.ended.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 1000)),
    ]);
    expect(refused).toBe(true);
    for (const h of held) h.stop();
    await new Promise((r) => setTimeout(r, 200));
    expect((await healthy()).status).toBe(200);
  });
});
