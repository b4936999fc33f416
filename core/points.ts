import { gaussian, mulberry32, type Rng } from './random';

/**
 * A configuration of `n` points in R^d, row-major: point i is data[i*d .. i*d + d).
 * For the two-set energy the rows are H (n rows) followed by W (n rows); `n` still counts classes.
 */
export interface PointSet {
  n: number;
  d: number;
  data: Float64Array;
}

/** Divides every row by its norm (summed left to right, one sqrt, as the reference does). */
export function normalizeRows(data: Float64Array, rows: number, d: number): Float64Array {
  for (let i = 0; i < rows; i++) {
    const o = i * d;
    let acc = 0;
    for (let k = 0; k < d; k++) acc += data[o + k] * data[o + k];
    const norm = Math.sqrt(acc);
    for (let k = 0; k < d; k++) data[o + k] = data[o + k] / norm;
  }
  return data;
}

/** i.i.d. uniform points on S^{d-1}: normalized Gaussian vectors. */
export function uniformRandomPoints(rows: number, d: number, rng: Rng): Float64Array {
  const normal = gaussian(rng);
  const data = new Float64Array(rows * d);
  for (let i = 0; i < data.length; i++) data[i] = normal();
  return normalizeRows(data, rows, d);
}

/**
 * The benchmark start of ref_numpy.py, bit for bit: entries 2u - 1 from mulberry32(seed), then each
 * row divided by its norm. Not uniform on the sphere (it is a normalized cube sample).
 */
export function referenceStartPoints(n: number, d: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = 2 * rng() - 1;
  return normalizeRows(data, n, d);
}

export function dot(a: Float64Array, ia: number, b: Float64Array, ib: number, d: number): number {
  let acc = 0;
  for (let k = 0; k < d; k++) acc += a[ia + k] * b[ib + k];
  return acc;
}
