import { pairCurvature, type PairCurvature } from '../energies/hessian';
import { ROW_BLOCK } from './blocks';
import { fastExp } from './fast-exp';
import type { Workspace } from './layout';

/**
 * Hessian-vector products in the fast kernels (the formulas of core/energies/hessian): the Euclidean
 * D^2 E(x)[v] into hessOut and the radial coefficients <x_i, dE/dx_i> into hessRadial, with v in hessV.
 * The cross-entropy energy has its own passes (cross-entropy-hessian.ts); the others are here.
 *
 * Row-owner tasks: a task is a block of ROW_BLOCK rows, and each of its rows sums over every partner
 * j in ascending order into its own outputs. No two tasks write the same place and the order of every
 * sum is fixed, so any thread count gives the same bits. This visits each pair twice (once per row)
 * where the symmetric passes of the energy visit it once; the simplicity buys determinism without
 * per-chunk column buffers.
 *
 * Per-row scalars live in hessRow, HESS_ROW_SLOTS per row:
 *   ce:       Z_i, delta_i = s sum_j a_ij dG_ij / Z_i, u_i = 1 / Z_i, u_i delta_i, radial_i   (0..4)
 *   two-set:  log Z_i, q_i, delta_i, <h_i, w_i>, <dh_i, w_i> + <h_i, dw_i>  (slots 0..4, H rows)
 * For two-set, phase hessRowScalars computes them, phase hessRowProducts then writes every row's product.
 */
export const HESS_ROW_SLOTS = 5;

export function runHessianScalars(ws: Workspace, block: number): void {
  const { kind } = ws.problem;
  if (kind === 'two-set') return twoSetScalars(ws, block);
  throw new Error(`energy '${kind}' has no per-row Hessian scalars`);
}

export function runHessianProducts(ws: Workspace, block: number): void {
  const { kind } = ws.problem;
  if (kind === 'ce') throw new Error('the cross-entropy products are symmetric passes (cross-entropy-hessian.ts)');
  if (kind === 'two-set') return twoSetProducts(ws, block);
  return pairProducts(ws, pairCurvature(kind, ws.problem), block);
}

export function rowRange(block: number, rows: number): [number, number] {
  return [block * ROW_BLOCK, Math.min(rows, (block + 1) * ROW_BLOCK)];
}

function pairProducts(ws: Workspace, f: PairCurvature, block: number): void {
  const { x, hessV: v, hessOut: out, hessRadial: radial } = ws;
  const { d } = ws.problem;
  const rows = ws.rows;
  const [i0, i1] = rowRange(block, rows);
  const der = new Float64Array(2);
  const distance = f.argument === 'distance2';
  for (let i = i0; i < i1; i++) {
    const oi = i * d;
    out.fill(0, oi, oi + d);
    let r = 0;
    for (let j = 0; j < rows; j++) {
      if (j === i) continue;
      const oj = j * d;
      let t = 0;
      let dt = 0;
      if (distance) {
        let xu = 0;
        for (let k = 0; k < d; k++) {
          const u = x[oi + k] - x[oj + k];
          t += u * u;
          dt += u * (v[oi + k] - v[oj + k]);
          xu += x[oi + k] * u;
        }
        f.derivatives(t, der);
        const a = 8 * der[1] * dt;
        const b = 4 * der[0];
        for (let k = 0; k < d; k++) out[oi + k] += a * (x[oi + k] - x[oj + k]) + b * (v[oi + k] - v[oj + k]);
        r += b * xu;
      } else {
        for (let k = 0; k < d; k++) {
          t += x[oi + k] * x[oj + k];
          dt += v[oi + k] * x[oj + k] + x[oi + k] * v[oj + k];
        }
        f.derivatives(t, der);
        const a = 2 * der[1] * dt;
        const b = 2 * der[0];
        for (let k = 0; k < d; k++) out[oi + k] += a * x[oj + k] + b * v[oj + k];
        r += b * t;
      }
    }
    radial[i] = r;
  }
}

