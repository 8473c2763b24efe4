/** Byte-string conversions shared by the OTLP decoders: ids are hex, `bytes` attribute values base64. */

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));
const HEX_CODES = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  HEX_CODES[2 * i] = HEX[i]!.charCodeAt(0);
  HEX_CODES[2 * i + 1] = HEX[i]!.charCodeAt(1);
}
const hexScratch: number[][] = [];

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;
// proto3 JSON accepts the URL-safe alphabet too.
B64_INDEX['-'.charCodeAt(0)] = 62;
B64_INDEX['_'.charCodeAt(0)] = 63;

/** Lower-case hex of `buf[start, end)`. */
export function bytesToHex(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n > 32) {
    let out = '';
    for (let i = start; i < end; i++) out += HEX[buf[i]!];
    return out;
  }
  // Ids: one flat string from reused char codes rather than a chain of concatenations.
  let codes = hexScratch[n];
  if (codes === undefined) {
    codes = new Array<number>(2 * n).fill(0);
    hexScratch[n] = codes;
  }
  for (let i = 0; i < n; i++) {
    const b = buf[start + i]! << 1;
    codes[2 * i] = HEX_CODES[b]!;
    codes[2 * i + 1] = HEX_CODES[b + 1]!;
  }
  return String.fromCharCode.apply(null, codes);
}

/** Standard (padded) base64 of `buf[start, end)`. */
export function bytesToBase64(buf: Uint8Array, start: number, end: number): string {
  let out = '';
  let i = start;
  for (; i + 2 < end; i += 3) {
    const n = (buf[i]! << 16) | (buf[i + 1]! << 8) | buf[i + 2]!;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  if (end - i === 1) {
    const n = buf[i]! << 16;
    out += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}==`;
  } else if (end - i === 2) {
    const n = (buf[i]! << 16) | (buf[i + 1]! << 8);
    out += `${B64[n >> 18]!}${B64[(n >> 12) & 63]!}${B64[(n >> 6) & 63]!}=`;
  }
  return out;
}

/**
 * Decodes standard or URL-safe base64, padded or not. Returns undefined when `text` is not base64,
 * so callers can decide whether that is an error.
 */
export function base64ToBytes(text: string): Uint8Array | undefined {
  let len = text.length;
  while (len > 0 && text.charCodeAt(len - 1) === 61 /* = */) len--;
  if (text.length - len > 2 || len % 4 === 1) return undefined;
  const out = new Uint8Array((len * 3) >> 2);
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c]! : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
