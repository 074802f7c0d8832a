// A minimal Protocol Buffers encoder: exactly what an ONNX ModelProto needs (varints,
// length-delimited fields, packed floats). Hand-written rather than a dependency because the
// subset is ~100 lines and full control of field order makes the output byte-for-byte
// deterministic: fields are written in the order the caller adds them, never from a map.

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/). */
const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

export class ProtobufValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufValueError';
  }
}

const utf8 = new TextEncoder();

/** Appends protobuf fields to a growing byte buffer. */
export class ProtobufWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  /** Unsigned varint of a non-negative safe integer (int64 fields here are small). */
  private varint(value: number): void {
    if (!(Number.isSafeInteger(value) && value >= 0)) {
      throw new ProtobufValueError(`varint needs a non-negative safe integer, got ${value}`);
    }
    this.ensure(10);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  private raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** int32 / int64 / enum field (non-negative values only: all the ONNX subset needs). */
  int(field: number, value: number): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    this.raw(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** An embedded message, built by `build` on a fresh writer. */
  message(field: number, build: (w: ProtobufWriter) => void): this {
    const inner = new ProtobufWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** Packed repeated int64 (non-negative). */
  packedInts(field: number, values: readonly number[]): this {
    const inner = new ProtobufWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  /** Packed repeated float (IEEE-754 single, little-endian, as protobuf specifies). */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const bytes = new Uint8Array(4 * values.length);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i]!, true);
    return this.bytes(field, bytes);
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
