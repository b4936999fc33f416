import { fastExp } from './fast-exp';
import { J_BLOCK, ROW_BLOCK } from './blocks';
import type { Workspace } from './layout';

/**
 * Two-set energy, docs/math.md#two-set: L_s(H, W) = sum_i log Z_i with Z_i = 1 + sum_{j != i} a_ij,
 * a_ij = exp(e_ij), e_ij = s (<h_i, w_j> - <h_i, w_i>), P_ij = a_ij / Z_i, q_i = 1 - 1/Z_i, and
 *   dL/dh_i = s (sum_{j != i} P_ij w_j - q_i w_i),   dL/dw_j = s sum_{i != j} P_ij h_i - s q_j h_j.
 * Exponents reach +2s, so each row keeps an online log-sum-exp (running maximum m_i >= 0, updated
 * once per block of j). No symmetry to exploit: every output row is computed by one task in a fixed
 * order. Row tasks (blocks of i) give log Z_i (in z), q_i (in aux), <h_i, w_i> (in diag) and dL/dh_i;
 * column tasks (blocks of j) give dL/dw_j. H is rows 0..n-1 of x, W rows n..2n-1.
 */
export function runTwoSetRows(ws: Workspace, withGrad: boolean, block: number): void {
  const { x, grad, z, aux, diag } = ws;
  const { n, d, s } = ws.problem;
  const w = ws.scratch;
  const { gram, gather } = ws.stages;
  const i1 = Math.min(n, (block + 1) * ROW_BLOCK);
  for (let i = block * ROW_BLOCK; i < i1; i++) {
    const oi = i * d;
    let b = 0;
    for (let k = 0; k < d; k++) b += x[oi + k] * x[(n + i) * d + k];
    diag[i] = b;
    if (withGrad) grad.fill(0, oi, oi + d);
    let max = 0;
    let tail = 0;
    for (let jb = 0; jb < n; jb += J_BLOCK) {
      const jEnd = Math.min(jb + J_BLOCK, n);
      const m = jEnd - jb;
      gram(x, i, n + jb, n + jEnd, d, w);
      let blockMax = -Infinity;
      for (let t = 0; t < m; t++) {
        w[t] = s * (w[t] - b);
        if (w[t] > blockMax && t !== i - jb) blockMax = w[t];
      }
      if (blockMax > max) {
        const rescale = Math.exp(max - blockMax);
        tail *= rescale;
        if (withGrad) for (let k = 0; k < d; k++) grad[oi + k] *= rescale;
        max = blockMax;
      }
      for (let t = 0; t < m; t++) w[t] = fastExp(w[t] - max);
      if (i >= jb && i < jEnd) w[i - jb] = 0;
      for (let t = 0; t < m; t++) tail += w[t];
      if (withGrad) gather(x, n + jb, n + jEnd, d, w, grad, oi);
    }
    const self = Math.exp(-max);
    z[i] = max === 0 ? Math.log1p(tail) : max + Math.log(tail + self);
    const q = tail / (tail + self);
    aux[i] = q;
    if (withGrad) {
      const inv = 1 / (tail + self);
      for (let k = 0; k < d; k++) grad[oi + k] = s * (grad[oi + k] * inv - q * x[(n + i) * d + k]);
    }
  }
}

/** Needs log Z_i, q_i and <h_i, w_i> from the row pass. */
export function runTwoSetColumns(ws: Workspace, block: number): void {
  const { x, grad, z, aux, diag } = ws;
  const { n, d, s } = ws.problem;
  const w = ws.scratch;
  const { gram, gather } = ws.stages;
  const j1 = Math.min(n, (block + 1) * ROW_BLOCK);
  for (let j = block * ROW_BLOCK; j < j1; j++) {
    const oj = (n + j) * d;
    grad.fill(0, oj, oj + d);
    for (let ib = 0; ib < n; ib += J_BLOCK) {
      const iEnd = Math.min(ib + J_BLOCK, n);
      const m = iEnd - ib;
      gram(x, n + j, ib, iEnd, d, w);
      for (let t = 0; t < m; t++) w[t] = fastExp(s * (w[t] - diag[ib + t]) - z[ib + t]);
      if (j >= ib && j < iEnd) w[j - ib] = 0;
      gather(x, ib, iEnd, d, w, grad, oj);
    }
    const q = aux[j];
    for (let k = 0; k < d; k++) grad[oj + k] = s * (grad[oj + k] - q * x[j * d + k]);
  }
}
