// The protobuf encoder against the wire format's own worked examples
// (https://protobuf.dev/programming-guides/encoding/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtobufValueError, ProtobufWriter } from '../../../src/surrogate/onnx/protobuf-writer.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('varint field 1 = 150 encodes as 08 96 01 (the spec example)', () => {
  assert.equal(hex(new ProtobufWriter().int(1, 150).finish()), '089601');
});

test('string field 2 = "testing" encodes as 12 07 74 65 73 74 69 6e 67', () => {
  assert.equal(hex(new ProtobufWriter().string(2, 'testing').finish()), '120774657374696e67');
});

test('embedded message: field 3 holding field 1 = 150 encodes as 1a 03 08 96 01', () => {
  assert.equal(hex(new ProtobufWriter().message(3, (m) => m.int(1, 150)).finish()), '1a03089601');
});

test('packed floats are little-endian IEEE-754 singles', () => {
  const bytes = new ProtobufWriter().packedFloats(4, [1, -2]).finish();
  assert.equal(hex(bytes), '2208' + '0000803f' + '000000c0');
});

test('large varints use 7-bit groups (2^35 + 1)', () => {
  const bytes = new ProtobufWriter().int(1, 2 ** 35 + 1).finish();
  assert.equal(hex(bytes), '088180808080' + '01');
});

test('negative or fractional varints are refused', () => {
  assert.throws(() => new ProtobufWriter().int(1, -1), ProtobufValueError);
  assert.throws(() => new ProtobufWriter().int(1, 1.5), ProtobufValueError);
});

test('a buffer grows past its initial size without losing bytes', () => {
  const w = new ProtobufWriter();
  for (let i = 0; i < 1000; i++) w.int(1, i);
  const bytes = w.finish();
  assert.equal(bytes[0], 0x08);
  assert.equal(bytes[1], 0);
  assert.equal(bytes.length, 2 * 128 + 3 * (1000 - 128));
});
