import { pairGram } from '../energies/hessian/pair-gram';
import { fastExp } from './fast-exp';
import { HESS_ROW_SLOTS, rowRange } from './hessian-rows';
import type { Workspace } from './layout';

/**
 * Hessian-vector products of the cross-entropy energy in the fast kernels (the formulas of
 * core/energies/hessian/cross-entropy-hessian.ts): with a_ij = exp(s (G_ij - 1)), u_i = 1 / Z_i,
 * dG_ij = <v_i, x_j> + <x_i, v_j> and delta_i = s u_i sum_j a_ij dG_ij,
 *   D^2 E[v]_i = sum_j w1_ij x_j + w2_ij v_j,   w2 = s a (u_i + u_j),
 *   w1 = s a (s (u_i + u_j) dG - u_i delta_i - u_j delta_j),   radial_i = sum_j w2_ij G_ij.
 *
 * Per point (truncated CG applies the Hessian at one x 10-100 times): Z_i, u_i and radial_i, row by
 * row (row-owner tasks, each row's sum over j in ascending order), kept in hessRow (slots 0, 2, 4)
 * until x changes; and a_ij for every ordered pair in hessPairs where the workspace has room for it
 * (layout.ts HESS_CACHE_BYTES), else recomputed by the same operations wherever it is needed, so
 * cached and uncached products are the same bits.
 *
 * Per product: both w1 and w2 and the sum a_ij dG_ij are symmetric in (i, j), so two symmetric
 * passes visit each pair i < j once, like the energy's (symmetric-pass.ts): chunk c adds a pair's terms
 * to row i and row j of its own column buffer, and a reduction sums the chunks in chunk order. The
 * chunks are a function of n and d only, so every thread count gives the same bits.
 */

/** a_ij from the cache, or as the cache would hold it. */
function pairWeight(ws: Workspace, i: number, j: number, g: number): number {
  const pairs = ws.hessPairs;
  return pairs.length > 0 ? pairs[i * ws.rows + j] : fastExp(ws.problem.s * (g - 1));
}

/** Per point, first pass: a_ij into the cache (0 on its diagonal) and Z_i = 1 + sum_j a_ij (slot 0). */
export function cePointSums(ws: Workspace, block: number): void {
  const { x, hessPairs: pairs, hessRow, rows } = ws;
  const { d, s } = ws.problem;
  const cached = pairs.length > 0;
  const [i0, i1] = rowRange(block, rows);
  for (let i = i0; i < i1; i++) {
    const oi = i * d;
    const row = i * rows;
    let z = 0;
    for (let j = 0; j < rows; j++) {
      if (j === i) continue;
      const a = fastExp(s * (dot(x, oi, j * d, d) - 1));
      if (cached) pairs[row + j] = a;
      z += a;
    }
    if (cached) pairs[row + i] = 0;
    hessRow[i * HESS_ROW_SLOTS] = 1 + z;
  }
}

/** u_i = 1 / Z_i (slot 2), on the calling thread between the per-point passes. */
export function ceInverseZ(ws: Workspace): void {
  const { hessRow } = ws;
  for (let o = 0; o < ws.rows * HESS_ROW_SLOTS; o += HESS_ROW_SLOTS) hessRow[o + 2] = 1 / hessRow[o];
}

/** Per point, second pass (u set): radial_i = sum_j s a_ij (u_i + u_j) G_ij (slot 4). */
export function cePointRadial(ws: Workspace, block: number): void {
  const { x, hessRow, rows } = ws;
  const { d, s } = ws.problem;
  const [i0, i1] = rowRange(block, rows);
  for (let i = i0; i < i1; i++) {
    const oi = i * d;
    const ui = hessRow[i * HESS_ROW_SLOTS + 2];
    let r = 0;
    for (let j = 0; j < rows; j++) {
      if (j === i) continue;
      const g = dot(x, oi, j * d, d);
      r += s * pairWeight(ws, i, j, g) * (ui + hessRow[j * HESS_ROW_SLOTS + 2]) * g;
    }
    hessRow[i * HESS_ROW_SLOTS + 4] = r;
  }
}

