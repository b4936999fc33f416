import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { innerProduct } from '../sphere';

/**
 * Lanczos with full reorthogonalization for the lowest eigenvalues of a symmetric operator on a
 * subspace (the caller's `project` maps into it; the operator must map it into itself). Full
 * reorthogonalization keeps the basis orthogonal to rounding, so Ritz values are trustworthy and no
 * ghost copies appear; it costs O(k size) per step, far below the O(n^2 d) of one product.
 *
 * Stops when the lowest `want` Ritz values have residual bounds |beta_k s_ki| <= tol * scale (scale the
 * largest |Ritz value|, an estimate of |H| that Lanczos gets early), when the basis spans the whole
 * subspace (the Ritz values are then its eigenvalues, with multiplicity), or at maxSteps. When the
 * basis spans an invariant subspace before that (beta ~ 0) it goes on from a fresh random vector
 * orthogonal to the basis: one Krylov space sees each distinct eigenvalue once, and the symmetric
 * configurations of interest have multiple eigenvalues. Multiplicities beyond what `maxSteps` steps
 * reach can be missed, which the caller must say (`converged` tells whether the wanted values settled).
 */
export interface LanczosResult {
  /** Ritz values, ascending */
  values: number[];
  /** residual bound of each Ritz value (there is an eigenvalue within it) */
  residuals: number[];
  /** the unit Ritz vector of values[0] */
  lowestVector: Float64Array;
  steps: number;
  /** max |Ritz value| */
  scale: number;
  /** all asked-for values converged, or the whole subspace was spanned */
  converged: boolean;
}

export interface LanczosOptions {
  start: Float64Array;
  /** another random vector, for a fresh start after an invariant subspace */
  restart: () => Float64Array;
  project: (v: Float64Array) => void;
  apply: (v: Float64Array, out: Float64Array) => Promise<void>;
  /** the subspace's dimension (an upper bound on the steps) */
  dimension: number;
  maxSteps: number;
  /** how many of the lowest values must converge, from the Ritz values so far; 'all': run to the dimension */
  want: ((values: number[], scale: number) => number) | 'all';
  tol: number;
}

const CHECK_EVERY = 5;
/** beta below this fraction of |H|: the Krylov space is invariant to working accuracy */
const BREAKDOWN = 1e-8;

export async function lanczosLowest(options: LanczosOptions): Promise<LanczosResult> {
  const { project, apply, tol } = options;
  const limit = Math.max(1, Math.min(options.maxSteps, options.dimension));
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q: Float64Array = Float64Array.from(options.start);
  project(q);
  normalize(q);
  const w = new Float64Array(q.length);
  let result: LanczosResult | null = null;
  for (let k = 0; k < limit; k++) {
    basis.push(q);
    await apply(q, w);
    project(w);
    const a = innerProduct(q, w);
    alpha.push(a);
    // full reorthogonalization, twice ("twice is enough", Parlett), then back into the subspace:
    // rounding in the projection grows by 1/beta when w is scaled to the next basis vector
    orthogonalize(w, basis);
    project(w);
    orthogonalize(w, basis);
    const b = Math.sqrt(innerProduct(w, w));
    const last = k + 1 === limit;
    const scaleSoFar = Math.max(...alpha.map(Math.abs), ...beta);
    const invariant = b <= BREAKDOWN * Math.max(scaleSoFar, Number.MIN_VALUE);
    // the tridiagonal eigenproblem costs O(k^3): check every CHECK_EVERY steps, or every tenth of k
    const check = options.want !== 'all' && (k + 1) % Math.max(CHECK_EVERY, Math.floor(k / 10)) === 0;
    if (last || check) {
      result = ritz(alpha, beta, b, basis, basis.length === options.dimension);
      const want = options.want === 'all' ? Infinity : options.want(result.values, result.scale);
      const done =
        result.converged || (want <= result.values.length && result.residuals.slice(0, want).every((r) => r <= tol * result!.scale));
      if (done || last) return { ...result, converged: result.converged || done };
    }
    if (invariant) {
      // A Krylov space is blind to multiplicity; a fresh start orthogonal to it finds the other copies.
      beta.push(0);
      q = freshStart(basis, project, options.restart);
      continue;
    }
    beta.push(b);
    q = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) q[i] = w[i] / b;
  }
  return result!;
}

/** A unit vector of the subspace orthogonal to the basis (twice orthogonalized), from `random`. */
function freshStart(basis: Float64Array[], project: (v: Float64Array) => void, random: () => Float64Array): Float64Array {
  const q = random();
  project(q);
  orthogonalize(q, basis);
  project(q);
  orthogonalize(q, basis);
  normalize(q);
  return q;
}

function orthogonalize(w: Float64Array, basis: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const b of basis) {
      const c = innerProduct(b, w);
      for (let i = 0; i < w.length; i++) w[i] -= c * b[i];
    }
  }
}

function normalize(v: Float64Array): void {
  const n = Math.sqrt(innerProduct(v, v));
  for (let i = 0; i < v.length; i++) v[i] /= n;
}

/** Eigenpairs of the tridiagonal T_k and the Ritz data; `exact` when the basis spans an invariant subspace. */
function ritz(alpha: number[], beta: number[], next: number, basis: Float64Array[], exact: boolean): LanczosResult {
  const k = alpha.length;
  const t = new Matrix(k, k);
  for (let i = 0; i < k; i++) {
    t.set(i, i, alpha[i]);
    if (i + 1 < k) {
      t.set(i, i + 1, beta[i]);
      t.set(i + 1, i, beta[i]);
    }
  }
  const eig = new EigenvalueDecomposition(t, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const vectors = eig.eigenvectorMatrix;
  const residuals = values.map((_, j) => (exact ? 0 : Math.abs(next * vectors.get(k - 1, j))));
  const lowestVector = new Float64Array(basis[0].length);
  for (let i = 0; i < k; i++) {
    const c = vectors.get(i, 0);
    const b = basis[i];
    for (let m = 0; m < lowestVector.length; m++) lowestVector[m] += c * b[m];
  }
  normalize(lowestVector);
  const scale = Math.max(...values.map(Math.abs));
  return { values, residuals, lowestVector, steps: k, scale, converged: exact };
}
