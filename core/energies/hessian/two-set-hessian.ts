import { dot } from '../../points';

/**
 * D^2 L[v] of the two-set energy L = sum_i log Z_i (two-set.ts): rows H (0..n-1) then W (n..2n-1),
 * e_ij = s (<h_i, w_j> - <h_i, w_i>), Z_i = 1 + sum_{j != i} exp(e_ij), P_ij = exp(e_ij) / Z_i,
 * q_i = sum_{j != i} P_ij, and the gradient
 *   dL/dh_i = s (sum_j P_ij w_j - q_i w_i),   dL/dw_j = s sum_{i != j} P_ij h_i - s q_j h_j.
 * Along v = (dh, dw): de_ij = s (<dh_i, w_j - w_i> + <h_i, dw_j - dw_i>), delta_i = sum_j P_ij de_ij,
 * dP_ij = P_ij (de_ij - delta_i), dq_i = delta_i (1 - q_i), and D^2 L[v] is the derivative of the
 * gradient term by term. Exponents reach +2s, so log Z_i comes from a running log-sum-exp and
 * P_ij = exp(e_ij - log Z_i) never overflows.
 */
export function twoSetHessVec(
  s: number,
  x: Float64Array,
  rows: number,
  d: number,
  v: Float64Array,
  out: Float64Array,
  radial: Float64Array,
): void {
  const n = rows / 2;
  const w0 = n * d;
  const exponent = (i: number, j: number) => s * (dot(x, i * d, x, w0 + j * d, d) - dot(x, i * d, x, w0 + i * d, d));
  const slope = (i: number, j: number) =>
    s *
    (dot(v, i * d, x, w0 + j * d, d) -
      dot(v, i * d, x, w0 + i * d, d) +
      dot(x, i * d, v, w0 + j * d, d) -
      dot(x, i * d, v, w0 + i * d, d));
  const logZ = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let max = 0;
    let tail = 1; // the j = i term, exp(0)
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const e = exponent(i, j);
      if (e <= max) tail += Math.exp(e - max);
      else {
        tail = tail * Math.exp(max - e) + 1;
        max = e;
      }
    }
    logZ[i] = max + Math.log(tail);
  }
  const q = new Float64Array(n);
  const delta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const p = Math.exp(exponent(i, j) - logZ[i]);
      q[i] += p;
      delta[i] += p * slope(i, j);
    }
  }
  out.fill(0);
  const grad = new Float64Array(rows * d);
  for (let i = 0; i < n; i++) {
    const oh = i * d;
    const own = w0 + i * d;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const ow = w0 + j * d;
      const p = Math.exp(exponent(i, j) - logZ[i]);
      const dp = p * (slope(i, j) - delta[i]);
      for (let k = 0; k < d; k++) {
        grad[oh + k] += s * p * x[ow + k];
        grad[ow + k] += s * p * x[oh + k];
        out[oh + k] += s * (dp * x[ow + k] + p * v[ow + k]);
        out[ow + k] += s * (dp * x[oh + k] + p * v[oh + k]);
      }
    }
    const dq = delta[i] * (1 - q[i]);
    for (let k = 0; k < d; k++) {
      grad[oh + k] -= s * q[i] * x[own + k];
      grad[own + k] -= s * q[i] * x[oh + k];
      out[oh + k] -= s * (dq * x[own + k] + q[i] * v[own + k]);
      out[own + k] -= s * (dq * x[oh + k] + q[i] * v[oh + k]);
    }
  }
  for (let r = 0; r < rows; r++) radial[r] = dot(x, r * d, grad, r * d, d);
}
