import { fastExp } from './fast-exp';

/**
 * Rows of the two cross-entropy passes of symmetric-pass.ts (docs/math.md#cross-entropy, #gradients):
 *   a_ij = exp(s (G_ij - 1)) (partition sums),   w_ij = s a_ij (1/Z_i + 1/Z_j) (gradient weights).
 * ceExpRow and ceWeightRow turn a row buffer of G_ij into a_ij or w_ij; for d = 3 the whole row is
 * fused into one loop (no row buffer, x_i in registers):
 *   ceSumRow3:  col[cj + j] += a_ij, returns sum_j a_ij
 *   ceGradRow3: row acc += w_ij x_j, col_j += w_ij x_i
 */
export function ceExpRow(w: Float64Array, count: number, s: number): void {
  for (let t = 0; t < count; t++) w[t] = fastExp(s * (w[t] - 1));
}

/** inverseZ holds 1/Z; the row buffer covers rows j0.. of it. */
export function ceWeightRow(w: Float64Array, count: number, s: number, zi: number, inverseZ: Float64Array, j0: number): void {
  for (let t = 0; t < count; t++) w[t] = s * fastExp(s * (w[t] - 1)) * (zi + inverseZ[j0 + t]);
}

export function ceSumRow3(x: Float64Array, i: number, j0: number, j1: number, s: number, col: Float64Array, cj: number): number {
  const a = x[3 * i];
  const b = x[3 * i + 1];
  const c = x[3 * i + 2];
  let acc = 0;
  for (let j = j0, o = 3 * j0; j < j1; j++, o += 3) {
    const e = fastExp(s * (a * x[o] + b * x[o + 1] + c * x[o + 2] - 1));
    acc += e;
    col[cj + j] += e;
  }
  return acc;
}

export function ceGradRow3(
  x: Float64Array,
  i: number,
  j0: number,
  j1: number,
  s: number,
  inverseZ: Float64Array,
  buf: Float64Array,
  cj: number,
): void {
  const a = x[3 * i];
  const b = x[3 * i + 1];
  const c = x[3 * i + 2];
  const zi = inverseZ[i];
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  for (let j = j0, o = 3 * j0, q = 3 * (cj + j0); j < j1; j++, o += 3, q += 3) {
    const u = x[o];
    const v = x[o + 1];
    const w = x[o + 2];
    const t = s * fastExp(s * (a * u + b * v + c * w - 1)) * (zi + inverseZ[j]);
    s0 += t * u;
    s1 += t * v;
    s2 += t * w;
    buf[q] += t * a;
    buf[q + 1] += t * b;
    buf[q + 2] += t * c;
  }
  const p = 3 * (cj + i);
  buf[p] += s0;
  buf[p + 1] += s1;
  buf[p + 2] += s2;
}
