import { bytesToBase64, bytesToHex } from './bytes.js';
import { OtlpDecodeError } from './errors.js';
import type { MessageSchema } from './protobuf-schema.js';

/** Protobuf wire types. 3 and 4 (groups) are deprecated but still skippable. */
export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_SGROUP = 3;
export const WIRE_EGROUP = 4;
export const WIRE_I32 = 5;

const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32', '6', '7'];
const MAX_GROUP_DEPTH = 32;
const KEY_CACHE_SIZE = 1024; // a power of two
const KEY_CACHE_MAX_LENGTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function truncated(what: string): OtlpDecodeError {
  return new OtlpDecodeError(`${what} runs past the end of the message (truncated body?)`);
}

// Reused char-code arrays, one per length: String.fromCharCode over one of these is the fastest way
// to make a short flat string (a `+=` loop builds cons strings; TextDecoder has per-call overhead).
const charScratch: number[][] = [];
const SHORT_STRING = 32;

/** The char-code scratch array for strings of length `n`. */
function charCodes(n: number): number[] {
  let codes = charScratch[n];
  if (codes === undefined) {
    codes = new Array<number>(n).fill(0);
    charScratch[n] = codes;
  }
  return codes;
}

/** Decodes UTF-8, rejecting invalid sequences; short ASCII strings skip TextDecoder. */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n > SHORT_STRING) return decodeUtf8Slow(buf, start, end);
  const codes = charCodes(n);
  for (let i = 0; i < n; i++) {
    const c = buf[start + i]!;
    if (c >= 0x80) return decodeUtf8Slow(buf, start, end);
    codes[i] = c;
  }
  return String.fromCharCode.apply(null, codes);
}

function decodeUtf8Slow(buf: Uint8Array, start: number, end: number): string {
  try {
    return utf8.decode(buf.subarray(start, end));
  } catch (cause) {
    throw new OtlpDecodeError('string field is not valid UTF-8', { cause });
  }
}

// Attribute keys repeat across spans; returning the same (internalized) string object is both
// cheaper than decoding again and makes the property stores into attribute objects faster. Keys
// also tend to come in the same order span after span, so each slot remembers which slot followed
// it last time: a correct guess costs one comparison and no hashing.
const keyCacheBytes: Uint8Array[] = new Array(KEY_CACHE_SIZE).fill(new Uint8Array(0));
const keyCacheStrings: string[] = new Array(KEY_CACHE_SIZE).fill('');
const keyCacheNext = new Int32Array(KEY_CACHE_SIZE);
let keyCachePrevious = 0;

function keyCacheHolds(slot: number, buf: Uint8Array, start: number, n: number): boolean {
  const cached = keyCacheBytes[slot]!;
  if (cached.length !== n) return false;
  let i = 0;
  while (i < n && cached[i] === buf[start + i]) i++;
  return i === n;
}

function decodeKey(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n > KEY_CACHE_MAX_LENGTH || n === 0) return decodeUtf8(buf, start, end);
  const guess = keyCacheNext[keyCachePrevious]!;
  if (keyCacheHolds(guess, buf, start, n)) {
    keyCachePrevious = guess;
    return keyCacheStrings[guess]!;
  }
  let h = n;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  const slot = (h >>> 0) & (KEY_CACHE_SIZE - 1);
  keyCacheNext[keyCachePrevious] = slot;
  keyCachePrevious = slot;
  if (keyCacheHolds(slot, buf, start, n)) return keyCacheStrings[slot]!;
  const key = decodeUtf8(buf, start, end);
  keyCacheBytes[slot] = buf.slice(start, end);
  keyCacheStrings[slot] = key;
  return key;
}

/**
 * A cursor over protobuf wire-format bytes. Every read takes `end`, the end offset of the message
 * being read, and throws {@link OtlpDecodeError} rather than reading past it, so a nested message
 * cannot overrun its parent. Message decoders own the field dispatch; this class owns the bytes.
 */
export class ProtobufReader {
  readonly buf: Uint8Array;
  pos = 0;
  private readonly view: DataView;

