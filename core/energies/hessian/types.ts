/**
 * Second derivatives of the energies (issue 13). An energy's Hessian-vector product is given in
 * Euclidean form, of the same extension to R^(rows x d) whose gradient core/energies computes:
 *   out = D^2 E(x)[v]   and   radial[i] = <x_i, dE/dx_i>,
 * and `riemannianHessVec` turns it into the Riemannian Hessian on the product of spheres (metric
 * inherited from R^(rows x d)): Hess E(x)[v]_i = P_i (D^2 E(x)[v])_i - <x_i, dE/dx_i> v_i, the last
 * term the Weingarten map of the unit sphere. The radial coefficient must be of the same extension
 * as D^2 E, which is why every product reports its own.
 */
export type EuclideanHessVec = (
  x: Float64Array,
  v: Float64Array,
  out: Float64Array,
  radial: Float64Array,
) => void | Promise<void>;

/** Riemannian Hessian of E at x applied to a tangent v, into out (tangent at x). */
export type RiemannianHessVec = (x: Float64Array, v: Float64Array, out: Float64Array) => Promise<void>;
