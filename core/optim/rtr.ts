import { norm, retract } from '../sphere';
import type { IterateState } from './iterate';
import type { Stepper } from './stepper';
import type { Target } from './target';
import { tcgWork, truncatedCg } from './tcg';
import { rotationOrbit } from '../certificate/orbit';

/**
 * Riemannian trust-region method (Absil, Baker and Gallivan 2007; Manopt's trustregions.m): at x,
 * truncated CG (tcg.ts) solves the quadratic model inside the radius, the candidate R_x(eta) is
 * accepted when the actual decrease is at least RHO_PRIME of the predicted one, and the radius shrinks
 * by 4 when rho < 1/4 and doubles (up to MAX_RADIUS) when rho > 3/4 with the step on the boundary.
 * Near a nondegenerate minimum the steps are Newton steps and convergence is quadratic (the CG
 * tolerance is |g| min(relGrad, 0.1)).
 *
 * The radius lives in the iterate state (`radius`), so a checkpoint continues the same way. One
 * iteration is one trust-region subproblem, accepted or not; a run of rejections is what the
 * stagnation rule (stopping.ts) ends.
 */
const RHO_PRIME = 0.1;
/**
 * Manopt's rho regularization: near convergence f(x) - f(x+) and the model decrease are both at the
 * rounding of f, and adding 1e3 eps max(1, |f|) to both keeps rho meaningful (close to 1).
 */
const RHO_REGULARIZATION = 1e3;

/** Manopt's Delta_bar for a product of spheres: the typical distance pi sqrt(rows); Delta0 = Delta_bar / 8. */
export function maxRadius(rows: number): number {
  return Math.PI * Math.sqrt(rows);
}

export function rtrStepper(target: Target, interrupted: () => boolean): Stepper {
  const hessVec = target.hessVec;
  if (!hessVec) throw new Error('the trust-region method needs Hessian-vector products, and this target has none');
  const size = target.rows * target.d;
  const d = target.d;
  const work = tcgWork(size);
  const candidate = new Float64Array(size);
  const candidateGrad = new Float64Array(size);
  const bar = maxRadius(target.rows);
  const orbit = (x: Float64Array) => {
    const o = rotationOrbit(x, target.rows, d);
    return (v: Float64Array) => o.remove(v);
  };
  // the tangent space of a product of rows spheres in R^d
  const dimension = target.rows * (d - 1);

  return {
    async step(state: IterateState) {
      state.radius ??= bar / 8;
      const radius = state.radius;
      const relGrad = target.relativeGradNorm(state.gradNorm, state.energy);
      const { x, grad, value } = state;
      const hess = (v: Float64Array, out: Float64Array) => hessVec(x, value, grad, v, out);
      const sub = await truncatedCg(x, d, grad, relGrad, radius, hess, dimension, interrupted, work, orbit(x));
      state.hessVecs = (state.hessVecs ?? 0) + sub.products;
      if (sub.stop === 'interrupted') return false;
      retract(x, work.eta, 1, d, candidate);
      const next = await target.evaluate(candidate, candidateGrad);
      state.evaluations++;
      const reg = RHO_REGULARIZATION * Number.EPSILON * Math.max(1, Math.abs(state.value));
      const predicted = -sub.modelDecrease;
      const rho = (state.value - next.value + reg) / (predicted + reg);
      if (!(rho >= 0.25) || !(predicted > 0)) state.radius = radius / 4;
      else if (rho > 0.75 && sub.atBoundary) state.radius = Math.min(2 * radius, bar);
      if (predicted > 0 && rho > RHO_PRIME && Number.isFinite(next.value)) {
        state.step = norm(work.eta);
        state.x.set(candidate);
        state.grad.set(candidateGrad);
        state.value = next.value;
        state.energy = next.energy;
        state.gradNorm = norm(state.grad);
      }
      return true;
    },
  };
}
