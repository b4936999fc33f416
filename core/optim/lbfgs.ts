import { innerProduct, projectToTangent } from '../sphere';
import {
  initialStep,
  moveAlong,
  transportedStep,
  workspace,
  type IterateState,
  type MemoryPair,
} from './iterate';
import type { Stepper } from './stepper';
import type { Target } from './target';

/**
 * Riemannian L-BFGS on the product of spheres (docs/math.md#lbfgs; Huang, Gallivan and Absil, SIAM J.
 * Optim. 25 (2015)): the two-loop recursion, retraction x / |x|, and the Hager-Zhang line search
 * from the full step 1. Each pair is made at the point it ends at (s and y tangent there) and then
 * kept as it is, in the embedding R^(n x d); the two-loop's direction is projected onto the tangent
 * space at x. Carrying every pair along by projection at every iteration (the vector transport of
 * the paper and of Manopt) shortens the pairs and breaks their secant relation <s, y> = 1 / rho: it
 * took 2-2.5x the iterations of scipy's L-BFGS-B on the normalized parametrization (330 against 137
 * at n = 1000, d = 3, s = 1; 134 without it, `npm run bench:solve`).
 *
 * A pair (s, y) is kept only when <s, y> / <s, s> >= 1e-4 |g| (the cautious update of Li and
 * Fukushima), which keeps the inverse-Hessian model positive definite without a Wolfe guarantee on
 * the sphere. When the model gives no descent direction or its step fails, the memory is dropped and
 * the iteration retries along -g.
 */
const CAUTIOUS = 1e-4;

export function lbfgsStepper(target: Target, memory: number, interrupted: () => boolean): Stepper {
  const work = workspace(target.rows * target.d);
  const d = target.d;

  const steepest = (state: IterateState) => {
    state.memory = [];
    const p = work.direction;
    for (let i = 0; i < p.length; i++) p[i] = -state.grad[i];
    return initialStep(state, p, -state.gradNorm * state.gradNorm);
  };

  // Adds (s, y) for the step just made, both tangent at the new point; work.x and work.grad hold the
  // old point and gradient, and s and y are formed in place in the workspace.
  const remember = (state: IterateState, alpha: number) => {
    const s = transportedStep(work.x, work.direction, alpha, state.x, d, work.direction);
    const y = projectToTangent(state.x, work.grad, d);
    for (let i = 0; i < y.length; i++) y[i] = state.grad[i] - y[i];
    const sy = innerProduct(s, y);
    if (!(sy > 0 && sy >= CAUTIOUS * state.gradNorm * innerProduct(s, s))) return;
    const pair =
      state.memory.length >= memory
        ? state.memory.shift()!
        : { s: new Float64Array(s.length), y: new Float64Array(y.length), rho: 0 };
    pair.s.set(s);
    pair.y.set(y);
    pair.rho = 1 / sy;
    state.memory.push(pair);
  };

  // p = -H g, projected onto the tangent space at x; returns <g, p>
  const modelDirection = (state: IterateState) => {
    twoLoop(state.memory, state.grad, work.direction);
    return innerProduct(state.grad, projectToTangent(state.x, work.direction, d));
  };

  return {
    async step(state) {
      let alpha0 = 1;
      if (state.memory.length === 0 || !(modelDirection(state) < 0)) {
        alpha0 = steepest(state);
      }
      let alpha = await moveAlong(state, target, interrupted, work.direction, alpha0, work);
      if (alpha === null && state.memory.length > 0) {
        alpha = await moveAlong(state, target, interrupted, work.direction, steepest(state), work);
      }
      if (alpha === null) return false;
      remember(state, alpha);
      return true;
    },
  };
}

/** p = -H g by the two-loop recursion with H_0 = (<s, y> / <y, y>) I of the newest pair. */
function twoLoop(memory: MemoryPair[], g: Float64Array, p: Float64Array): void {
  p.set(g);
  const coef = new Float64Array(memory.length);
  for (let i = memory.length - 1; i >= 0; i--) {
    const { s, y, rho } = memory[i];
    const a = rho * innerProduct(s, p);
    coef[i] = a;
    for (let k = 0; k < p.length; k++) p[k] -= a * y[k];
  }
  const newest = memory[memory.length - 1];
  const gamma = innerProduct(newest.s, newest.y) / innerProduct(newest.y, newest.y);
  for (let k = 0; k < p.length; k++) p[k] *= gamma;
  for (let i = 0; i < memory.length; i++) {
    const { s, y, rho } = memory[i];
    const b = coef[i] - rho * innerProduct(y, p);
    for (let k = 0; k < p.length; k++) p[k] += b * s[k];
  }
  for (let k = 0; k < p.length; k++) p[k] = -p[k];
}
