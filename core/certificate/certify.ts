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
 *   verdict             saddle when negativeDirections > 0, else degenerate when lambdaMin <=
 *                       threshold, else strict-minimum
 *
 * The threshold is relative to the Hessian's scale |H| (the largest |eigenvalue|, which Lanczos finds
 * first): threshold = max(ZERO_REL |H|, ROTATION_MARGIN r), with r the largest Rayleigh quotient of
 * the Hessian on the rotation modes. Those modes are exact zeros at a critical point, so r measures
 * how far the iterate's Hessian is from the critical point's (at a gradient g they are O(|g|)):
 * nothing below a few r can be told from zero. ZERO_REL = 1e-8 is the floor where the spectrum's
 * relative spread outruns double precision after the O(n^2) sums of the products (about 1e-12
 * relative) with four decades to spare, and where a condition number 1e8 makes a Newton step
 * meaningless anyway.
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
  /** bytes the Lanczos basis may take; default 256 MiB */
  maxBasisBytes?: number;
}

export const ZERO_REL = 1e-8;
export const ROTATION_MARGIN = 10;
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
  const rotationNoise = await rotationRayleigh(points, rows, d, apply, options.seed ?? 1);
  const dimension = rows * (d - 1) - orbit.dimension;
  if (dimension <= 0) {
    return { lambdaMin: 0, negativeDirections: 0, zeroModes: orbit.dimension, gap: 0, verdict: 'degenerate', threshold: 0, products, converged: true };
  }
  const normal = gaussian(mulberry32(options.seed ?? 1));
  const random = () => Float64Array.from({ length: rows * d }, () => normal());
  const start = random();
  const maxBasis = Math.floor((options.maxBasisBytes ?? 256 * 1024 ** 2) / (8 * rows * d));
  const threshold = (scale: number) => Math.max(ZERO_REL * scale, ROTATION_MARGIN * rotationNoise);
  const found = await lanczosLowest({
    start,
    restart: random,
    project,
    apply,
    dimension,
    maxSteps: Math.max(2, Math.min(options.maxSteps ?? FULL_SPECTRUM, maxBasis)),
    tol: RITZ_TOL,
    want: (values, scale) =>
      dimension <= FULL_SPECTRUM
        ? Infinity
        : Math.min(MAX_WANTED, values.filter((v) => v <= threshold(scale)).length + EXTRA_WANTED),
  });
  const tau = threshold(found.scale);
  const values = found.values;
  const negativeDirections = values.filter((v) => v < -tau).length;
  const nearZero = values.filter((v) => Math.abs(v) <= tau).length;
  const lambdaMin = values[0];
  const verdict: Verdict = negativeDirections > 0 ? 'saddle' : lambdaMin <= tau ? 'degenerate' : 'strict-minimum';
  const certificate: Certificate = {
    lambdaMin,
    negativeDirections,
    zeroModes: orbit.dimension + nearZero,
    gap: values.length > 1 ? values[1] - values[0] : 0,
    verdict,
    threshold: tau,
    products,
    converged: found.converged,
  };
  if (verdict === 'saddle') certificate.direction = found.lowestVector;
  return certificate;
}

/** max |<xi, H xi>| / <xi, xi> over a few random rotation modes xi = X A (A antisymmetric, seeded). */
async function rotationRayleigh(
  x: Float64Array,
  rows: number,
  d: number,
  apply: (v: Float64Array, out: Float64Array) => Promise<void>,
  seed: number,
): Promise<number> {
  const normal = gaussian(mulberry32(seed ^ 0x5bd1e995));
  const xi = new Float64Array(rows * d);
  const out = new Float64Array(rows * d);
  const a = new Float64Array(d * d);
  let worst = 0;
  for (let trial = 0; trial < 3; trial++) {
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const value = normal();
        a[p * d + q] = value;
        a[q * d + p] = -value;
      }
    }
    for (let i = 0; i < rows; i++) {
      for (let q = 0; q < d; q++) {
        let acc = 0;
        for (let p = 0; p < d; p++) acc += x[i * d + p] * a[p * d + q];
        xi[i * d + q] = acc;
      }
    }
    const size = innerProduct(xi, xi);
    if (!(size > 0)) continue;
    await apply(xi, out);
    worst = Math.max(worst, Math.abs(innerProduct(xi, out)) / size);
  }
  return worst;
}
