import { endianness } from 'node:os';

/**
 * Typed arrays <-> little-endian BLOBs. On little-endian machines (all SphereLab targets) the bytes are
 * copied as they are, so values round-trip bit-exact, NaN payloads and signed zeros included; a
 * big-endian machine swaps bytes.
 */

const LITTLE = endianness() === 'LE';

export function float64Blob(values: Float64Array | readonly number[]): Buffer {
  const array = values instanceof Float64Array ? values : Float64Array.from(values);
  if (LITTLE) return Buffer.from(array.buffer.slice(array.byteOffset, array.byteOffset + array.byteLength));
  const out = Buffer.allocUnsafe(array.length * 8);
  array.forEach((v, i) => out.writeDoubleLE(v, i * 8));
  return out;
}

export function int32Blob(values: Int32Array | readonly number[]): Buffer {
  const array = values instanceof Int32Array ? values : Int32Array.from(values);
  if (LITTLE) return Buffer.from(array.buffer.slice(array.byteOffset, array.byteOffset + array.byteLength));
  const out = Buffer.allocUnsafe(array.length * 4);
  array.forEach((v, i) => out.writeInt32LE(v, i * 4));
  return out;
}

export function readFloat64Blob(blob: Uint8Array): Float64Array {
  if (blob.byteLength % 8 !== 0)
    throw new Error(`a float64 BLOB of ${blob.byteLength} bytes is not a multiple of 8`);
  const out = new Float64Array(blob.byteLength / 8);
  if (LITTLE) new Uint8Array(out.buffer).set(blob);
  else {
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  }
  return out;
}

export function readInt32Blob(blob: Uint8Array): Int32Array {
  if (blob.byteLength % 4 !== 0)
    throw new Error(`an int32 BLOB of ${blob.byteLength} bytes is not a multiple of 4`);
  const out = new Int32Array(blob.byteLength / 4);
  if (LITTLE) new Uint8Array(out.buffer).set(blob);
  else {
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = view.getInt32(i * 4, true);
  }
  return out;
}