  constructor(buf: Uint8Array) {
    // Always a plain Uint8Array view, never a subclass such as node's Buffer: element access stays
    // monomorphic, and `slice` copies (Buffer#slice would share memory with a possibly pooled buffer).
    this.buf = buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** A varint of up to 10 bytes, returning its low 32 bits unsigned (tags, lengths, counts). */
  uint32(end: number): number {
    const pos = this.pos;
    if (pos < end) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.uint32Slow(end);
  }

  private uint32Slow(end: number): number {
    const buf = this.buf;
    let pos = this.pos;
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (pos >= end) throw truncated('varint');
      const b = buf[pos++]!;
      if (shift < 32) value |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    throw new OtlpDecodeError('varint is longer than 10 bytes');
  }

  /** An int32 or enum varint (negative values are sign-extended to 10 bytes on the wire). */
  int32(end: number): number {
    return this.uint32(end) | 0;
  }

  /** An int64 varint: a number when it is a safe integer, else its exact decimal string. */
  int64(end: number): number | string {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; ; i++) {
      if (i === 10) throw new OtlpDecodeError('varint is longer than 10 bytes');
      if (pos >= end) throw truncated('varint');
      const b = buf[pos++]!;
      const bits = b & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (b < 0x80) break;
    }
    this.pos = pos;
    lo >>>= 0;
    hi >>>= 0;
    if (hi < 0x200000) return hi * 4294967296 + lo;
    const negative = (hi - 4294967296) * 4294967296 + lo;
    if (hi >= 0xffe00000 && Number.isSafeInteger(negative)) return negative;
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  /** A bool varint (any non-zero value is true). */
  bool(end: number): boolean {
    const v = this.int64(end);
    return v !== 0;
  }

  /** A fixed64 as an unsigned bigint (timestamps in ns). */
  fixed64(end: number): bigint {
    const pos = this.pos;
    if (pos + 8 > end) throw truncated('fixed64 field');
    this.pos = pos + 8;
    return this.view.getBigUint64(pos, true);
  }

  /** A little-endian IEEE 754 double. */
  double(end: number): number {
    const pos = this.pos;
    if (pos + 8 > end) throw truncated('double field');
    this.pos = pos + 8;
    return this.view.getFloat64(pos, true);
  }

  /** Reads a length prefix and returns the end offset of the field's content, which starts at `pos`. */
  delimited(end: number): number {
    const len = this.uint32(end);
    const fieldEnd = this.pos + len;
    if (fieldEnd > end) throw truncated('length-delimited field');
    return fieldEnd;
  }

  /** A UTF-8 string field; invalid UTF-8 throws. */
  string(end: number): string {
    const fieldEnd = this.delimited(end);
    const start = this.pos;
    this.pos = fieldEnd;
    return decodeUtf8(this.buf, start, fieldEnd);
  }

  /** Like {@link string}, for short strings that repeat (attribute keys): served from a cache. */
  key(end: number): string {
    const fieldEnd = this.delimited(end);
    const start = this.pos;
    this.pos = fieldEnd;
    return decodeKey(this.buf, start, fieldEnd);
  }

  /** A bytes field as lower-case hex (trace and span ids). */
  hex(end: number): string {
    const fieldEnd = this.delimited(end);
    const start = this.pos;
    this.pos = fieldEnd;
    return bytesToHex(this.buf, start, fieldEnd);
  }

  /** A bytes field as standard base64. */
  base64(end: number): string {
    const fieldEnd = this.delimited(end);
    const start = this.pos;
    this.pos = fieldEnd;
    return bytesToBase64(this.buf, start, fieldEnd);
  }

  /**
   * Skips the field whose tag was just read. A field the schema knows but with another wire type is
   * a structurally broken message and throws; unknown fields of any valid wire type are skipped.
   */
  skipField(tag: number, end: number, schema: MessageSchema): void {
    const field = tag >>> 3;
    const wire = tag & 7;
    const expected = schema.wire[field];
    if (expected !== undefined && expected !== wire) {
      throw new OtlpDecodeError(
        `expected wire type ${expected} (${WIRE_NAMES[expected]}), got ${wire} (${WIRE_NAMES[wire]})`,
      );
    }
    this.skip(tag, end, 0);
  }

  private skip(tag: number, end: number, depth: number): void {
    if (tag >>> 3 === 0) throw new OtlpDecodeError('invalid field number 0 (corrupt message?)');
    switch (tag & 7) {
      case WIRE_VARINT:
        this.int64(end);
        return;
      case WIRE_I64:
        if (this.pos + 8 > end) throw truncated('fixed64 field');
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.pos = this.delimited(end);
        return;
      case WIRE_I32:
        if (this.pos + 4 > end) throw truncated('fixed32 field');
        this.pos += 4;
        return;
      case WIRE_SGROUP:
        if (depth >= MAX_GROUP_DEPTH) throw new OtlpDecodeError('groups nested too deeply');
        for (;;) {
          if (this.pos >= end) throw truncated('group');
          const inner = this.uint32(end);
          if ((inner & 7) === WIRE_EGROUP) {
            if (inner >>> 3 !== tag >>> 3) throw new OtlpDecodeError('end-group tag does not match its start');
            return;
          }
          this.skip(inner, end, depth + 1);
        }
      case WIRE_EGROUP:
        throw new OtlpDecodeError('unexpected end-group tag (corrupt message?)');
      default:
        throw new OtlpDecodeError(`invalid wire type ${tag & 7} (corrupt message?)`);
    }
  }
}
