import { pairGram } from './pair-gram';

/**
 * D^2 E[v] of the cross-entropy energy E = sum_i log Z_i, Z_i = 1 + sum_{j != i} a_ij,
 * a_ij = exp(s (G_ij - 1)) (cross-entropy.ts). With u_i = 1 / Z_i the gradient is
 *   dE/dx_k = s sum_{j != k} a_kj (u_k + u_j) x_j,
 * a sum of symmetric pair terms. Along v, dG_kj = <v_k, x_j> + <x_k, v_j>, da = s a dG and
 * du_i = -u_i delta_i with delta_i = s u_i sum_{j != i} a_ij dG_ij, so
 *   D^2 E[v]_k = sum_{j != k} w1_kj x_j + w2_kj v_j,
 *   w1 = s a (s (u_k + u_j) dG - u_k delta_k - u_j delta_j),   w2 = s a (u_k + u_j),
 * again symmetric in (k, j). Three passes over the pairs i < j: Z and sum a dG, then the products.
 */
export function crossEntropyHessVec(
  s: number,
  x: Float64Array,
  rows: number,
  d: number,
  v: Float64Array,
  out: Float64Array,
  radial: Float64Array,
): void {
  const z = new Float64Array(rows);
  const delta = new Float64Array(rows);
  const t = new Float64Array(2);
  for (let i = 0; i < rows; i++) {
    const oi = i * d;
    for (let j = i + 1; j < rows; j++) {
      const oj = j * d;
      pairGram(x, v, oi, oj, d, t);
      const g = t[0];
      const dg = t[1];
      const a = Math.exp(s * (g - 1));
      z[i] += a;
      z[j] += a;
      delta[i] += a * dg;
      delta[j] += a * dg;
    }
  }
  const u = z;
  for (let i = 0; i < rows; i++) {
    u[i] = 1 / (1 + z[i]);
    delta[i] *= s * u[i];
  }
  out.fill(0);
  radial.fill(0);
  for (let i = 0; i < rows; i++) {
    const oi = i * d;
    for (let j = i + 1; j < rows; j++) {
      const oj = j * d;
      pairGram(x, v, oi, oj, d, t);
      const g = t[0];
      const dg = t[1];
      const a = Math.exp(s * (g - 1));
      const w2 = s * a * (u[i] + u[j]);
      const w1 = s * a * (s * (u[i] + u[j]) * dg - u[i] * delta[i] - u[j] * delta[j]);
      for (let k = 0; k < d; k++) {
        out[oi + k] += w1 * x[oj + k] + w2 * v[oj + k];
        out[oj + k] += w1 * x[oi + k] + w2 * v[oi + k];
      }
      radial[i] += w2 * g;
      radial[j] += w2 * g;
    }
  }
}
