import { dot } from '../points';
import type { RunCertificate } from '../spec/run-result';
import type { ConfigurationInvariants, ConfigurationName } from './schema';
import { icosahedronClasses, polygonClasses, simplexSumClasses, type RowClass } from './shape';

/**
 * Names a configuration of n unit vectors in R^d from its Gram matrix G: the multiset of off-diagonal
 * inner products, the graph of the nonzero ones (its components are the orthogonal summands), the
 * rank of the span, and the frame operator. Two inner products are equal when they differ by at most
 * the tolerance `namingTolerance` (below); a configuration is named only when every entry of its
 * Gram matrix is within the tolerance of the named one's, so a near-miss stays unnamed.
 */

/** Rounding of an inner product of unit vectors in doubles is about (d + 2) eps; this is the margin over it. */
export const ROUNDING_FACTOR = 64;
/** Entries of G move by at most about twice the position error; this leaves a margin of 5 over that. */
export const ACCURACY_FACTOR = 10;
/** Past this tolerance the points are not known well enough to name anything. */
export const MAX_TOLERANCE = 1e-3;
/** G is formed (n^2 doubles) only up to this many points; larger runs are named only as polygons or by properties. */
export const GRAM_LIMIT = 1024;

/**
 * The tolerance on inner products: the larger of the rounding of an inner product and ACCURACY_FACTOR
 * times `accuracy`, the error of the positions (see `positionAccuracy`), capped at MAX_TOLERANCE.
 */
export function namingTolerance(d: number, accuracy: number): number {
  return Math.min(
    MAX_TOLERANCE,
    Math.max(ROUNDING_FACTOR * (d + 2) * Number.EPSILON, ACCURACY_FACTOR * accuracy),
  );
}

/**
 * The position error of a run's final points. Near a nondegenerate minimum it is |grad E| / lambda,
 * lambda the Hessian's lowest eigenvalue off the rotation orbit (rotations leave the Gram matrix, and
 * so the name, unchanged): the certificate's lambdaMin when it proves a strict minimum (a positive
 * lowest value of an unconverged Lanczos, or one within the threshold, proves nothing). Without one,
 * from the relative gradient g = |grad E| / (E - floor) we assume lambda >= sqrt(g) relative to
 * E - floor, which gives the error bound sqrt(g): 3e-5 at the default tolerance 1e-9.
 */
export function positionAccuracy(
  gradNorm: number,
  energy: number,
  floor: number,
  certificate?: Pick<RunCertificate, 'lambdaMin' | 'verdict'> | null,
): number {
  if (certificate?.verdict === 'strict-minimum' && certificate.lambdaMin > 0 && Number.isFinite(gradNorm))
    return gradNorm / certificate.lambdaMin;
  const scale = Math.abs(energy - floor);
  const relative = scale > 0 ? gradNorm / scale : gradNorm;
  return Number.isFinite(relative) ? Math.sqrt(relative) : Infinity;
}

export interface Recognition {
  name: ConfigurationName;
  parts?: number[];
  /** the named configuration's Gram matrix, for its closed-form energies; absent for properties */
  classes?: RowClass[];
  invariants: ConfigurationInvariants;
}

export interface FrameFacts {
  /** FP / max(n, n^2/d) (core/metrics) */
  framePotentialRatio: number;
  /** |X^T X - (n/d) I|_F (core/metrics) */
  tightnessError: number;
}

export function recognise(
  x: Float64Array,
  n: number,
  d: number,
  accuracy: number,
  frame: FrameFacts,
): Recognition {
  const tol = namingTolerance(d, accuracy);
  const near = (a: number, b: number) => Math.abs(a - b) <= tol;
  const basis = spanBasis(x, n, d, tol);
  const gram = n <= GRAM_LIMIT ? gramMatrix(x, n, d) : null;
  const antipodal = isAntipodal(x, n, d, tol);
  // |S - (n/d) I|_F over n unit rows: each entry of S sums n products, each off by at most tol
  const tight = n >= d && frame.tightnessError <= tol * n * Math.sqrt(d);
  const invariants: ConfigurationInvariants = {
    distinctInnerProducts: gram ? distinctOffDiagonal(gram, n, tol) : null,
    rank: basis.length,
    framePotentialRatio: frame.framePotentialRatio,
    antipodal,
    tight,
    tolerance: tol,
  };
  const named = (gram && fromGram(gram, n, d, basis.length, near)) ?? polygon(x, n, d, basis, tol);
  if (named) return { ...named, invariants };
  const property: ConfigurationName = tight ? 'tight-frame' : antipodal ? 'antipodal' : 'unrecognised';
  return { name: property, invariants };
}

type Named = Omit<Recognition, 'invariants'>;

function fromGram(
  g: Float64Array,
  n: number,
  d: number,
  rank: number,
  near: (a: number, b: number) => boolean,
): Named | null {
  const allOff = (value: number) => {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (!near(g[i * n + j]!, value)) return false;
    return true;
  };
  if (n <= d && allOff(0)) return { name: 'orthonormal', classes: simplexSumClasses(Array(n).fill(1)) };
  if (n <= d + 1 && allOff(-1 / (n - 1))) return { name: 'simplex-etf', classes: simplexSumClasses([n]) };
  const parts = orthogonalSimplices(g, n, near);
  if (parts && parts.length > 1) {
    if (parts.every((m) => m === 2)) return { name: 'cross-polytope', classes: simplexSumClasses(parts) };
    return { name: 'simplex-sum', parts, classes: simplexSumClasses(parts) };
  }
  if (n === 12 && rank === 3 && isIcosahedron(g, near))
    return { name: 'icosahedron', classes: icosahedronClasses() };
  return null;
}

