import { moveAlong, workspace, type IterateState } from './iterate';
import { lbfgsStepper } from './lbfgs';
import { maxRadius } from './rtr';
import type { Stepper } from './stepper';
import type { Target } from './target';
import { tcgWork, truncatedCg } from './tcg';
import { rotationOrbit } from '../certificate/orbit';

/**
 * `auto`: L-BFGS while it makes progress, where its steps cost one or two evaluations; then truncated
 * Newton (truncated CG on the exact Hessian, tcg.ts) once it stalls.
 *
 * "Stalls" is HANDOVER_IDLE iterations in which neither the energy nor the gradient improved
 * (stopping.ts's stagnation count, a third of the window that would end the solve); L-BFGS that finds
 * no acceptable step hands over at once. A handover at a fixed relative gradient (1e-3 before) spent
 * Hessian products where L-BFGS was still fast: `npm run bench:solve`, auto against that rule, wall
 * time to the tolerance: 40 x 3 x 1 934 ms (1667), 1000 x 3 x 1 1325 ms (13252, where L-BFGS
 * converges and Newton never starts), 50 x 10 x 1 1294 ms (1845); fewer idle iterations (3, 5) spent
 * 6-7x the products at 40 x 3 x 1, more (20) gave its time to L-BFGS's slow tail.
 *
 * After the handover each step solves the trust-region subproblem by truncated CG and then searches
 * along its solution with the Hager-Zhang line search from the full step (a trust-region method with
 * line search, Nocedal and Yuan 1998), instead of accepting or rejecting it by rho as rtr.ts does.
 * Why: these landscapes have hundreds of Hessian eigenvalues 1e-7 below the largest (n = 40, d = 3,
 * s = 1: eigenvalues from 6e-8 to 1.06 besides the rotations), so at the tolerances asked for the
 * soft directions are still far outside the region where the quadratic model holds; a pure trust
 * region then shrinks and grows its radius on every other step (rho < 0 half the time, measured),
 * while a line search along the Newton-CG direction takes the step the energy allows. The radius
 * follows the accepted step: it doubles when a boundary step is taken whole and becomes the step
 * length when the search cuts it.
 */
export const HANDOVER_IDLE = 10;

export function autoStepper(target: Target, memory: number, interrupted: () => boolean): Stepper {
  const lbfgs = lbfgsStepper(target, memory, interrupted);
  const hessVec = target.hessVec;
  if (!hessVec) throw new Error('auto needs Hessian-vector products, and this target has none');
  const size = target.rows * target.d;
  const d = target.d;
  const tcg = tcgWork(size);
  const work = workspace(size);
  const bar = maxRadius(target.rows);
  const orbit = (x: Float64Array) => {
    const o = rotationOrbit(x, target.rows, d);
    return (v: Float64Array) => o.remove(v);
  };
  const dimension = target.rows * (d - 1);
  const close = (state: IterateState) => state.radius !== undefined || state.stagnation.idle >= HANDOVER_IDLE;

  const newton = async (state: IterateState) => {
    state.radius ??= bar / 8;
    const radius = state.radius;
    const relGrad = target.relativeGradNorm(state.gradNorm, state.energy);
    const { x, grad, value } = state;
    const hess = (v: Float64Array, out: Float64Array) => hessVec(x, value, grad, v, out);
    const sub = await truncatedCg(x, d, grad, relGrad, radius, hess, dimension, interrupted, tcg, orbit(x));
    state.hessVecs = (state.hessVecs ?? 0) + sub.products;
    if (sub.stop === 'interrupted' || !(sub.modelDecrease < 0)) return false;
    work.direction.set(tcg.eta);
    const alpha = await moveAlong(state, target, interrupted, work.direction, 1, work);
    if (alpha === null) return false;
    state.radius = alpha >= 1 && sub.atBoundary ? Math.min(2 * radius, bar) : Math.max(alpha, 1) * radius;
    if (alpha < 1 && sub.atBoundary) state.radius = alpha * radius;
    return true;
  };

  return {
    async step(state) {
      if (close(state)) return newton(state);
      if (await lbfgs.step(state)) return true;
      if (interrupted()) return false;
      return newton(state);
    },
  };
}
