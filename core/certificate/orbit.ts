import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * The tangent space of the rotation orbit {X Q : Q in O(d)} at X (rows x d): the vectors X A with A
 * antisymmetric. Every energy here is rotation invariant, so these are zero modes of the Hessian at a
 * critical point, d(d-1)/2 of them when the rows span R^d and d(d-1)/2 - (d-m)(d-m-1)/2 when they span
 * an m-dimensional subspace (the rotations of its complement fix every row).
 *
 * Projection: the orthogonal projection of V onto {X A} is X A* with A* the antisymmetric solution of
 *   M A + A M = X^T V - V^T X,   M = X^T X
 * (the normal equations of min |V - X A|^2 over antisymmetric A). In the eigenbasis M = Q L Q^T this is
 * (l_a + l_b) A~_ab = (Q^T C Q)_ab, so one d x d eigendecomposition serves every projection, each
 * O(rows d^2), and no basis of rows x d vectors (d(d-1)/2 of them) is ever stored. Pairs with
 * l_a + l_b below SPAN_TOL l_max are directions the rows do not span: no orbit direction there.
 */
const SPAN_TOL = 1e-10;

export interface RotationOrbit {
  /** the orbit's dimension at X: the number of rotation zero modes */
  readonly dimension: number;
  /** v <- v - (projection of v onto the orbit tangent space) */
  remove(v: Float64Array): void;
}

export function rotationOrbit(x: Float64Array, rows: number, d: number): RotationOrbit {
  const m = new Matrix(d, d);
  for (let i = 0; i < rows; i++) {
    const o = i * d;
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) m.set(a, b, m.get(a, b) + x[o + a] * x[o + b]);
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) m.set(a, b, m.get(b, a));
  const eig = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const l = eig.realEigenvalues;
  const q = eig.eigenvectorMatrix;
  const floor = SPAN_TOL * Math.max(...l.map(Math.abs));
  const inverse = new Matrix(d, d);
  let dimension = 0;
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      const sum = l[a] + l[b];
      if (a !== b && sum > floor) {
        inverse.set(a, b, 1 / sum);
        if (a < b) dimension++;
      }
    }
  }
  const c = new Float64Array(d * d);
  const xa = new Float64Array(d);
  return {
    dimension,
    remove(v) {
      if (dimension === 0) return;
      // C = X^T V - V^T X
      c.fill(0);
      for (let i = 0; i < rows; i++) {
        const o = i * d;
        for (let a = 0; a < d; a++) {
          for (let b = 0; b < d; b++) c[a * d + b] += x[o + a] * v[o + b] - v[o + a] * x[o + b];
        }
      }
      const ct = q.transpose().mmul(Matrix.from1DArray(d, d, c)).mmul(q);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) ct.set(a, b, ct.get(a, b) * inverse.get(a, b));
      const amat = q.mmul(ct).mmul(q.transpose()).to1DArray();
      for (let i = 0; i < rows; i++) {
        const o = i * d;
        for (let b = 0; b < d; b++) {
          let acc = 0;
          for (let a = 0; a < d; a++) acc += x[o + a] * amat[a * d + b];
          xa[b] = acc;
        }
        for (let b = 0; b < d; b++) v[o + b] -= xa[b];
      }
    },
  };
}
