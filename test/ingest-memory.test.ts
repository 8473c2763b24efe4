import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_PER_BODY_BYTE } from '../api/otlp.js';
import { postProtobuf, sdkProtobufTraces } from './helpers/sdk-spans.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const MiB = 1024 * 1024;
const INFLIGHT = 8 * MiB;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    env: { INGEST_MAX_INFLIGHT_BYTES: String(INFLIGHT), OTLP_MAX_BODY_BYTES: String(20 * MiB) },
  });
});
afterAll(() => server?.stop());

/** A real SDK protobuf export of about `bytes` bytes (one span with a large attribute). */
const exportOf = async (bytes: number) => (await sdkProtobufTraces(1, { payload: 'p'.repeat(bytes) })).body;

describe('the ingest budget counts decoded memory, not only body bytes (issue 10, item 9)', () => {
  it('caps one request at INGEST_MAX_INFLIGHT_BYTES / the measured cost per byte', async () => {
    const limit = Math.floor(INFLIGHT / MEMORY_PER_BODY_BYTE);
    const over = await postProtobuf(server.url, server.keys.ingest, await exportOf(limit + 64 * 1024));
    expect(over.status).toBe(413);
    const under = await postProtobuf(server.url, server.keys.ingest, await exportOf(limit - 64 * 1024));
    expect(under.status).toBe(200);
  });

  it('sheds a second request while a first one holds its decoded share, then accepts it', async () => {
    // A first request that has sent 600 KiB and stalls holds 600 KiB × the cost per byte (4.7 MiB).
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    socket.on('error', () => {});
    socket.write(
      `POST /v1/traces HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.keys.ingest}\r\n` +
        `Content-Type: application/x-protobuf\r\nContent-Length: ${MiB}\r\n\r\n`,
    );
    socket.write(Buffer.alloc(600 * 1024, 0x0a));
    await new Promise((r) => setTimeout(r, 500));
    const body = await exportOf(500 * 1024);
    const shed = await postProtobuf(server.url, server.keys.ingest, body);
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).not.toBeNull();
    socket.destroy();
    await new Promise((r) => setTimeout(r, 300));
    expect((await postProtobuf(server.url, server.keys.ingest, body)).status).toBe(200);
  });
});
