import { makeEnergy, type EnergyKind } from '../energies';
import { makeHessVec, riemannianHessVec, type EuclideanHessVec } from '../energies/hessian';
import { gaussian, mulberry32 } from '../random';
import { innerProduct, projectToTangent } from '../sphere';
import { lanczosLowest } from './lanczos';
import { rotationOrbit } from './orbit';

/**
 * The second-order certificate of a configuration (issue 13, section 2): the lowest eigenvalues of the
 * Riemannian Hessian of E on the product of spheres (metric inherited from R^(rows x d)), restricted
 * to the complement of the rotation orbit, by Lanczos on Hessian-vector products (lanczos.ts) with the
 * orbit projected out explicitly at every step (orbit.ts).
 *
 *   lambdaMin           the lowest eigenvalue on the complement
 *   negativeDirections  eigenvalues below -threshold
 *   zeroModes           the rotation zero modes projected out (d(d-1)/2, fewer when the rows span
 *                       less than R^d) plus the eigenvalues on the complement within +-threshold
 *   gap                 lambda_2 - lambda_1 on the complement: how isolated the lowest mode is (a
 *                       small gap means the lowest two modes may swap under a small change of s)
 *   verdict             saddle when negativeDirections > 0, else strict-minimum when lambdaMin >
 *                       threshold and Lanczos converged, else degenerate (flat directions, or not
 *                       certified within the step budget)
 * lambdaMin and gap are reported as exactly 0 where they are within the threshold: what the run
 * cannot tell from zero (rounding, distance from the critical point) is not shown as data.
 *
 * The threshold is relative to the Hessian's scale |H| (the largest |eigenvalue|, which Lanczos finds
 * first) and to how far the point may be from a critical point:
 *   threshold = max(ZERO_REL |H|, sqrt(|H| |g|)),   |g| the Riemannian gradient norm of E at the point.
 * Why the square root: an eigenvalue lambda of the iterate's Hessian belongs to a critical point at
 * distance up to |g| / |lambda| along its eigenvector, where the Hessian differs by about
 * L3 |g| / |lambda| (L3 the third-derivative scale, taken as |H|: the kernels' derivatives grow alike);
 * lambda is told apart from zero only when |lambda| exceeds that shift, i.e. lambda^2 > |H| |g|. The
 * flat landscapes of small s need it: at n = 200, d = 3, s = 1, L-BFGS stopped at relative gradient
 * 8e-10 where the iterate's Hessian has 143 eigenvalues near -6e-7 against |H| = 3, none of them
 * meaningful at |g| = 7e-7 (threshold 1.4e-3). ZERO_REL = 1e-8 is the floor at an exact critical
 * point: the products' rounding (about 1e-12 relative after the O(n^2) sums) with four decades to
 * spare.
 */
export interface CertificateProblem {
  energy: EnergyKind;
  n: number;
  d: number;
  s: number;
  alpha: number;
}

export type Verdict = 'strict-minimum' | 'saddle' | 'degenerate';

export interface Certificate {
  lambdaMin: number;
  negativeDirections: number;
  zeroModes: number;
  gap: number;
  verdict: Verdict;
  /** unit tangent eigenvector of lambdaMin when the verdict is saddle: the way down */
  direction?: Float64Array;
  /** what counted as zero */
  threshold: number;
  /** Hessian-vector products used */
  products: number;
  /** false when Lanczos stopped at maxSteps before the lowest values settled */
  converged: boolean;
}

export interface CertifyOptions {
  /** Euclidean Hessian-vector product (core/energies/hessian/types.ts); default the reference one */
  hessVec?: EuclideanHessVec;
  /** seed of Lanczos's start vector; default 1 */
  seed?: number;
  /** Lanczos steps at most; default FULL_SPECTRUM */
  maxSteps?: number;
  /** Riemannian gradient norm of E at the points; default: computed with the reference energy */
  gradNorm?: number;
  /** bytes the Lanczos basis may take; default 256 MiB */
  maxBasisBytes?: number;
}

