import { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { AppError } from '../core/errors.js';

/** Tracks decompressed request bytes held in memory across all requests (backpressure). */
export interface InflightBudget {
  /** Reserves bytes; throws `overloaded` when others already hold the budget. */
  reserve: (bytes: number) => void;
  release: (bytes: number) => void;
  used: () => number;
  /** The budget's size in bytes (INGEST_MAX_INFLIGHT_BYTES). */
  capacity: number;
}

export const createInflightBudget = (maxBytes: number): InflightBudget => {
  let used = 0;
  return {
    reserve(bytes) {
      // A lone request may always proceed (up to the body limit), or nothing large could ever be sent.
      if (used > 0 && used + bytes > maxBytes) {
        throw new AppError('overloaded', 'the ingest pipeline is saturated; retry after the delay', {
          retryAfter: 1,
        });
      }
      used += bytes;
    },
    release(bytes) {
      used -= bytes;
    },
    used: () => used,
    capacity: maxBytes,
  };
};

const decompressor = (encoding: string) => {
  switch (encoding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    default:
      throw new AppError('unsupported_media_type', `Content-Encoding "${encoding}" is not supported; use gzip or none`);
  }
};

export interface ReadBodyOptions {
  /** Largest body accepted, in bytes after decompression. */
  limit: number;
  budget: InflightBudget;
  /**
   * Budget bytes reserved per decompressed byte: the memory the body costs until the response,
   * counting its decoded form and row copies, not only its bytes (see OTLP_MEMORY_PER_BODY_BYTE).
   */
  costPerByte?: number;
  /** The whole body must arrive within this many milliseconds, else 408 (slow senders hold memory and sockets). */
  timeoutMs?: number;
}

/**
 * Reads a request body, decompressing it, and stops as soon as it exceeds `limit` bytes
 * after decompression (so a gzip bomb costs at most `limit` bytes of memory), or when it has
 * not fully arrived within `timeoutMs`. `costPerByte` budget bytes are reserved in `budget`
 * for every byte held; the caller releases `reserved` when done with the body.
 */
export const readBody = async (
  request: Request,
  options: ReadBodyOptions,
): Promise<{ body: Uint8Array; bytes: number; reserved: number }> => {
  const costPerByte = options.costPerByte ?? 1;
  const encoding = (request.headers.get('content-encoding') ?? '').trim().toLowerCase();
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (encoding === '' && declared > options.limit) {
    throw new AppError(
      'payload_too_large',
      `request body of ${declared} bytes exceeds the ${options.limit}-byte limit`,
    );
  }
  const inflate = decompressor(encoding);
  if (!request.body) return { body: new Uint8Array(0), bytes: 0, reserved: 0 };
  const raw = Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>);
  const source = inflate ? raw.pipe(inflate) : raw;
  if (inflate) raw.on('error', (err) => inflate.destroy(err));
  const chunks: Buffer[] = [];
  let total = 0;
  let reserved = 0;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          source.destroy(
            new AppError(
              'request_timeout',
              `the request body did not arrive within ${options.timeoutMs} ms; send it faster or in smaller batches`,
            ),
          );
        }, options.timeoutMs);
  try {
    // Not destroyed on an early exit: a refused body is drained below, not reset.
    for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > options.limit) {
        throw new AppError(
          'payload_too_large',
          `request body exceeds the ${options.limit}-byte limit${inflate ? ' after decompression' : ''}; send smaller batches`,
        );
      }
      const cost = Math.ceil(chunk.length * costPerByte);
      options.budget.reserve(cost);
      reserved += cost;
      chunks.push(chunk);
    }
  } catch (err) {
    options.budget.release(reserved);
    inflate?.destroy();
    if (err instanceof AppError && (err.code === 'payload_too_large' || err.code === 'overloaded')) {
      // Stop reading but keep the socket: the 413/503 goes out with `Connection: close` and the
      // client reads it, rather than a reset; reading (and dropping) the rest would cost memory.
      raw.unpipe();
      raw.on('error', () => {});
      raw.pause();
    } else raw.destroy();
    if (err instanceof AppError) throw err;
    throw new AppError('invalid_otlp', `could not read the request body: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  return { body, bytes: total, reserved };
};
