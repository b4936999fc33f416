import { endianness } from 'node:os';

/**
 * Typed arrays <-> little-endian BLOBs. On little-endian machines (all SphereLab targets) the bytes are
 * copied as they are, so values round-trip bit-exact, NaN payloads and signed zeros included; a
 * big-endian machine swaps bytes through a DataView.
 */

const LITTLE = endianness() === 'LE';

interface Kind<T extends Float64Array | Int32Array> {
  bytes: number;
  make(length: number): T;
  from(values: readonly number[]): T;
  write(view: DataView, at: number, value: number): void;
  read(view: DataView, at: number): number;
}

const FLOAT64: Kind<Float64Array> = {
  bytes: 8,
  make: (n) => new Float64Array(n),
  from: (v) => Float64Array.from(v),
  write: (view, at, v) => view.setFloat64(at, v, true),
  read: (view, at) => view.getFloat64(at, true),
};

const INT32: Kind<Int32Array> = {
  bytes: 4,
  make: (n) => new Int32Array(n),
  from: (v) => Int32Array.from(v),
  write: (view, at, v) => view.setInt32(at, v, true),
  read: (view, at) => view.getInt32(at, true),
};

function toBlob<T extends Float64Array | Int32Array>(kind: Kind<T>, values: T | readonly number[]): Buffer {
  const array = ArrayBuffer.isView(values) ? values : kind.from(values);
  if (LITTLE) return Buffer.from(array.buffer.slice(array.byteOffset, array.byteOffset + array.byteLength));
  const out = Buffer.alloc(array.length * kind.bytes);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  array.forEach((v, i) => kind.write(view, i * kind.bytes, v));
  return out;
}

function fromBlob<T extends Float64Array | Int32Array>(kind: Kind<T>, blob: Uint8Array): T {
  if (blob.byteLength % kind.bytes !== 0) {
    throw new Error(`a BLOB of ${blob.byteLength} bytes is not a whole number of ${kind.bytes}-byte values`);
  }
  const out = kind.make(blob.byteLength / kind.bytes);
  if (LITTLE) new Uint8Array(out.buffer).set(blob);
  else {
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = kind.read(view, i * kind.bytes);
  }
  return out;
}

export const float64Blob = (values: Float64Array | readonly number[]) => toBlob(FLOAT64, values);
export const int32Blob = (values: Int32Array | readonly number[]) => toBlob(INT32, values);
export const readFloat64Blob = (blob: Uint8Array) => fromBlob(FLOAT64, blob);
export const readInt32Blob = (blob: Uint8Array) => fromBlob(INT32, blob);