export const ZERO_REL = 1e-8;
/** Ritz residuals relative to |H| that count as converged */
const RITZ_TOL = 1e-10;
/** lowest values wanted beyond the non-positive ones: lambda_1 and lambda_2 for the gap */
const EXTRA_WANTED = 2;
const MAX_WANTED = 12;
/**
 * Up to this dimension of the complement Lanczos runs to the whole space, so the spectrum comes with
 * its multiplicities (symmetric configurations have multiple lowest eigenvalues, and a Krylov space
 * sees each distinct one once). Above it, it stops once the lowest values settle; a multiple lowest
 * eigenvalue then counts once in negativeDirections and the gap is to the next distinct value.
 */
export const FULL_SPECTRUM = 600;

export async function certify(
  problem: CertificateProblem,
  points: Float64Array,
  options: CertifyOptions = {},
): Promise<Certificate> {
  const { d } = problem;
  const rows = makeEnergy(problem.energy, problem).rows(problem.n);
  if (points.length !== rows * d) throw new Error(`certify: ${points.length} numbers given, ${rows} x ${d} expected`);
  const reference = makeHessVec(problem.energy, problem);
  const euclidean: EuclideanHessVec =
    options.hessVec ?? ((x, v, out, radial) => reference(x, rows, d, v, out, radial));
  const hess = riemannianHessVec(euclidean, rows, d);
  const orbit = rotationOrbit(points, rows, d);
  let products = 0;
  const apply = async (v: Float64Array, out: Float64Array) => {
    await hess(points, v, out);
    products++;
  };
  const project = (v: Float64Array) => {
    projectToTangent(points, v, d);
    orbit.remove(v);
  };
  const gradNorm = options.gradNorm ?? riemannianGradNorm(problem, points, rows);
  const dimension = rows * (d - 1) - orbit.dimension;
  if (dimension <= 0) {
    return { lambdaMin: 0, negativeDirections: 0, zeroModes: orbit.dimension, gap: 0, verdict: 'degenerate', threshold: 0, products, converged: true };
  }
  const normal = gaussian(mulberry32(options.seed ?? 1));
  const random = () => Float64Array.from({ length: rows * d }, () => normal());
  const start = random();
  const maxBasis = Math.floor((options.maxBasisBytes ?? 256 * 1024 ** 2) / (8 * rows * d));
  const threshold = (scale: number) => Math.max(ZERO_REL * scale, Math.sqrt(scale * gradNorm));
  const found = await lanczosLowest({
    start,
    restart: random,
    project,
    apply,
    dimension,
    maxSteps: Math.max(2, Math.min(options.maxSteps ?? FULL_SPECTRUM, maxBasis)),
    tol: RITZ_TOL,
    want:
      dimension <= FULL_SPECTRUM
        ? 'all'
        : (values, scale) => Math.min(MAX_WANTED, values.filter((v) => v <= threshold(scale)).length + EXTRA_WANTED),
  });
  const tau = threshold(found.scale);
  const values = found.values;
  const negativeDirections = values.filter((v) => v < -tau).length;
  const nearZero = values.filter((v) => Math.abs(v) <= tau).length;
  const lambdaMin = values[0];
  // A negative Ritz value is a Rayleigh quotient, so it proves a negative eigenvalue even before
  // Lanczos settles; a positive lowest one proves nothing until it has (lower eigenvalues may be unseen).
  const certified = found.converged && lambdaMin > tau;
  const verdict: Verdict = negativeDirections > 0 ? 'saddle' : certified ? 'strict-minimum' : 'degenerate';
  const gap = values.length > 1 ? values[1] - values[0] : 0;
  const certificate: Certificate = {
    // what the run cannot tell from zero is reported as zero, not as rounding noise
    lambdaMin: Math.abs(lambdaMin) <= tau ? 0 : lambdaMin,
    negativeDirections,
    zeroModes: orbit.dimension + nearZero,
    gap: gap <= tau ? 0 : gap,
    verdict,
    threshold: tau,
    products,
    converged: found.converged,
  };
  if (verdict === 'saddle') certificate.direction = found.lowestVector;
  return certificate;
}

function riemannianGradNorm(problem: CertificateProblem, x: Float64Array, rows: number): number {
  const g = new Float64Array(x.length);
  makeEnergy(problem.energy, problem).evaluate(x, rows, problem.d, g);
  projectToTangent(x, g, problem.d);
  return Math.sqrt(innerProduct(g, g));
}
