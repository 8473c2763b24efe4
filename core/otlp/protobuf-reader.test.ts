import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, bytesToHex } from './bytes.js';
import { OtlpDecodeError } from './errors.js';
import { decodeUtf8, ProtobufReader } from './protobuf-reader.js';
import { defineMessage } from './protobuf-schema.js';
import { ProtobufWriter } from './protobuf-writer.js';

const reader = (...bytes: number[]) => new ProtobufReader(Uint8Array.from(bytes));
const varintBytes = (v: bigint) => Array.from(new ProtobufWriter().rawVarint(BigInt.asUintN(64, v)).finish());

describe('ProtobufReader varints', () => {
  it.each([
    [0n, 0, 0],
    [1n, 1, 1],
    [150n, 150, 150],
    [2n ** 32n - 1n, 2 ** 32 - 1, 2 ** 32 - 1],
    [2n ** 53n - 1n, 2 ** 32 - 1, 2 ** 53 - 1],
    [2n ** 53n, 0, '9007199254740992'],
    [2n ** 63n - 1n, 2 ** 32 - 1, '9223372036854775807'],
    [-1n, 2 ** 32 - 1, -1],
    [-(2n ** 53n) + 1n, 1, -(2 ** 53) + 1],
    [-(2n ** 53n), 0, '-9007199254740992'],
    [-(2n ** 63n), 0, '-9223372036854775808'],
  ])('reads %s as uint32 %s and int64 %s', (value, asUint32, asInt64) => {
    const bytes = varintBytes(value);
    const a = reader(...bytes);
    expect(a.uint32(bytes.length)).toBe(asUint32);
    expect(a.pos).toBe(bytes.length);
    const b = reader(...bytes);
    expect(b.int64(bytes.length)).toBe(asInt64);
    expect(b.pos).toBe(bytes.length);
  });

  it.each([
    ['uint32', (r: ProtobufReader, end: number) => r.uint32(end)],
    ['int64', (r: ProtobufReader, end: number) => r.int64(end)],
  ])('%s rejects truncated and overlong varints', (_, read) => {
    expect(() => read(reader(0x80, 0x80), 2)).toThrow('varint runs past the end of the message');
    expect(() => read(reader(0x96, 0x01), 1)).toThrow(OtlpDecodeError); // the limit is the message end, not the buffer
    expect(() => read(reader(...new Array(10).fill(0xff), 0x01), 11)).toThrow('varint is longer than 10 bytes');
  });

  it('reads negative int32 enums from their 10-byte form', () => {
    const bytes = varintBytes(-3n);
    expect(reader(...bytes).int32(bytes.length)).toBe(-3);
  });
});

describe('ProtobufReader fixed-width and length-delimited fields', () => {
  it('reads fixed64 as bigint and doubles', () => {
    const w = new ProtobufWriter().fixed64(1, 18_446_744_073_709_551_615n).double(2, -0.5).finish();
    const r = new ProtobufReader(w);
    r.uint32(w.length);
    expect(r.fixed64(w.length)).toBe(18_446_744_073_709_551_615n);
    r.uint32(w.length);
    expect(r.double(w.length)).toBe(-0.5);
    expect(() => reader(1, 2, 3).fixed64(3)).toThrow('fixed64 field runs past the end');
  });

  it('respects the message end and the buffer offset of a subarray', () => {
    const backing = Uint8Array.of(9, 9, 3, 0x61, 0x62, 0x63, 9);
    const r = new ProtobufReader(backing.subarray(2, 6));
    expect(r.string(4)).toBe('abc');
    expect(() => new ProtobufReader(backing.subarray(2, 5)).string(3)).toThrow(
      'length-delimited field runs past the end',
    );
  });

  it('reads bytes as hex and base64', () => {
    expect(reader(2, 0x0a, 0xff).hex(3)).toBe('0aff');
    expect(reader(3, 0xfb, 0xff, 0x00).base64(4)).toBe('+/8A');
  });

  it.each([
    ['a varint', [0x08, 0x96, 0x01]],
    ['a fixed64', [0x09, 1, 2, 3, 4, 5, 6, 7, 8]],
    ['a length-delimited field', [0x0a, 2, 0xff, 0xff]],
    ['a fixed32', [0x0d, 1, 2, 3, 4]],
    ['a group with nested fields', [0x0b, 0x10, 0x01, 0x1b, 0x1c, 0x0c]],
  ])('skips %s', (_, bytes) => {
    const r = reader(...bytes, 0x7f);
    const tag = r.uint32(bytes.length);
    r.skipField(tag, bytes.length, defineMessage([]));
    expect(r.pos).toBe(bytes.length);
  });
});

describe('decodeUtf8', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it.each(['', 'a', 'gen_ai.request.model', 'x'.repeat(100), 'é', 'naïve café — 東京 🦜'.repeat(5)])(
    'decodes %j',
    (text) => {
      const bytes = enc(text);
      expect(decodeUtf8(bytes, 0, bytes.length)).toBe(text);
    },
  );

  it.each([
    ['a lone continuation byte', [0x80]],
    ['0xff', [0x61, 0xff]],
    ['a truncated 2-byte sequence', [0xc3]],
    ['an overlong NUL', [0xc0, 0x80]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['an invalid byte in a long string', [...enc('y'.repeat(30)), 0xfe, ...enc('z'.repeat(30))]],
  ])('rejects %s', (_, bytes) => {
    const buf = Uint8Array.from(bytes);
    expect(() => decodeUtf8(buf, 0, buf.length)).toThrow(new OtlpDecodeError('string field is not valid UTF-8'));
  });
});

describe('bytes helpers', () => {
  it.each([[[]], [[0]], [[0, 1]], [[0, 1, 2]], [[250, 251, 252, 253, 254, 255, 0]]])(
    'round-trips %j through base64',
    (bytes) => {
      const buf = Uint8Array.from(bytes);
      const text = bytesToBase64(buf, 0, buf.length);
      expect(text).toBe(Buffer.from(buf).toString('base64'));
      expect(Array.from(base64ToBytes(text)!)).toEqual(bytes);
    },
  );

  it.each(['a', 'ab=c', 'abc===', 'é', '!!!!'])('refuses %j as base64', (text) => {
    expect(base64ToBytes(text)).toBeUndefined();
  });

  it('writes lower-case hex', () => {
    expect(bytesToHex(Uint8Array.of(0, 0xab, 0xff, 7), 1, 4)).toBe('abff07');
  });
});