/** Per product, chunk c: sum_j a_ij dG_ij into the chunk's column buffer (width 1). */
export function ceDeltaChunk(ws: Workspace, c: number): void {
  const { x, hessV: v, buf, rows } = ws;
  const d = ws.problem.d;
  const [r0, r1, cj] = chunkRows(ws, c, 1);
  const t = new Float64Array(2);
  for (let i = r0; i < r1; i++) {
    let sum = 0;
    for (let j = i + 1; j < rows; j++) {
      pairGeometry(x, v, i, j, d, t);
      const term = pairWeight(ws, i, j, t[0]) * t[1];
      sum += term;
      buf[cj + j] += term;
    }
    buf[cj + i] += sum;
  }
}

/** delta_i = s u_i sum_j a_ij dG_ij (slot 1) and u_i delta_i (slot 3), from the reduced sums. */
export function ceDeltas(ws: Workspace): void {
  const { hessRow, hessSum } = ws;
  const s = ws.problem.s;
  for (let i = 0; i < ws.rows; i++) {
    const o = i * HESS_ROW_SLOTS;
    hessRow[o + 1] = (s * hessSum[i]) / hessRow[o];
    hessRow[o + 3] = hessRow[o + 2] * hessRow[o + 1];
  }
}

/** Per product, chunk c: w1_ij x_j + w2_ij v_j into row i and w1_ij x_i + w2_ij v_i into row j (width d). */
export function ceProductChunk(ws: Workspace, c: number): void {
  const { x, hessV: v, buf, hessRow, rows } = ws;
  const { d, s } = ws.problem;
  const [r0, r1, cj] = chunkRows(ws, c, d);
  const t = new Float64Array(2);
  for (let i = r0; i < r1; i++) {
    const oi = i * d;
    const bi = (cj + i) * d;
    const ui = hessRow[i * HESS_ROW_SLOTS + 2];
    const ud = hessRow[i * HESS_ROW_SLOTS + 3];
    for (let j = i + 1; j < rows; j++) {
      const oj = j * d;
      const bj = (cj + j) * d;
      pairGeometry(x, v, i, j, d, t);
      const sa = s * pairWeight(ws, i, j, t[0]);
      const uij = ui + hessRow[j * HESS_ROW_SLOTS + 2];
      const w2 = sa * uij;
      const w1 = sa * (s * uij * t[1] - ud - hessRow[j * HESS_ROW_SLOTS + 3]);
      if (d === 3) {
        buf[bi] += w1 * x[oj] + w2 * v[oj];
        buf[bi + 1] += w1 * x[oj + 1] + w2 * v[oj + 1];
        buf[bi + 2] += w1 * x[oj + 2] + w2 * v[oj + 2];
        buf[bj] += w1 * x[oi] + w2 * v[oi];
        buf[bj + 1] += w1 * x[oi + 1] + w2 * v[oi + 1];
        buf[bj + 2] += w1 * x[oi + 2] + w2 * v[oi + 2];
        continue;
      }
      for (let k = 0; k < d; k++) {
        buf[bi + k] += w1 * x[oj + k] + w2 * v[oj + k];
        buf[bj + k] += w1 * x[oi + k] + w2 * v[oi + k];
      }
    }
  }
}

/** Chunk c's rows [r0, r1), after zeroing its column buffer of the given width, and its row offset. */
function chunkRows(ws: Workspace, c: number, width: number): [number, number, number] {
  const { plan, buf } = ws;
  buf.fill(0, plan.offsets[c] * width, plan.offsets[c + 1] * width);
  const r0 = plan.starts[c];
  return [r0, plan.starts[c + 1], plan.offsets[c] - r0];
}

const dot = (x: Float64Array, oi: number, oj: number, d: number) => {
  let acc = 0;
  for (let k = 0; k < d; k++) acc += x[oi + k] * x[oj + k];
  return acc;
};

/** G_ij and dG_ij into t[0], t[1] (pair-gram.ts; d = 3 unrolled, the case where loop overhead shows). */
function pairGeometry(x: Float64Array, v: Float64Array, i: number, j: number, d: number, t: Float64Array): void {
  if (d !== 3) return pairGram(x, v, i * d, j * d, d, t);
  const oi = 3 * i;
  const oj = 3 * j;
  t[0] = x[oi] * x[oj] + x[oi + 1] * x[oj + 1] + x[oi + 2] * x[oj + 2];
  t[1] = v[oi] * x[oj] + x[oi] * v[oj] + (v[oi + 1] * x[oj + 1] + x[oi + 1] * v[oj + 1]) + (v[oi + 2] * x[oj + 2] + x[oi + 2] * v[oj + 2]);
}
