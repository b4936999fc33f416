/**
 * G_ij = <x_i, x_j> and its derivative along v, dG_ij = <v_i, x_j> + <x_i, v_j>, for the rows at
 * offsets oi and oj, into out[0] and out[1]: the two numbers every pair term of the Hessian-vector
 * products of the inner-product energies starts from.
 */
export function pairGram(x: Float64Array, v: Float64Array, oi: number, oj: number, d: number, out: Float64Array): void {
  let g = 0;
  let dg = 0;
  for (let k = 0; k < d; k++) {
    g += x[oi + k] * x[oj + k];
    dg += v[oi + k] * x[oj + k] + x[oi + k] * v[oj + k];
  }
  out[0] = g;
  out[1] = dg;
}