/**
 * The components of the graph "G_ij != 0"; when each is a regular simplex (inner products
 * -1/(m-1) inside) the configuration is their orthogonal sum: the sizes, largest first. Else null.
 */
function orthogonalSimplices(
  g: Float64Array,
  n: number,
  near: (a: number, b: number) => boolean,
): number[] | null {
  const component = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  for (let start = 0; start < n; start++) {
    if (component[start] !== -1) continue;
    const id = sizes.length;
    const stack = [start];
    component[start] = id;
    let size = 0;
    while (stack.length > 0) {
      const i = stack.pop()!;
      size++;
      for (let j = 0; j < n; j++)
        if (component[j] === -1 && !near(g[i * n + j]!, 0)) {
          component[j] = id;
          stack.push(j);
        }
    }
    sizes.push(size);
  }
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const m = sizes[component[i]!]!;
      const expected = component[i] === component[j] ? -1 / (m - 1) : 0;
      if (!near(g[i * n + j]!, expected)) return null;
    }
  return sizes.sort((a, b) => b - a);
}

/** 12 points, each with one antipode, five at 1/sqrt 5 and five at -1/sqrt 5: the six equiangular lines of R^3. */
function isIcosahedron(g: Float64Array, near: (a: number, b: number) => boolean): boolean {
  const c = 1 / Math.sqrt(5);
  for (let i = 0; i < 12; i++) {
    let antipodes = 0;
    let plus = 0;
    let minus = 0;
    for (let j = 0; j < 12; j++) {
      if (j === i) continue;
      const v = g[i * 12 + j]!;
      if (near(v, -1)) antipodes++;
      else if (near(v, c)) plus++;
      else if (near(v, -c)) minus++;
    }
    if (antipodes !== 1 || plus !== 5 || minus !== 5) return false;
  }
  return true;
}

/**
 * Points spanning a plane (always when d = 2) that sit at the vertices of a regular n-gon: their
 * angles in an orthonormal basis of the plane are 2 pi / n apart (an angle error e moves the inner
 * products by at most e, so the tolerance applies to angles as it is).
 */
function polygon(x: Float64Array, n: number, d: number, basis: Float64Array[], tol: number): Named | null {
  if (basis.length !== 2 || n < 3) return null;
  const [u, v] = basis as [Float64Array, Float64Array];
  const angles = Array.from({ length: n }, (_, i) => {
    let a = 0;
    let b = 0;
    for (let k = 0; k < d; k++) {
      a += x[i * d + k]! * u[k]!;
      b += x[i * d + k]! * v[k]!;
    }
    return Math.atan2(b, a);
  }).sort((p, q) => p - q);
  const step = (2 * Math.PI) / n;
  for (let i = 0; i < n; i++) {
    const gap = i + 1 < n ? angles[i + 1]! - angles[i]! : angles[0]! + 2 * Math.PI - angles[i]!;
    if (Math.abs(gap - step) > tol) return null;
  }
  return { name: 'polygon', classes: polygonClasses(n) };
}

/**
 * An orthonormal basis of the span of the rows, by Gram-Schmidt with pivoting on the largest
 * residual (twice, for orthogonality to rounding); a residual below `tol` is in the span.
 */
function spanBasis(x: Float64Array, n: number, d: number, tol: number): Float64Array[] {
  const residual = Float64Array.from(x);
  const basis: Float64Array[] = [];
  const norm2 = (i: number) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += residual[i * d + k]! ** 2;
    return s;
  };
  const remove = (q: Float64Array, i: number) => {
    let c = 0;
    for (let k = 0; k < d; k++) c += residual[i * d + k]! * q[k]!;
    for (let k = 0; k < d; k++) residual[i * d + k]! -= c * q[k]!;
  };
  while (basis.length < d) {
    let best = -1;
    let bestNorm = tol * tol;
    for (let i = 0; i < n; i++) {
      const r = norm2(i);
      if (r > bestNorm) {
        best = i;
        bestNorm = r;
      }
    }
    if (best < 0) break;
    const q = residual.slice(best * d, best * d + d);
    for (const p of basis) {
      let c = 0;
      for (let k = 0; k < d; k++) c += q[k]! * p[k]!;
      for (let k = 0; k < d; k++) q[k]! -= c * p[k]!;
    }
    const length = Math.hypot(...q);
    for (let k = 0; k < d; k++) q[k]! /= length;
    basis.push(q);
    for (let i = 0; i < n; i++) remove(q, i);
  }
  return basis;
}

function gramMatrix(x: Float64Array, n: number, d: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const t = dot(x, i * d, x, j * d, d);
      g[i * n + j] = t;
      g[j * n + i] = t;
    }
  return g;
}

/** Every point has a partner at -x_i: an inner product within tol of -1. */
function isAntipodal(x: Float64Array, n: number, d: number, tol: number): boolean {
  for (let i = 0; i < n; i++) {
    let found = false;
    for (let j = 0; j < n && !found; j++) found = j !== i && dot(x, i * d, x, j * d, d) <= -1 + tol;
    if (!found) return false;
  }
  return true;
}

/** Clusters of the sorted off-diagonal inner products, split where consecutive values differ by more than tol. */
function distinctOffDiagonal(g: Float64Array, n: number, tol: number): number {
  const values: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) values.push(g[i * n + j]!);
  values.sort((a, b) => a - b);
  let clusters = values.length > 0 ? 1 : 0;
  for (let k = 1; k < values.length; k++) if (values[k]! - values[k - 1]! > tol) clusters++;
  return clusters;
}
