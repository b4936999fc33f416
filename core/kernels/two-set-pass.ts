import { fastExp } from './fast-exp';
import { J_BLOCK, ROW_BLOCK, type Workspace } from './layout';
import { gatherRow, gramRow } from './rows';

/**
 * Two-set energy, math.md section 1: L_s(H, W) = sum_i log Z_i with Z_i = 1 + sum_{j != i} a_ij,
 * a_ij = exp(s <h_i, w_j - w_i>), and its gradient
 *   dL/dh_i = s (sum_{j != i} a_ij w_j / Z_i - (1 - 1/Z_i) w_i),
 *   dL/dw_j = s sum_{i != j} (a_ij / Z_i) h_i - s (1 - 1/Z_j) h_j.
 * No symmetry to exploit, so every output row is computed by one task in a fixed order: row tasks
 * (blocks of i) give Z_i and dL/dh_i, column tasks (blocks of j) give dL/dw_j. H is rows 0..n-1 of
 * x, W rows n..2n-1. The row pass leaves Z_i in z and <h_i, w_i> in diag; the driver inverts z.
 */
const rowBuffer = new Float64Array(J_BLOCK);

export function twoSetTasks(n: number): number {
  return Math.ceil(n / ROW_BLOCK);
}

export function runTwoSetRows(ws: Workspace, withGrad: boolean, block: number): void {
  const { x, grad, z, diag } = ws;
  const { n, d, s } = ws.problem;
  const w = rowBuffer;
  const i1 = Math.min(n, (block + 1) * ROW_BLOCK);
  for (let i = block * ROW_BLOCK; i < i1; i++) {
    const oi = i * d;
    let b = 0;
    for (let k = 0; k < d; k++) b += x[oi + k] * x[(n + i) * d + k];
    diag[i] = b;
    if (withGrad) grad.fill(0, oi, oi + d);
    let zi = 1;
    for (let jb = 0; jb < n; jb += J_BLOCK) {
      const jEnd = Math.min(jb + J_BLOCK, n);
      const m = jEnd - jb;
      gramRow(x, i, n + jb, n + jEnd, d, w);
      for (let t = 0; t < m; t++) w[t] = fastExp(s * (w[t] - b));
      if (i >= jb && i < jEnd) w[i - jb] = 0;
      for (let t = 0; t < m; t++) zi += w[t];
      if (withGrad) gatherRow(x, n + jb, n + jEnd, d, w, grad, oi);
    }
    z[i] = zi;
    if (withGrad) {
      const own = 1 - 1 / zi;
      for (let k = 0; k < d; k++) grad[oi + k] = s * (grad[oi + k] / zi - own * x[(n + i) * d + k]);
    }
  }
}

/** Needs z = 1/Z_i and diag from the row pass. */
export function runTwoSetColumns(ws: Workspace, block: number): void {
  const { x, grad, z, diag } = ws;
  const { n, d, s } = ws.problem;
  const w = rowBuffer;
  const j1 = Math.min(n, (block + 1) * ROW_BLOCK);
  for (let j = block * ROW_BLOCK; j < j1; j++) {
    const oj = (n + j) * d;
    grad.fill(0, oj, oj + d);
    for (let ib = 0; ib < n; ib += J_BLOCK) {
      const iEnd = Math.min(ib + J_BLOCK, n);
      const m = iEnd - ib;
      gramRow(x, n + j, ib, iEnd, d, w);
      for (let t = 0; t < m; t++) w[t] = fastExp(s * (w[t] - diag[ib + t])) * z[ib + t];
      if (j >= ib && j < iEnd) w[j - ib] = 0;
      gatherRow(x, ib, iEnd, d, w, grad, oj);
    }
    const own = 1 - z[j];
    for (let k = 0; k < d; k++) grad[oj + k] = s * grad[oj + k] - s * own * x[j * d + k];
  }
}
