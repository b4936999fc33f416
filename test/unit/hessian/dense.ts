import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { Energy } from '../../../core/energies';
import { rotationOrbit } from '../../../core/certificate';
import { finiteDifferenceHessVec } from './fd';

/**
 * The spectrum of the Riemannian Hessian on the complement of the rotation orbit, from a dense
 * matrix of finite differences of the Riemannian gradient (fd.ts): independent of the analytic
 * Hessian-vector products the certificate uses. Basis: per row the coordinate vectors projected to
 * the tangent space, the orbit removed, orthonormalized by an SVD.
 */
export function denseComplementSpectrum(energy: Energy, x: Float64Array, rows: number, d: number, h: number): number[] {
  const orbit = rotationOrbit(x, rows, d);
  const size = rows * d;
  const columns: Float64Array[] = [];
  for (let k = 0; k < size; k++) {
    const v = new Float64Array(size);
    const i = Math.floor(k / d);
    v[k] = 1;
    for (let t = 0; t < d; t++) v[i * d + t] -= x[k] * x[i * d + t];
    orbit.remove(v);
    columns.push(v);
  }
  const a = new Matrix(columns.map((c) => [...c])).transpose();
  // the left singular vectors of the largest singular values span the complement
  const svd = new SingularValueDecomposition(a, { autoTranspose: true });
  const u = svd.leftSingularVectors;
  const dimension = rows * (d - 1) - orbit.dimension;
  const order = svd.diagonal.map((value, k) => [value, k]).sort((p, q) => q[0] - p[0]);
  const basis = order.slice(0, dimension).map(([, k]) => Float64Array.from(u.getColumn(k)));
  const hb = basis.map((b) => finiteDifferenceHessVec(energy, x, rows, d, b, h));
  const m = new Matrix(dimension, dimension);
  for (let p = 0; p < dimension; p++) {
    for (let s = 0; s < dimension; s++) {
      let acc = 0;
      for (let k = 0; k < size; k++) acc += basis[p][k] * hb[s][k];
      m.set(p, s, acc);
    }
  }
  const sym = m.add(m.transpose()).mul(0.5);
  return new EigenvalueDecomposition(sym, { assumeSymmetric: true }).realEigenvalues;
}
