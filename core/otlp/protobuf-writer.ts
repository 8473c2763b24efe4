const utf8 = new TextEncoder();

/**
 * A minimal protobuf wire-format writer for small messages: OTLP responses, and hand-built
 * requests in tests (including deliberately broken ones, via {@link raw} and {@link tag}).
 * Not tuned for throughput; the OpenTelemetry SDK's exporters are the senders that matter.
 */
export class ProtobufWriter {
  private readonly out: number[] = [];

  /** A field tag (field number and wire type). */
  tag(field: number, wireType: number): this {
    return this.rawVarint(BigInt((field << 3) | wireType));
  }

  /** A varint field; negative values are written as 10-byte two's complement, as int64/int32 are. */
  varint(field: number, value: number | bigint): this {
    return this.tag(field, 0).rawVarint(BigInt.asUintN(64, BigInt(value)));
  }

  fixed64(field: number, value: bigint): this {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
    return this.tag(field, 1).raw(bytes);
  }

  fixed32(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value >>> 0, true);
    return this.tag(field, 5).raw(bytes);
  }

  double(field: number, value: number): this {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return this.tag(field, 1).raw(bytes);
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** A length-delimited field: bytes, or an embedded message given as its writer. */
  bytes(field: number, value: Uint8Array | ProtobufWriter): this {
    const content = value instanceof ProtobufWriter ? value.finish() : value;
    return this.tag(field, 2).rawVarint(BigInt(content.length)).raw(content);
  }

  /** Appends bytes as they are. */
  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.out.push(bytes[i]! & 0xff);
    return this;
  }

  /** Appends a bare varint (no tag). */
  rawVarint(value: bigint): this {
    let v = value;
    while (v >= 0x80n) {
      this.out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.out.push(Number(v));
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}
