import type { EuclideanHessVec, RiemannianHessVec } from './types';

/**
 * Hess E(x)[v]_i = (I - x_i x_i^T) (D^2 E(x)[v])_i - <x_i, dE/dx_i> v_i for unit rows x_i and tangent
 * v_i (Absil, Mahony and Sepulchre, "Optimization Algorithms on Matrix Manifolds", 5.5 and 7.4; the
 * sphere's Weingarten map is P_x(-u) v <x, u> for a normal u). `v` must be tangent; out is tangent.
 */
export function riemannianHessVec(euclidean: EuclideanHessVec, rows: number, d: number): RiemannianHessVec {
  const radial = new Float64Array(rows);
  return async (x, v, out) => {
    await euclidean(x, v, out, radial);
    for (let i = 0; i < rows; i++) {
      const o = i * d;
      let ip = 0;
      for (let k = o; k < o + d; k++) ip += x[k] * out[k];
      const r = radial[i];
      for (let k = o; k < o + d; k++) out[k] = out[k] - ip * x[k] - r * v[k];
    }
  };
}