const dotRows = (a: Float64Array, oa: number, b: Float64Array, ob: number, d: number) => {
  let acc = 0;
  for (let k = 0; k < d; k++) acc += a[oa + k] * b[ob + k];
  return acc;
};

function twoSetScalars(ws: Workspace, block: number): void {
  const { x, hessV: v, hessRow } = ws;
  const { n, d, s } = ws.problem;
  const w0 = n * d;
  const [i0, i1] = rowRange(block, n);
  for (let i = i0; i < i1; i++) {
    const oh = i * d;
    const b = dotRows(x, oh, x, w0 + oh, d);
    const c = dotRows(v, oh, x, w0 + oh, d) + dotRows(x, oh, v, w0 + oh, d);
    let max = 0;
    let tail = 1; // the j = i term, exp(0)
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const e = s * (dotRows(x, oh, x, w0 + j * d, d) - b);
      if (e <= max) tail += fastExp(e - max);
      else {
        tail = tail * fastExp(max - e) + 1;
        max = e;
      }
    }
    const logZ = max + Math.log(tail);
    let q = 0;
    let delta = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const ow = w0 + j * d;
      const p = fastExp(s * (dotRows(x, oh, x, ow, d) - b) - logZ);
      q += p;
      delta += p * s * (dotRows(v, oh, x, ow, d) + dotRows(x, oh, v, ow, d) - c);
    }
    const o = i * HESS_ROW_SLOTS;
    hessRow[o] = logZ;
    hessRow[o + 1] = q;
    hessRow[o + 2] = delta;
    hessRow[o + 3] = b;
    hessRow[o + 4] = c;
  }
}

/** Rows 0..n-1 are h_i (sums over j), rows n..2n-1 are w_j (sums over i, the column of P). */
function twoSetProducts(ws: Workspace, block: number): void {
  const { x, hessV: v, hessOut: out, hessRadial: radial, hessRow } = ws;
  const { n, d, s } = ws.problem;
  const w0 = n * d;
  const [r0, r1] = rowRange(block, 2 * n);
  const grad = new Float64Array(d);
  for (let row = r0; row < r1; row++) {
    const own = row < n ? row : row - n;
    const oh = own * d;
    const ow = w0 + own * d;
    const orow = row * d;
    out.fill(0, orow, orow + d);
    grad.fill(0);
    for (let m = 0; m < n; m++) {
      if (m === own) continue;
      // the pair (i, j) with P_ij: for an h row i = own, j = m; for a w row j = own, i = m
      const i = row < n ? own : m;
      const j = row < n ? m : own;
      const o = i * HESS_ROW_SLOTS;
      const hi = i * d;
      const wj = w0 + j * d;
      const p = fastExp(s * (dotRows(x, hi, x, wj, d) - hessRow[o + 3]) - hessRow[o]);
      const de = s * (dotRows(v, hi, x, wj, d) + dotRows(x, hi, v, wj, d) - hessRow[o + 4]);
      const dp = p * (de - hessRow[o + 2]);
      // h_i gets s (dP w_j + P dw_j); w_j gets s (dP h_i + P dh_i)
      const partner = row < n ? wj : hi;
      for (let k = 0; k < d; k++) {
        out[orow + k] += s * (dp * x[partner + k] + p * v[partner + k]);
        grad[k] += s * p * x[partner + k];
      }
    }
    const o = own * HESS_ROW_SLOTS;
    const q = hessRow[o + 1];
    const dq = hessRow[o + 2] * (1 - q);
    // h_i gets -s (dq_i w_i + q_i dw_i); w_i gets -s (dq_i h_i + q_i dh_i)
    const partner = row < n ? ow : oh;
    for (let k = 0; k < d; k++) {
      out[orow + k] -= s * (dq * x[partner + k] + q * v[partner + k]);
      grad[k] -= s * q * x[partner + k];
    }
    radial[row] = dotRows(x, orow, grad, 0, d);
  }
}
