import { innerProduct, projectToTangent } from '../sphere';

/**
 * Truncated conjugate gradients (Steihaug-Toint) for the trust-region subproblem
 *   min m(eta) = <g, eta> + 1/2 <eta, H eta>   over tangent eta with |eta| <= radius,
 * as in Manopt's tCG.m (Absil, Baker and Gallivan, Found. Comput. Math. 7 (2007) 303-330) without a
 * preconditioner. CG from eta = 0 stops at the boundary (or along a direction of non-positive
 * curvature, which it follows to the boundary: that is how the method leaves saddles), when the model
 * stops decreasing, or when the residual is small enough for superlinear convergence:
 *   |r| <= |g| min(relGrad^theta, kappa),   theta = 1 (quadratic), kappa = 0.1,
 * with relGrad the relative gradient |g| / |value scale| rather than Manopt's |g|, so that the rule
 * does not depend on the units of the energy (totals grow with n^2).
 *
 * `deflate` removes the rotation orbit (core/certificate/orbit.ts) from the residual, the products and
 * the directions: CG then works on P H P over the orbit's complement. Without it the rotation modes,
 * whose eigenvalues are O(|g|) near a critical point, draw CG's steps along directions that change
 * nothing and spoil its convergence (measured: every subproblem ran to the dimension limit).
 */
export type TcgStop = 'negative-curvature' | 'exceeded-radius' | 'converged' | 'model-increased' | 'max-inner' | 'interrupted';

export interface TcgResult {
  stop: TcgStop;
  /** Hessian-vector products used */
  products: number;
  /** m(eta) - m(0) = <g, eta> + 1/2 <eta, H eta> */
  modelDecrease: number;
  /** true when eta lies on the trust-region boundary */
  atBoundary: boolean;
}

const THETA = 1;
const KAPPA = 0.1;

export interface TcgWork {
  eta: Float64Array;
  hEta: Float64Array;
  r: Float64Array;
  delta: Float64Array;
  hDelta: Float64Array;
}

export function tcgWork(size: number): TcgWork {
  const v = () => new Float64Array(size);
  return { eta: v(), hEta: v(), r: v(), delta: v(), hDelta: v() };
}

export async function truncatedCg(
  x: Float64Array,
  d: number,
  g: Float64Array,
  relGrad: number,
  radius: number,
  hess: (v: Float64Array, out: Float64Array) => Promise<void>,
  maxInner: number,
  interrupted: () => boolean,
  work: TcgWork,
  deflate: (v: Float64Array) => void,
): Promise<TcgResult> {
  const { eta, hEta, r, delta, hDelta } = work;
  eta.fill(0);
  hEta.fill(0);
  r.set(g);
  deflate(r);
  let rr = innerProduct(r, r);
  const normR0 = Math.sqrt(rr);
  const target = normR0 * Math.min(relGrad ** THETA, KAPPA);
  for (let k = 0; k < delta.length; k++) delta[k] = -r[k];
  // <eta, eta>, <eta, delta>, <delta, delta>, kept by recurrences as in tCG.m
  let ee = 0;
  let ed = 0;
  let dd = rr;
  let model = 0;
  let products = 0;
  const radius2 = radius * radius;
  const toBoundary = (stop: TcgStop): TcgResult => {
    const tau = (-ed + Math.sqrt(ed * ed + dd * (radius2 - ee))) / dd;
    for (let k = 0; k < eta.length; k++) {
      eta[k] += tau * delta[k];
      hEta[k] += tau * hDelta[k];
    }
    return { stop, products, modelDecrease: innerProduct(g, eta) + 0.5 * innerProduct(eta, hEta), atBoundary: true };
  };
  for (let j = 0; j < maxInner; j++) {
    if (interrupted()) return { stop: 'interrupted', products, modelDecrease: model, atBoundary: false };
    await hess(delta, hDelta);
    deflate(hDelta);
    products++;
    const dHd = innerProduct(delta, hDelta);
    const alpha = rr / dHd;
    const eeNew = ee + 2 * alpha * ed + alpha * alpha * dd;
    if (!(dHd > 0)) return toBoundary('negative-curvature');
    if (eeNew >= radius2) return toBoundary('exceeded-radius');
    // the model along the CG path must decrease; rounding can break that near convergence
    let gEta = 0;
    let etaHEta = 0;
    for (let k = 0; k < eta.length; k++) {
      const e = eta[k] + alpha * delta[k];
      const he = hEta[k] + alpha * hDelta[k];
      gEta += g[k] * e;
      etaHEta += e * he;
    }
    const modelNew = gEta + 0.5 * etaHEta;
    if (modelNew >= model) return { stop: 'model-increased', products, modelDecrease: model, atBoundary: false };
    for (let k = 0; k < eta.length; k++) {
      eta[k] += alpha * delta[k];
      hEta[k] += alpha * hDelta[k];
      r[k] += alpha * hDelta[k];
    }
    model = modelNew;
    ee = eeNew;
    const rrOld = rr;
    rr = innerProduct(r, r);
    if (Math.sqrt(rr) <= target) return { stop: 'converged', products, modelDecrease: model, atBoundary: false };
    const beta = rr / rrOld;
    for (let k = 0; k < delta.length; k++) delta[k] = -r[k] + beta * delta[k];
    // rounding moves delta off the tangent space over many steps; put it back, as tCG.m does
    projectToTangent(x, delta, d);
    deflate(delta);
    ed = beta * (ed + alpha * dd);
    dd = rr + beta * beta * dd;
  }
  return { stop: 'max-inner', products, modelDecrease: model, atBoundary: false };
}
