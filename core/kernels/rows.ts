import { ceGradRow3, ceSumRow3 } from './cross-entropy-rows';

/**
 * Row stages of the pair kernels: one row i against a block of rows [j0, j1), through a small buffer
 * (L1-resident) instead of an n x n matrix. Every pair energy is one of
 *   gram or distance row  ->  per-energy weights on the buffer  ->  accumulate row and columns,
 * so the stages are shared; d = 3 is unrolled (the common case, where loop overhead is felt).
 * Rows are row-major in `x`, d entries each; offsets are element offsets.
 */

/** out[j - j0] = <x_i, x_j> for j in [j0, j1). */
export function gramRow(x: Float64Array, i: number, j0: number, j1: number, d: number, out: Float64Array): void {
  const oi = i * d;
  if (d === 3) {
    const a = x[oi];
    const b = x[oi + 1];
    const c = x[oi + 2];
    for (let j = j0, o = j0 * 3; j < j1; j++, o += 3) out[j - j0] = a * x[o] + b * x[o + 1] + c * x[o + 2];
    return;
  }
  for (let j = j0; j < j1; j++) {
    const oj = j * d;
    let g = 0;
    for (let k = 0; k < d; k++) g += x[oi + k] * x[oj + k];
    out[j - j0] = g;
  }
}

/** out[j - j0] = |x_i - x_j|^2 from the differences (near-coincident points keep their digits). */
export function distanceRow(x: Float64Array, i: number, j0: number, j1: number, d: number, out: Float64Array): void {
  const oi = i * d;
  if (d === 3) {
    const a = x[oi];
    const b = x[oi + 1];
    const c = x[oi + 2];
    for (let j = j0, o = j0 * 3; j < j1; j++, o += 3) {
      const u = a - x[o];
      const v = b - x[o + 1];
      const w = c - x[o + 2];
      out[j - j0] = u * u + v * v + w * w;
    }
    return;
  }
  for (let j = j0; j < j1; j++) {
    const oj = j * d;
    let r2 = 0;
    for (let k = 0; k < d; k++) {
      const diff = x[oi + k] - x[oj + k];
      r2 += diff * diff;
    }
    out[j - j0] = r2;
  }
}

/** sum_j w_j over [j0, j1), and col[cj + j] += w_j: the scalar (partition-sum) accumulation. */
export function sumRow(w: Float64Array, j0: number, j1: number, col: Float64Array, cj: number): number {
  let acc = 0;
  for (let j = j0; j < j1; j++) {
    const a = w[j - j0];
    acc += a;
    col[cj + j] += a;
  }
  return acc;
}

/**
 * acc[ai..ai+d) += sum_j w_j x_j and col[(cj + j) d ..] += w_j x_i for j in [j0, j1); with
 * `difference` the pair term is w_j (x_i - x_j) for row i and its negative for row j.
 */
export function accumulateRow(
  x: Float64Array,
  i: number,
  j0: number,
  j1: number,
  d: number,
  w: Float64Array,
  acc: Float64Array,
  ai: number,
  col: Float64Array,
  cj: number,
  difference: boolean,
): void {
  const oi = i * d;
  if (d === 3 && !difference) {
    const a = x[oi];
    const b = x[oi + 1];
    const c = x[oi + 2];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (let j = j0, o = j0 * 3, q = (cj + j0) * 3; j < j1; j++, o += 3, q += 3) {
      const t = w[j - j0];
      s0 += t * x[o];
      s1 += t * x[o + 1];
      s2 += t * x[o + 2];
      col[q] += t * a;
      col[q + 1] += t * b;
      col[q + 2] += t * c;
    }
    acc[ai] += s0;
    acc[ai + 1] += s1;
    acc[ai + 2] += s2;
    return;
  }
  for (let j = j0; j < j1; j++) {
    const t = w[j - j0];
    const oj = j * d;
    const q = (cj + j) * d;
    for (let k = 0; k < d; k++) {
      if (difference) {
        const diff = t * (x[oi + k] - x[oj + k]);
        acc[ai + k] += diff;
        col[q + k] -= diff;
      } else {
        acc[ai + k] += t * x[oj + k];
        col[q + k] += t * x[oi + k];
      }
    }
  }
}

/** acc[ai..ai+d) += sum_j w_j x_j for j in [j0, j1): the gather-only half, for kernels without symmetry. */
export function gatherRow(
  x: Float64Array,
  j0: number,
  j1: number,
  d: number,
  w: Float64Array,
  acc: Float64Array,
  ai: number,
): void {
  for (let j = j0; j < j1; j++) {
    const t = w[j - j0];
    const oj = j * d;
    for (let k = 0; k < d; k++) acc[ai + k] += t * x[oj + k];
  }
}

/** The stages a pass calls through its workspace: these JavaScript ones, or WebAssembly ones (wasm-stages.ts). */
export interface RowStages {
  gram: typeof gramRow;
  accumulate: typeof accumulateRow;
  gather: typeof gatherRow;
  ceSum3: typeof ceSumRow3;
  ceGrad3: typeof ceGradRow3;
}

export const jsStages: RowStages = {
  gram: gramRow,
  accumulate: accumulateRow,
  gather: gatherRow,
  ceSum3: ceSumRow3,
  ceGrad3: ceGradRow3,
};
